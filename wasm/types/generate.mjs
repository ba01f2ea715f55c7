#!/usr/bin/env node
// Generates wasm/types/minzheng-types.d.ts, the TypeScript declarations of the wire format, from
// the JSON Schemas in schema/*.schema.json (themselves generated from the Rust types).
//
//   node wasm/types/generate.mjs           rewrite the file
//   node wasm/types/generate.mjs --check   fail if the committed file is not current
//
// No dependencies: a small translator for the subset of JSON Schema that schemars emits ($ref to
// $defs, oneOf/anyOf of consts or types, type arrays, objects with required lists, arrays). Each
// schema's title names its root type; its $defs become named types, shared between schemas when
// they translate to the same text, prefixed with the root title when they differ.
//
// The few places where the wire output is narrower than its schema are listed in OVERRIDES below.

import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const schemaDir = join(root, "schema");
const outFile = join(here, "minzheng-types.d.ts");

/**
 * Where the engine's output is narrower than the schema says. Result schemas describe output:
 *
 * - `Money` in output is always a decimal string ("1118.00"); only requests accept integers.
 * - Fields the engine leaves out when empty (`skip_serializing_if`) but the schemas, generated
 *   for deserialisation (schemars' default contract), list as required. Generating the result
 *   schemas with `SchemaSettings::draft2020_12().for_serialize()` would make these entries
 *   no-ops.
 */
const OVERRIDES = {
  outputRef: { Money: "MoneyString" },
  outputOptional: {
    Citation: ["number", "article", "url"],
    ParameterUse: ["note"],
    ProgrammeResult: ["one_off_items"],
  },
  // Names that would shadow JavaScript globals (Error, Date, Number) in a module that imports them.
  rename: { Error: "ErrorData", Date: "DateString", Number: "DecimalString" },
};

/**
 * Which API a schema file belongs to, and whether it is its request or its result:
 * `request.schema.json` / `result.schema.json` are the `calculate` API's;
 * `<api>.request.schema.json` / `<api>.result.schema.json` are API `<api>`'s; others (the error)
 * belong to no API.
 */
function role(file) {
  const m = /^(?:([a-z0-9_]+)\.)?(request|result)\.schema\.json$/.exec(file);
  return m ? { api: m[1] ?? "calculate", part: m[2] } : null;
}

function jsdoc(lines, indent = "") {
  const text = lines.filter((l) => l !== undefined && l !== "").join("\n\n").replaceAll("*/", "*\\/");
  if (!text) return "";
  const body = text.split("\n").map((l) => `${indent} *${l ? " " + l : ""}`);
  return `${indent}/**\n${body.join("\n")}\n${indent} */\n`;
}

const identifier = (name) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name));

/** Translates schemas into named declarations. */
class Translator {
  constructor() {
    /** name -> { text, origin } */
    this.decls = new Map();
  }

  /** Adds one schema file; `output` when it describes what the engine returns. Returns the root type's name. */
  addSchema(schema, file, output) {
    const title = schema.title;
    if (!title) throw new Error(`${file}: no title`);
    const rootName = OVERRIDES.rename[title] ?? title;
    const defs = schema.$defs ?? {};
    // Decide each def's TypeScript name first: shared when the text is identical.
    const names = {};
    const texts = {};
    for (const name of Object.keys(defs)) names[name] = OVERRIDES.rename[name] ?? name;
    if (output) Object.assign(names, OVERRIDES.outputRef);
    const ctx = { names, output, file };
    const own = Object.keys(defs).filter((name) => !(output && OVERRIDES.outputRef[name]));
    // A def whose text differs from an existing declaration of the same name gets the root's
    // name as a prefix; renaming one can change the text of others that refer to it, so repeat
    // until nothing changes.
    // A def identical to an existing declaration under another name (a renamed copy from an
    // earlier schema) reuses that name.
    const bodyOf = (text, tsName) => text.replace(new RegExp(`^export (interface|type) ${tsName}\\b`, "m"), "export $1 _");
    const byBody = new Map([...this.decls].map(([n, d]) => [bodyOf(d.text, n), n]));
    for (let changed = true; changed; ) {
      changed = false;
      for (const name of own) {
        const text = this.declaration(names[name], defs[name], ctx, name);
        const same = byBody.get(bodyOf(text, names[name]));
        if (same && same !== names[name]) {
          names[name] = same;
          changed = true;
          continue;
        }
        const existing = this.decls.get(names[name]);
        if (existing && existing.text !== text) {
          if (names[name].startsWith(rootName)) {
            throw new Error(`${file}: ${names[name]} differs from its definition in ${existing.origin}`);
          }
          names[name] = `${rootName}${names[name]}`;
          changed = true;
        }
      }
    }
    for (const name of own) {
      if (!this.decls.has(names[name])) {
        this.decls.set(names[name], { text: this.declaration(names[name], defs[name], ctx, name), origin: file });
      }
    }
    const rootSchema = { ...schema };
    delete rootSchema.$defs;
    delete rootSchema.$schema;
    const text = this.declaration(rootName, rootSchema, ctx, title);
    const existing = this.decls.get(rootName);
    // Two APIs may return the same type (temporary_assistance and rescue_food_allowance both
    // return a ProgrammeCalculation): reuse it when the definitions agree.
    if (existing && existing.text !== text) {
      throw new Error(`${file}: ${rootName} differs from its definition in ${existing.origin}`);
    }
    if (!existing) this.decls.set(rootName, { text, origin: file });
    return rootName;
  }

  /** One named declaration: an interface for an object with properties, else a type alias. */
  declaration(tsName, schema, ctx, schemaName = tsName) {
    const doc = [schema.description, ...this.constDocs(schema)];
    if (schema.type === "object" && schema.properties) {
      return `${jsdoc(doc)}export interface ${tsName} ${this.objectBody(schema, ctx, schemaName, "")}\n`;
    }
    return `${jsdoc(doc)}export type ${tsName} = ${this.type(schema, ctx, "")};\n`;
  }

  /** For a union of documented constants, one line per constant. */
  constDocs(schema) {
    const alts = schema.oneOf ?? schema.anyOf;
    if (!alts || !alts.every((a) => "const" in a)) return [];
    return [alts.map((a) => `- \`${JSON.stringify(a.const)}\`${a.description ? ": " + a.description : ""}`).join("\n")];
  }

  objectBody(schema, ctx, schemaName, indent) {
    const required = new Set(schema.required ?? []);
    const optionalOverride = ctx.output ? OVERRIDES.outputOptional[schemaName] ?? [] : [];
    const inner = indent + "  ";
    const lines = [];
    for (const [prop, propSchema] of Object.entries(schema.properties)) {
      const optional = !required.has(prop) || optionalOverride.includes(prop);
      const doc = [propSchema.description];
      if ("default" in propSchema) doc.push(`@default ${JSON.stringify(propSchema.default)}`);
      if (optionalOverride.includes(prop)) doc.push("Omitted when empty.");
      lines.push(
        `${jsdoc(doc, inner)}${inner}${identifier(prop)}${optional ? "?" : ""}: ${this.type(propSchema, ctx, inner)};`,
      );
    }
    if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
      lines.push(`${inner}[key: string]: ${this.type(schema.additionalProperties, ctx, inner)};`);
    }
    return `{\n${lines.join("\n")}\n${indent}}`;
  }

  type(schema, ctx, indent) {
    if (schema === true || schema === undefined) return "unknown";
    if (schema === false) return "never";
    if (schema.$ref) {
      const m = /^#\/\$defs\/(.+)$/.exec(schema.$ref);
      if (!m) throw new Error(`${ctx.file}: unsupported $ref ${schema.$ref}`);
      const name = ctx.names[m[1]];
      if (!name) throw new Error(`${ctx.file}: unknown $ref ${schema.$ref}`);
      return name;
    }
    if ("const" in schema) return JSON.stringify(schema.const);
    if (schema.enum) return union(schema.enum.map((v) => JSON.stringify(v)));
    const alts = schema.oneOf ?? schema.anyOf;
    if (alts) return union(alts.map((a) => this.type(a, ctx, indent)));
    if (schema.allOf && schema.allOf.length === 1) return this.type(schema.allOf[0], ctx, indent);
    if (Array.isArray(schema.type)) {
      return union(schema.type.map((t) => this.type({ ...schema, type: t }, ctx, indent)));
    }
    switch (schema.type) {
      case "string":
        return "string";
      case "integer":
      case "number":
        return "number";
      case "boolean":
        return "boolean";
      case "null":
        return "null";
      case "array": {
        if (schema.prefixItems) {
          return `[${schema.prefixItems.map((s) => this.type(s, ctx, indent)).join(", ")}]`;
        }
        const item = this.type(schema.items, ctx, indent);
        return /[|&\s]/.test(item) && !/^[{[]/.test(item) ? `Array<${item}>` : `${item}[]`;
      }
      case "object":
        if (schema.properties) return this.objectBody(schema, ctx, "", indent);
        if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
          return `Record<string, ${this.type(schema.additionalProperties, ctx, indent)}>`;
        }
        return "Record<string, unknown>";
      case undefined:
        return "unknown";
      default:
        throw new Error(`${ctx.file}: unsupported type ${schema.type}`);
    }
  }
}

function union(members) {
  return [...new Set(members)].join(" | ");
}

export function generate() {
  const files = readdirSync(schemaDir)
    .filter((f) => f.endsWith(".schema.json"))
    .sort();
  const t = new Translator();
  const apis = new Map();
  for (const file of files) {
    const r = role(file);
    const name = t.addSchema(JSON.parse(readFileSync(join(schemaDir, file), "utf8")), `schema/${file}`, r?.part === "result");
    if (r) apis.set(r.api, { ...apis.get(r.api), [r.part]: name });
  }
  const apiLines = [...apis.entries()]
    .sort(([a], [b]) => (a === "calculate" ? -1 : b === "calculate" ? 1 : a < b ? -1 : 1))
    .map(([api, { request, result }]) => {
      if (!request || !result) throw new Error(`API ${api}: a request schema and a result schema are needed`);
      return `  ${identifier(api)}: { request: ${request}; result: ${result} };`;
    });
  const header = `// The wire format of minzheng: requests, results and errors of every API.
//
// GENERATED by wasm/types/generate.mjs from ${files.map((f) => "schema/" + f).join(", ")}.
// Do not edit; run \`node wasm/types/generate.mjs\` after regenerating the schemas.
//
// Money and exact decimals are strings ("1118.00"); requests may also give money as a whole
// number. Dates are "YYYY-MM-DD" strings.

/** An amount in 元 as results give it: a decimal string with two decimals ("1118.00"). */
export type MoneyString = string;
`;
  const body = [...t.decls.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d.text)
    .join("\n");
  const apiDecl = `/**
 * Every wire API with declarations, by name, with its request and result types (one pair of
 * schema files each: request/result.schema.json for \`calculate\`, <api>.request/result.schema.json
 * for the others).
 */
export interface Apis {
${apiLines.join("\n")}
}
`;
  return `${header}\n${apiDecl}\n${catalogues()}\n${body}`;
}

/**
 * The reason and warning codes as string unions, from the catalogues schema/reasons.json and
 * schema/warnings.json (generated from the engine's enums): a `reason.code` is a `ReasonCode`,
 * a `warnings[].code` a `WarningCode`.
 */
function catalogues() {
  const union = (file, key, name, what) => {
    const doc = JSON.parse(readFileSync(join(schemaDir, file), "utf8"));
    const lines = doc[key].map((c) => `  // ${c.title_zh}; ${c.title_en}\n  | ${JSON.stringify(c.code)}`);
    return `/** Every ${what} code (schema/${file}). */\nexport type ${name} =\n${lines.join("\n")};\n`;
  };
  return [
    union("reasons.json", "reasons", "ReasonCode", "reason"),
    union("warnings.json", "warnings", "WarningCode", "warning"),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("generate.mjs")) {
  const text = generate();
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(outFile, "utf8");
    } catch {
      // missing: reported below
    }
    if (current !== text) {
      console.error(
        "wasm/types/minzheng-types.d.ts is not current with schema/*.schema.json: run `node wasm/types/generate.mjs`",
      );
      process.exit(1);
    }
    console.log(`wasm/types/minzheng-types.d.ts is current (${t_count(text)} declarations)`);
  } else {
    writeFileSync(outFile, text);
    console.log(`wrote wasm/types/minzheng-types.d.ts (${t_count(text)} declarations)`);
  }
}

function t_count(text) {
  return (text.match(/^export (interface|type) /gm) ?? []).length;
}
