// One household through the WASM package in Node (target/pkg-node, built by scripts/test-wasm.sh).
//   node benches/side/node_latency.mjs PKG_DIR OUT.json
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const mz = require(path.resolve(process.argv[2], "minzheng.js"));
const household = {
  calculation_date: "2025-09-01",
  options: { explain: false },
  household: {
    district: "tianhe", area: "urban",
    members: [
      { id: "a", age: 45, hukou: "guangzhou", income: { wages: "2800", employment_costs: "300" } },
      { id: "b", age: 43, hukou: "guangzhou", disability: { category: "physical", grade: 2 } },
      { id: "c", age: 10, hukou: "guangzhou" },
    ],
    assets: { deposits: "8000" },
  },
};
const text = JSON.stringify(household);
function time(f) {
  for (let i = 0; i < 200; i++) f();
  let runs = 0;
  const t = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < 2_000_000_000n) {
    f();
    runs++;
    elapsed = process.hrtime.bigint() - t;
  }
  return Number(elapsed) / 1000 / runs;
}
const out = {
  wasm_object_us: time(() => mz.calculate(household)),
  wasm_json_us: time(() => mz.calculateJson ? mz.calculateJson(text) : mz.calculate_json(text)),
};
writeFileSync(process.argv[3], JSON.stringify(out));
