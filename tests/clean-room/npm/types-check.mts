// Compiled with tsc --noEmit in the scratch project (scripts/test-clean-room.sh): the package's
// declarations resolve through its "exports" and type a request, a result and the error.
import init, { calculate, type CalculationRequest, type MinzhengError } from "minzheng";

await init();
const request: CalculationRequest = {
  calculation_date: "2025-07-01",
  household: { district: "tianhe", area: "urban", members: [{ id: "a", age: 45, hukou: "guangzhou" }] },
};
const total: string = calculate(request).monthly_total;
const version: string = calculate(request).receipt.engine_version;
try {
  calculate(request);
} catch (e) {
  const error = e as MinzhengError;
  console.log(error.code, error.path, total, version);
}
