"""Helpers for the scale-out tests (``minzheng.analysis.scale``): a synthetic population, its
single-process run, and comparisons to the fen.

DuckDB and PySpark are needed only here: ``scripts/test-scale.sh`` installs them and sets
``MINZHENG_REQUIRE_SCALE_DEPS=1`` (a missing one is then a failure); elsewhere those tests are
skipped.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import Any

import pytest

SUMMARIES = ("cost", "winners_losers", "by_decile", "by_district")


def require_scale(module: str) -> ModuleType:
    """Imports ``module``, or skips the test (fails under the scale-out script)."""
    if os.environ.get("MINZHENG_REQUIRE_SCALE_DEPS") == "1":
        return importlib.import_module(module)
    return pytest.importorskip(module)


def normalised(table: Any, schema: Any) -> Any:
    """A result table in ``schema`` (absent columns null), sorted by scenario and household."""
    import pyarrow as pa

    columns = [
        (
            table.column(f.name)
            if f.name in table.column_names
            else pa.nulls(table.num_rows, f.type)
        ).cast(f.type)
        for f in schema
    ]
    out = pa.Table.from_arrays(columns, schema=schema)
    return out.sort_by([("scenario", "ascending"), ("household_id", "ascending")])


def assert_same_amounts(got: Any, single: Any) -> None:
    """Every household's amounts of every scenario equal the single-process run's, to the fen."""
    assert got.num_rows == single.num_rows
    a, b = normalised(got, got.schema), normalised(single, got.schema)
    for name in got.schema.names:
        assert a.column(name).equals(b.column(name)), name


def assert_same_summaries(got: Any, single: Any) -> None:
    """Every summary table equals the single-process one (exact decimals)."""
    for name in SUMMARIES:
        x, y = getattr(got, name), getattr(single, name)
        assert x.num_rows == y.num_rows, name
        assert x.equals(y), (name, x.to_pylist()[:3], y.to_pylist()[:3])
