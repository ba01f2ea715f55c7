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
print(f"{count} seeds in {out.relative_to(root)}, {reforms} in {reform_out.relative_to(root)}")
