"""Helpers for the analysis tests: table libraries, and a small hand-computed population.

The analysis tests need pandas (and pyarrow and polars for the other kinds). Run by
``scripts/test-analysis.sh`` (which installs them and sets ``MINZHENG_REQUIRE_ANALYSIS_DEPS=1``)
a missing library is a failure; elsewhere (``scripts/test-python.sh``) those tests are skipped.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import Any

import pytest


def require(module: str) -> ModuleType:
    """Imports ``module``, or skips the test (fails under the analysis script)."""
    if os.environ.get("MINZHENG_REQUIRE_ANALYSIS_DEPS") == "1":
        return importlib.import_module(module)
    return pytest.importorskip(module)


def person(pid: str, age: int, wages: str | None = None) -> dict[str, Any]:
    p: dict[str, Any] = {"id": pid, "age": age, "hukou": "guangzhou"}
    if wages is not None:
        p["income"] = {"wages": wages}
    return p


def request(district: str, members: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "calculation_date": "2025-07-01",
        "household": {"district": district, "area": "urban", "members": members},
    }


#: Three households, hand-computed with the 2025 standard of 1309 元 (穗民规字〔2025〕2号 一(一)):
#: H1 (tianhe): 45-year-old earning 1500 and a child of 12: dibao 1309 × 2 − 1500 = 1118.00,
#:     under 1400: 1300.00; no 分类救济 (no member is in one of its published groups: the child
#:     is not given as a full-time student).
#: H2 (tianhe): 40-year-old earning 5000: nothing, under either.
#: H3 (yuexiu): 45-year-old earning 1000: dibao 309.00 (no 分类救济 category); under 1400: 400.00.
SMALL = [
    request("tianhe", [person("a", 45, "1500"), person("b", 12)]),
    request("tianhe", [person("a", 40, "5000")]),
    request("yuexiu", [person("a", 45, "1000")]),
]

#: The same three households as tables (household_id 11, 12, 13).
SMALL_HOUSEHOLDS: dict[str, list[Any]] = {
    "household_id": [11, 12, 13],
    "district": ["tianhe", "tianhe", "yuexiu"],
    "area": ["urban", "urban", "urban"],
    "weight": [2, 3, 5],
}
SMALL_PERSONS: dict[str, list[Any]] = {
    "household_id": [11, 11, 12, 13],
    "person_id": ["a", "b", "a", "a"],
    "age": [45, 12, 40, 45],
    "hukou": ["guangzhou"] * 4,
    "income.wages": ["1500", None, "5000", "1000"],
}

DIBAO_1400: dict[str, Any] = {
    "name": "dibao_1400",
    "description": "Raise the dibao standard to 1400 元 from 2025-07-01",
    "overrides": [{"key": "dibao.standard", "value": "1400", "from": "2025-07-01"}],
}


def small_tables(kind: str = "pandas") -> tuple[Any, Any]:
    """The small population as two tables of ``kind`` (money as str, which is exact)."""
    if kind == "pandas":
        pd = require("pandas")
        return pd.DataFrame(SMALL_HOUSEHOLDS), pd.DataFrame(SMALL_PERSONS)
    if kind == "pyarrow":
        pa = require("pyarrow")
        return pa.table(SMALL_HOUSEHOLDS), pa.table(SMALL_PERSONS)
    pl = require("polars")
    return pl.DataFrame(SMALL_HOUSEHOLDS), pl.DataFrame(SMALL_PERSONS)


def rows(table: Any) -> list[dict[str, Any]]:
    """A table of any kind as a list of row dicts."""
    module = type(table).__module__.split(".")[0]
    if module == "pandas":
        return [
            {k: (None if _is_na(v) else v) for k, v in r.items()} for r in table.to_dict("records")
        ]
    if module == "pyarrow":
        return table.to_pylist()
    return table.to_dicts()


def _is_na(v: Any) -> bool:
    if v is None or type(v).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(v, float) and v != v
