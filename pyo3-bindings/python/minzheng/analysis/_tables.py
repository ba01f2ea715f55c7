"""Tables in and out: pandas, pyarrow and polars, each imported only when used.

Reading: a table's columns become Python lists (``None`` for a missing value). Writing: a list of
typed columns becomes a table of the requested kind. Money is never a float:

- pandas: ``object`` columns of :class:`decimal.Decimal` (exact, and needs nothing beyond pandas);
- pyarrow: ``decimal128(18, 2)`` for household amounts, ``decimal128(38, 2)`` for totals;
- polars: ``pl.Decimal(18, 2)`` / ``pl.Decimal(38, 2)``.

Column types used when writing: ``"str"``, ``"int"`` (may hold ``None``), ``"bool"``,
``"money"`` (a household amount, Decimal to the fen), ``"total"`` (a sum of money, Decimal to the
fen), ``"count"`` (int, or Decimal to 0.01 for weighted counts with fractional weights),
``"decimal"`` (any exact Decimal, e.g. a per-capita income).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..errors import InputError

KINDS = ("pandas", "pyarrow", "polars")

#: A typed output column: (name, type, values).
Column = tuple[str, str, list[Any]]


def kind_of(table: object) -> str:
    """``"pandas"``, ``"pyarrow"`` or ``"polars"`` for a supported table, else an InputError."""
    module = type(table).__module__.split(".")[0]
    name = type(table).__name__
    if module == "pandas" and name == "DataFrame":
        return "pandas"
    if module == "pyarrow" and name == "Table":
        return "pyarrow"
    if module == "polars" and name == "DataFrame":
        return "polars"
    raise InputError(
        "invalid_type",
        "",
        f"a {type(table).__module__}.{name} is not a table; give a pandas DataFrame, a pyarrow "
        "Table or a polars DataFrame",
    )


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise InputError("invalid_value", "kind", f"unknown kind {kind!r}; use one of {KINDS}")
    return kind


def column_names(table: Any, kind: str) -> list[str]:
    if kind == "pandas":
        return [str(c) for c in table.columns]
    if kind == "pyarrow":
        return list(table.column_names)
    return list(table.columns)


def column_values(table: Any, kind: str, name: str) -> list[Any]:
    """A column as a list of Python values (missing values as ``None``, ``NaN`` or ``pd.NA``)."""
    if kind == "pandas":
        return table[name].tolist()
    if kind == "pyarrow":
        return table.column(name).to_pylist()
    return table.get_column(name).to_list()


def num_rows(table: Any, kind: str) -> int:
    if kind == "pyarrow":
        return int(table.num_rows)
    if kind == "polars":
        return int(table.height)
    return len(table)


def is_float_column(table: Any, kind: str, name: str) -> bool:
    """Whether a column has a floating-point type (used to explain money errors)."""
    try:
        if kind == "pandas":
            return str(table[name].dtype).startswith("float")
        if kind == "pyarrow":
            return str(table.column(name).type) in ("float", "double", "halffloat")
        return str(table.get_column(name).dtype).startswith("Float")
    except Exception:  # pragma: no cover - introspection only
        return False


def is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, Decimal):
        return value.is_nan()
    return type(value).__name__ in ("NAType", "NaTType")


def build(kind: str, columns: Sequence[Column], *, synthetic: bool = False) -> Any:
    """A table of ``kind`` from typed columns; a synthetic population's outputs get a constant
    ``synthetic`` column (and, in pandas, ``attrs["synthetic"]``)."""
    check_kind(kind)
    columns = list(columns)
    if synthetic:
        rows = len(columns[0][2]) if columns else 0
        columns.append(("synthetic", "bool", [True] * rows))
    if kind == "pandas":
        return _pandas(columns, synthetic)
    if kind == "pyarrow":
        return _pyarrow(columns, synthetic)
    return _polars(columns)


def _count_is_decimal(values: list[Any]) -> bool:
    return any(isinstance(v, Decimal) for v in values)


def _pandas(columns: Sequence[Column], synthetic: bool) -> Any:
    import pandas as pd

    data: dict[str, Any] = {}
    for name, typ, values in columns:
        if typ == "int" or (typ == "count" and not _count_is_decimal(values)):
            data[name] = pd.array(values, dtype="Int64")
        elif typ == "bool":
            data[name] = pd.array(values, dtype="boolean")
        elif typ == "str":
            data[name] = pd.Series(values, dtype=object)
        else:
            data[name] = pd.Series(values, dtype=object)
    frame = pd.DataFrame(data)
    if synthetic:
        frame.attrs["synthetic"] = True
    return frame


def _arrow_type(typ: str, values: list[Any]) -> Any:
    import pyarrow as pa

    if typ == "str":
        return pa.string()
    if typ == "int":
        return pa.int64()
    if typ == "bool":
        return pa.bool_()
    if typ == "money":
        return pa.decimal128(18, 2)
    if typ == "total":
        return pa.decimal128(38, 2)
    if typ == "count":
        return pa.decimal128(38, 2) if _count_is_decimal(values) else pa.int64()
    return pa.decimal128(38, 10)


def _pyarrow(columns: Sequence[Column], synthetic: bool) -> Any:
    import pyarrow as pa

    arrays = []
    names = []
    for name, typ, values in columns:
        names.append(name)
        arrow_type = _arrow_type(typ, values)
        if typ == "count" and _count_is_decimal(values):
            values = [Decimal(v) if isinstance(v, int) else v for v in values]
        arrays.append(pa.array(values, type=arrow_type))
    metadata = {b"minzheng.synthetic": b"true"} if synthetic else None
    return pa.Table.from_arrays(arrays, names=names, metadata=metadata)


def _polars(columns: Sequence[Column]) -> Any:
    import polars as pl

    series = []
    for name, typ, values in columns:
        if typ == "str":
            dtype: Any = pl.Utf8
        elif typ == "int":
            dtype = pl.Int64
        elif typ == "bool":
            dtype = pl.Boolean
        elif typ == "money":
            dtype = pl.Decimal(18, 2)
        elif typ == "total":
            dtype = pl.Decimal(38, 2)
        elif typ == "count":
            if _count_is_decimal(values):
                dtype = pl.Decimal(38, 2)
                values = [Decimal(v) if isinstance(v, int) else v for v in values]
            else:
                dtype = pl.Int64
        else:
            dtype = pl.Decimal(38, 10)
        series.append(pl.Series(name, values, dtype=dtype))
    return pl.DataFrame(series)
