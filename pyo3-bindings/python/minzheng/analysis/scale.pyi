"""Scaling out: a population run inside PySpark, polars or DuckDB, partition by partition, with
the summaries of the whole run to the fen (``docs/scaling.md``).

A **population frame** stacks the household rows (``_minzheng_row`` 0) and the person rows
(``_minzheng_row`` 1) of a population in one frame sorted by ``household_id``, each household's
persons in their table's order (``_minzheng_seq``); in Spark a ``.`` of a column name is
written ``__``. Each partition holds whole households: a person row whose household row is not
in the same partition is ``invalid_value`` at ``household_id``, naming the household.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from . import ReformLike, Summary

__all__ = [
    "CHUNK_ROWS",
    "DOT",
    "MEMBERS",
    "PART",
    "RUN",
    "ROW",
    "SEQ",
    "amounts",
    "amounts_schema",
    "arrow_frame",
    "duckdb_relation",
    "mapper",
    "nest_arrow",
    "parquet_options",
    "polars_frame",
    "spark_amounts",
    "spark_amounts_files",
    "spark_frame",
    "spark_nest",
    "spark_schema",
    "spark_summarise",
    "spark_summarise_files",
    "summarise",
    "summarise_partitions",
]

Reforms = ReformLike | Sequence[ReformLike] | Mapping[str, ReformLike] | None

ROW: str
"""``"_minzheng_row"``: 0 for a household row, 1 for a person row."""
SEQ: str
"""``"_minzheng_seq"``: the person rows' order in their table."""
PART: str
"""``"_minzheng_part"``: the part (a range of household ids) of a Spark population frame."""
DOT: str
"""``"__"``: what stands for ``.`` in a Spark population frame's column names."""
CHUNK_ROWS: int
"""Rows handed to the engine per chunk by default (100,000)."""
MEMBERS: str
"""``"members"``: a nested population's list of member structs (one row per household)."""
RUN: str
"""``"_minzheng_run"``: the file split of a Spark nested population's row (summaries)."""

def nest_arrow(households: Any, persons: Any) -> Any:
    """The nested population of two pyarrow tables: one row per household (sorted by
    ``household_id``), its members a list of structs in :data:`MEMBERS`."""

def parquet_options() -> dict[str, Any]:
    """The pyarrow Parquet writer options that store ``decimal(18, 2)`` money as ``INT64``, as
    Spark does (``pq.write_table(table, path, **parquet_options())``): the same values read
    back, decoded about four times faster. Empty where pyarrow lacks the option."""

def spark_nest(households: Any, persons: Any, partitions: int | None = None) -> Any:
    """The nested population of two Spark DataFrames (one shuffle), range-partitioned by
    ``household_id`` and sorted: write it once as Parquet, then run on its scan."""

def arrow_frame(households: Any, persons: Any) -> Any:
    """The population frame of two pyarrow tables, as a pyarrow table."""

def polars_frame(households: Any, persons: Any) -> Any:
    """The population frame of two polars LazyFrames (e.g. ``pl.scan_parquet``), as a
    LazyFrame."""

def duckdb_relation(connection: Any, households: str, persons: str) -> Any:
    """The population frame of two DuckDB relations named by SQL (tables, views,
    ``read_parquet('…')``), as a relation of ``connection``."""

def spark_frame(households: Any, persons: Any, partitions: int | None = None) -> Any:
    """The population frame of two Spark DataFrames in ``partitions`` parts of consecutive
    household ids (ranges fixed on the driver), range-partitioned by part and sorted within
    each partition. Household ids must be numeric."""

def amounts_schema(
    reforms: Reforms = None,
    *,
    household_id: Any = None,
    date: str = "2025-07-01",
    programmes: Iterable[str] | None = None,
    columns: Iterable[str] | None = None,
) -> Any:
    """The pyarrow schema of :func:`amounts`: money ``decimal128(18, 2)``, annual figures
    ``decimal128(38, 2)``, statuses and reasons strings. ``programmes``: only those
    programmes' columns (and the run decides only them); ``columns``: only the columns named,
    ``household_id`` and ``scenario`` always first."""

def amounts(
    source: Any,
    *,
    date: str,
    reforms: Reforms = None,
    common: Mapping[str, Any] | None = None,
    threads: int | None = None,
    ignore: Iterable[str] = (),
    batch_size: int = 100_000,
    schema: Any = None,
    programmes: Iterable[str] | None = None,
    columns: Iterable[str] | None = None,
) -> Iterator[Any]:
    """Per-household amounts of a population frame or a nested population (Arrow batches, a
    polars LazyFrame, a DuckDB relation): pyarrow record batches of :func:`amounts_schema`,
    one row per household and scenario, a chunk of whole households (``batch_size`` rows) at
    a time."""

def mapper(
    *,
    date: str,
    reforms: Reforms = None,
    common: Mapping[str, Any] | None = None,
    threads: int = 1,
    ignore: Iterable[str] = (),
    batch_size: int = 100_000,
    household_id: Any = None,
    programmes: Iterable[str] | None = None,
    columns: Iterable[str] | None = None,
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The function for PySpark's ``DataFrame.mapInArrow`` over a population frame."""

def spark_schema(arrow_schema: Any) -> Any:
    """The Spark ``StructType`` of a pyarrow schema."""

def spark_amounts(
    frame: Any,
    *,
    date: str,
    reforms: Reforms = None,
    common: Mapping[str, Any] | None = None,
    ignore: Iterable[str] = (),
    batch_size: int = 100_000,
    programmes: Iterable[str] | None = None,
    columns: Iterable[str] | None = None,
) -> Any:
    """Per-household amounts of a Spark population frame or nested population (its Parquet
    scan: no shuffle) as a Spark DataFrame (money
    ``decimal(18,2)``, annual ``decimal(38,2)``)."""

def summarise(
    source: Any,
    *,
    date: str,
    reforms: Reforms = None,
    weight: str | None = None,
    common: Mapping[str, Any] | None = None,
    threads: int | None = None,
    ignore: Iterable[str] = (),
    batch_size: int = 100_000,
    progress: bool | None = None,
    total: int | None = None,
) -> Summary:
    """The summaries of a population frame streamed in one process, equal to
    ``simulate(...).summarise()``."""

def summarise_partitions(
    partitions: Iterable[Any],
    *,
    date: str,
    reforms: Reforms = None,
    weight: str | None = None,
    common: Mapping[str, Any] | None = None,
    ignore: Iterable[str] = (),
    batch_size: int = 100_000,
) -> Summary:
    """The summaries of a population frame given as partitions (consecutive households, in
    order; sources or factories of batch iterators), by the two passes of
    :func:`spark_summarise`."""

def spark_summarise(
    frame: Any,
    *,
    date: str,
    reforms: Reforms = None,
    weight: str | None = None,
    common: Mapping[str, Any] | None = None,
    ignore: Iterable[str] = (),
    batch_size: int = 100_000,
) -> Summary:
    """The summaries of a Spark population frame or nested population, equal to
    ``simulate(...).summarise()`` to the fen: pass 1 collects each part's histogram of income
    per member (the decile boundaries are located on the driver), pass 2 each part's exact
    partial summary, merged in part order (a nested population's parts: its runs of
    consecutive households, one file split or one part of :func:`spark_nest` each)."""

def spark_summarise_files(
    spark: Any,
    paths: Any,
    *,
    date: str,
    reforms: Reforms = None,
    weight: str | None = None,
    common: Mapping[str, Any] | None = None,
    ignore: Iterable[str] = (),
    batch_size: int = 100_000,
    tasks: int | None = None,
) -> Summary:
    """:func:`spark_summarise` of a nested population's Parquet files (paths or URIs), Spark
    scheduling the files over ``tasks`` tasks and each task's Python worker reading its files
    with pyarrow (no Spark scan, no row conversion); equal to ``simulate(...).summarise()``."""

def spark_amounts_files(
    spark: Any,
    paths: Any,
    out: str,
    *,
    date: str,
    reforms: Reforms = None,
    common: Mapping[str, Any] | None = None,
    ignore: Iterable[str] = (),
    batch_size: int = 100_000,
    tasks: int | None = None,
    programmes: Iterable[str] | None = None,
    columns: Iterable[str] | None = None,
) -> list[str]:
    """Every household's amounts of a nested population's Parquet files, written by the Spark
    tasks' Python workers as Parquet files (``out/part-NNNNN.parquet``, one per input file,
    :func:`amounts_schema`); returns the files written, in order."""
