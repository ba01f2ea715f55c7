"""Writes the fuzz seeds: every request of tests/vectors/ and tests/malformed/ as a fuzz input
`<api>\n<request>` in fuzz/corpus/call_json/ (and every reform in fuzz/corpus/reform/).

    python3 fuzz/make_seeds.py          (from the repository root; idempotent)
"""

import hashlib
import json
import pathlib

import tomllib

root = pathlib.Path(__file__).resolve().parent.parent
out = root / "fuzz" / "corpus" / "call_json"
out.mkdir(parents=True, exist_ok=True)
reform_out = root / "fuzz" / "corpus" / "reform"
reform_out.mkdir(parents=True, exist_ok=True)

count = 0
for folder in ("tests/vectors", "tests/malformed"):
    for path in sorted((root / folder).glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        api = case.get("api", "calculate")
        if "request_json" in case:
            text = case["request_json"]
        elif "request" in case:
            text = json.dumps(case["request"], ensure_ascii=False, separators=(",", ":"))
        else:
            continue  # a generated case: the harness makes those itself
        if api == "calculate_reform":
            (reform_out / f"seed-{path.stem}").write_text(text, encoding="utf-8")
            continue
        data = f"{api}\n{text}".encode("utf-8", "surrogatepass")
        name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
        (out / name).write_bytes(data)
        count += 1
# Reform seeds: every parameter key overridden to 0 and to its largest allowed value, on two
# households that reach most programmes.
HOUSEHOLDS = [
    {
        "calculation_date": "2025-07-01",
        "household": {
            "district": "tianhe",
            "area": "urban",
            "members": [
                {"id": "a", "age": 45, "hukou": "guangzhou", "income": {"wages": "800"}},
                {
                    "id": "b",
                    "age": 72,
                    "hukou": "guangzhou",
                    "supporters": "none",
                    "disability": {"category": "physical", "grade": 1},
                    "home_care_funding": ["type1"],
                    "meal_aid": {
                        "meals": 20,
                        "meal_price": "15",
                        "delivered_meals": 4,
                        "care_level": 3,
                    },
                },
                {"id": "c", "age": 10, "hukou": "guangzhou", "flags": {"orphan": True}},
                {
                    "id": "d",
                    "age": 95,
                    "hukou": "guangzhou",
                    "supporters": "unable",
                    "ability_level": "severe",
                },
                {
                    "id": "e",
                    "age": 30,
                    "hukou": "guangzhou",
                    "disability": {"category": "mental", "grade": 2},
                    "flags": {"serious_illness": True},
                },
            ],
            "rigid_expenditure": {"basic_living": "20000", "medical_out_of_pocket": "30000"},
        },
        "back_pay": {"previous_standard": "1200", "months": 6},
        "price_indices": {"cpi_yoy_percent": "3.6", "food_cpi_yoy_percent": "8"},
    },
    {
        "calculation_date": "2026-03-01",
        "household": {
            "district": "huangpu",
            "area": "rural",
            "members": [
                {"id": "a", "age": 45, "hukou": "guangzhou", "income": {"wages": "3000"}},
                {
                    "id": "b",
                    "age": 40,
                    "hukou": "guangzhou",
                    "disability": {"category": "intellectual", "grade": 3},
                },
            ],
        },
    },
]
reforms = 0
for path in sorted((root / "core" / "parameters").glob("*.toml")):
    for p in tomllib.loads(path.read_text(encoding="utf-8")).get("parameter", []):
        top = "1000000000000" if p["unit"].startswith("yuan") else "1000000"
        for i, value in enumerate(["0", top]):
            request = {
                "request": HOUSEHOLDS[i],
                "reform": {
                    "name": "seed",
                    "overrides": [{"key": p["key"], "value": value, "from": "2025-01-01"}],
                },
            }
            text = json.dumps(request, ensure_ascii=False, separators=(",", ":"))
            (reform_out / f"seed-{p['key']}-{i}").write_text(text, encoding="utf-8")
            reforms += 1
# Reform seeds with many overrides, around the limit of 10,000 (`input_too_large` at
# `reform.overrides` above it): one-day overrides on consecutive days (the case that was quadratic
# before applying a reform became O(n log n)), spread over several keys and regions, ending open,
# and with the last two overlapping (`conflicting_fields`, found only after sorting). They are up to
# ~700 KB: run the reform target with `-max_len=1048576` for libFuzzer to read them whole.
MAX_OVERRIDES = 10_000

def day(n):
    import datetime

    return (datetime.date(2000, 1, 1) + datetime.timedelta(days=n)).isoformat()


def many(count, *, keys=("dibao.standard",), overlap=False, open_end=False, region=None):
    overrides = []
    for i in range(count):
        key = keys[i % len(keys)]
        value = str(1000 + i % 500) if key == "dibao.standard" else str(6 + i % 18)
        o = {"key": key, "value": value, "from": day(i // len(keys))}
        if not (open_end and i == count - 1):
            o["to"] = o["from"]
        if region:
            o["region"] = region
        overrides.append(o)
    if overlap and count > 1:
        overrides[-1]["from"] = overrides[-2]["from"]
        overrides[-1]["key"] = overrides[-2]["key"]
    return {"request": HOUSEHOLDS[0], "reform": {"name": "many", "overrides": overrides}}


for name, request in {
    "one-day-100": many(100),
    "one-day-9999": many(MAX_OVERRIDES - 1),
    "one-day-10000": many(MAX_OVERRIDES),
    "one-day-10001": many(MAX_OVERRIDES + 1),
    "keys-10000": many(MAX_OVERRIDES, keys=("dibao.standard", "dibao.financial_asset_limit_months")),
    "region-10000": many(MAX_OVERRIDES, region="guangzhou"),
    "open-end-10000": many(MAX_OVERRIDES, open_end=True),
    "overlap-last-10000": many(MAX_OVERRIDES, overlap=True),
}.items():
    text = json.dumps(request, ensure_ascii=False, separators=(",", ":"))
    (reform_out / f"seed-many-{name}").write_text(text, encoding="utf-8")
    reforms += 1
print(f"{count} seeds in {out.relative_to(root)}, {reforms} in {reform_out.relative_to(root)}")
