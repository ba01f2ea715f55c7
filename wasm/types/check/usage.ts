// A portal developer's use of the npm package, type-checked with `tsc --noEmit` against the built
// packages (scripts/test-portal.sh; wasm/types/check/run.mjs maps "minzheng" to target/pkg-web and
// "minzheng-node" to target/pkg-node). Lines marked @ts-expect-error must stay errors.

import init, {
  apiNames,
  calculate,
  calculateJson,
  call,
  engineVersion,
  errorCodes,
  type ApiName,
  type CalculationRequest,
  type CalculationResult,
  type Eligibility,
  type ErrorCode,
  type MinzhengError,
  type ProgrammeResult,
} from "minzheng";
import * as node from "minzheng-node";

await init();

const request: CalculationRequest = {
  calculation_date: "2025-07-01",
  household: {
    district: "tianhe",
    area: "urban",
    members: [
      { id: "a", age: 45, hukou: "guangzhou", income: { wages: "1500", employment_costs: 0 } },
      { id: "b", birth_date: "2013-05-01", hukou: "guangzhou", disability: { category: "mental", grade: 2 } },
    ],
    assets: { deposits: "8000.00" },
  },
  options: { explain: false },
};

const result: CalculationResult = calculate(request);
const total: string = result.monthly_total;
const first: ProgrammeResult | undefined = result.programmes[0];
if (first) {
  const status: Eligibility = first.status;
  const amount: string = first.monthly_amount;
  const why: string | undefined = first.reason?.message_zh;
  const basis: string | undefined = first.reason?.citation.number;
  const illustrative: boolean = first.line_items.some((item) =>
    item.parameters.some((p) => p.status === "illustrative"),
  );
  console.log(status, amount, why, basis, illustrative, total);
}
for (const w of result.warnings) console.log(w.code, w.message_zh, w.parameter ?? "");

const viaCall = call("calculate", request);
const same: CalculationResult = viaCall;
const text: string = calculateJson(JSON.stringify(request));
const names: string[] = apiNames();
const typed: ApiName = "calculate";
const codes: ErrorCode[] = errorCodes();
const version: string = engineVersion();
console.log(same, text, names, typed, codes, version);

try {
  calculate(request);
} catch (e) {
  const error = e as MinzhengError;
  const code: ErrorCode = error.code;
  const path: string = error.path;
  const message: string = error.message;
  console.log(code, path, message);
}

// The Node build has the same typed functions and no init.
const fromNode: CalculationResult = node.calculate(request);
console.log(fromNode.receipt.engine_version);

// @ts-expect-error a district outside Guangzhou is not a District
calculate({ ...request, household: { ...request.household, district: "shenzhen" } });
// @ts-expect-error a misspelt income kind is not a field
calculate({ ...request, household: { ...request.household, members: [{ id: "a", hukou: "guangzhou", income: { wage: "1" } }] } });
// @ts-expect-error money in results is a string, not a number
const asNumber: number = result.monthly_total;
// @ts-expect-error an unknown API has no request type
call("no_such_api", {});
// @ts-expect-error an error code outside the stable set
const badCode: ErrorCode = "oops";
console.log(asNumber, badCode);
