// Typed entry point of the npm package `minzheng` (package.json "types").
//
// wasm-bindgen declares the exports in minzheng.d.ts with `any` for requests and results; this
// file re-exports that module and redeclares the functions with the wire types of
// minzheng-types.d.ts (generated from schema/*.schema.json). Local declarations take precedence
// over `export *`. The values are plain JavaScript data: objects, arrays, strings, numbers,
// booleans and null; money and exact decimals are strings.
//
// wasm/types/install.mjs copies this file into a built package (and, for the web target, adds
// the re-export of the default `init` function).

import type { Apis, CalculationRequest, CalculationResult, ErrorCode } from "./minzheng-types.js";

export * from "./minzheng.js";
export * from "./minzheng-types.js";

/**
 * What every function of the package throws for a request it cannot handle: a JavaScript
 * `Error` whose `message` explains the problem, with a stable `code` and the `path` of the
 * offending field (`"household.members[1].income.wages"`; `""` for the request as a whole;
 * `"api"` for an unknown API name). "Not eligible" is a result, never an error.
 */
export interface MinzhengError extends Error {
  /** Stable machine code (see `errorCodes()`). */
  readonly code: ErrorCode;
  /** Path of the offending field in the request; `""` for the request as a whole. */
  readonly path: string;
}

/**
 * The name of a wire API with declarations (`Apis`, generated from the schemas). `apiNames()`
 * lists every API of the build; `callJson` reaches any of them.
 */
export type ApiName = keyof Apis;
/** The request type of API `A`. */
export type ApiRequest<A extends ApiName> = Apis[A]["request"];
/** The result type of API `A`. */
export type ApiResult<A extends ApiName> = Apis[A]["result"];

/**
 * Calls the wire API named `api` with a request given as a plain object and returns the result
 * as a plain object.
 *
 * @throws {MinzhengError} for a request that cannot be handled; `code: "invalid_value",
 *   path: "api"` for an unknown API.
 */
export function call<A extends ApiName>(api: A, request: ApiRequest<A>): ApiResult<A>;

/**
 * Calls the wire API named `api` with a request given as JSON text and returns the result as
 * JSON text (identical to `JSON.stringify(call(api, JSON.parse(request)))`).
 *
 * @throws {MinzhengError}
 */
export function callJson(api: string, request: string | Uint8Array): string;

/**
 * Calculates every programme for a household (the `"calculate"` API).
 *
 * @throws {MinzhengError}
 */
export function calculate(request: CalculationRequest): CalculationResult;

/**
 * `calculate` with JSON text in and out.
 *
 * @throws {MinzhengError}
 */
export function calculateJson(request: string | Uint8Array): string;

/** The names of every wire API of this build. */
export function apiNames(): string[];

/** Every stable error code the engine can throw. */
export function errorCodes(): ErrorCode[];

/** The engine version, as recorded in every receipt. */
export function engineVersion(): string;
