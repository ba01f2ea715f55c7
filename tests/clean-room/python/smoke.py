"""Smoke test of the wheel in a venv that has nothing else (scripts/test-clean-room.sh python).

    MINZHENG_VERSION=0.1.0 venv/bin/python -I smoke.py

One household, one small simulation (a sweep of the wage over 31 values, which needs no table
library), the errors; the package's metadata, stubs and version.
"""

from __future__ import annotations

import importlib.metadata as md
import os
from decimal import Decimal
from pathlib import Path

import minzheng
from minzheng import analysis

VERSION = os.environ["MINZHENG_VERSION"]
REQUEST = {
    "calculation_date": "2025-07-01",
    "household": {
        "district": "tianhe",
        "area": "urban",
        "members": [
            {"id": "a", "age": 45, "hukou": "guangzhou", "income": {"wages": Decimal("1500")}},
            {"id": "b", "age": 30, "hukou": "guangzhou"},
        ],
    },
}


def check(name: str, ok: bool, detail: object = "") -> None:
    if not ok:
        raise SystemExit(f"FAILED: {name} {detail}")
    print(f"ok: {name}")


package = Path(minzheng.__file__).parent
check("installed in the venv, not imported from the repository", "site-packages" in package.parts)
others = sorted({d.metadata["Name"].lower() for d in md.distributions()} - {"minzheng", "pip", "setuptools"})
check("nothing else installed", not others, others)

# One version: the wheel, the module, the engine, the receipt.
result = minzheng.calculate(REQUEST)
versions = {md.version("minzheng"), minzheng.__version__, minzheng.engine_version(),
            result["receipt"]["engine_version"]}
check(f"one version {VERSION}", versions == {VERSION}, versions)

# Metadata, tag, stubs.
meta = md.metadata("minzheng")
check("licence", meta["License-Expression"] == "Apache-2.0", meta["License-Expression"])
check("requires-python", meta["Requires-Python"] == ">=3.9", meta["Requires-Python"])
check("extras", {"pandas", "polars", "spark"} <= set(meta.get_all("Provides-Extra") or []))
check("no base dependency", not [r for r in md.requires("minzheng") or [] if "extra ==" not in r])
check("project URLs and description", bool(meta.get_all("Project-URL")) and "民政" in meta["Summary"])
wheel = (Path(md.distribution("minzheng")._path) / "WHEEL").read_text()  # type: ignore[attr-defined]
check("abi3 manylinux wheel", any(
    line.startswith("Tag: cp39-abi3-manylinux") for line in wheel.splitlines()), wheel)
for stub in ("py.typed", "__init__.pyi", "errors.pyi", "_native.pyi", "analysis/__init__.pyi", "analysis/scale.pyi"):
    check(f"ships {stub}", (package / stub).is_file())

# One household.
check("one household: dibao 1309 × 2 − 1500", result["monthly_total"] == Decimal("1118.00"),
      result["monthly_total"])
check("money is Decimal", isinstance(result["programmes"][0]["monthly_amount"], Decimal))

# One small simulation: the household along its wage, 0–3000 元 in steps of 100.
sweep = analysis.cliff(REQUEST, vary="household.members[0].income.wages", start=0, stop=3000,
                       step=100).raw
totals = [p["monthly_total"] for p in sweep["points"]]
check("sweep of 31 points", len(totals) == 31, len(totals))
check("sweep: 2618 at no wage, 1118 at 1500", totals[0] == Decimal("2618.00")
      and totals[15] == Decimal("1118.00"), (totals[0], totals[15]))
check("sweep: dibao ends within the range",
      any(c["programme"] == "dibao" for c in sweep["changes"]), sweep["changes"])

# The errors.
bad = {**REQUEST, "household": {**REQUEST["household"], "district": "atlantis"}}
try:
    minzheng.calculate(bad)
    check("an unknown district is an error", False)
except minzheng.InputError as e:
    check("InputError invalid_value at household.district",
          (e.code, e.path) == ("invalid_value", "household.district"), (e.code, e.path))
try:
    minzheng.calculate({**REQUEST, "calculation_date": "1990-01-01"})
    check("a date no figure covers is an error", False)
except minzheng.ParameterError as e:
    check("ParameterError parameter_not_in_force", e.code == "parameter_not_in_force", e.code)
try:
    minzheng.calculate({**REQUEST, "household": {**REQUEST["household"], "members": [
        {"id": "a", "age": 45, "hukou": "guangzhou", "income": {"wages": 1500.0}}]}})
    check("a float amount is an error", False)
except minzheng.InputError as e:
    check("a float is invalid_money", e.code == "invalid_money", e.code)

# Tables need an extra (minzheng[pandas] or minzheng[polars]).
try:
    analysis.synthetic_population(10)
    check("tables need pandas", False)
except ImportError as e:
    check("tables without an extra: ImportError for pandas", "pandas" in str(e), e)
print("python smoke test passed")
