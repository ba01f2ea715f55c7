"""Scaling out: a population run inside an engine the analyst already operates (PySpark,
polars, DuckDB), partition by partition, with the summaries of the whole run to the fen.

>>> from minzheng.analysis import scale
>>> frame = scale.spark_frame(households_df, persons_df, partitions=64)   # doctest: +SKIP
>>> amounts = scale.spark_amounts(frame, date="2025-07-01", reforms=[r])   # doctest: +SKIP
>>> summary = scale.spark_summarise(frame, date="2025-07-01", reforms=[r])  # doctest: +SKIP

**The population frame.** Households and persons travel as one frame: the household rows and
the person rows stacked (``_minzheng_row`` 0 for a household row, 1 for a person row; every
other column as in the two tables, null in the rows of the other kind), sorted by
``household_id``, each household's persons after its row in their table's order
(``_minzheng_seq``); in Spark a ``.`` of a column name is written ``__`` (:data:`DOT`).
:func:`spark_frame`, :func:`polars_frame`, :func:`duckdb_relation` and
:func:`arrow_frame` build it. A partition (or a stream) of that frame holds whole households:
its rows arrive as Arrow record batches cut anywhere, and :func:`amounts` regroups them into
chunks of whole households (``batch_size`` rows at a time) for the columnar engine. A person row
whose household row is not in the same partition is an error (``invalid_value`` at
``household_id``, naming the household): households must not be split across partitions.

**The nested population.** One row per household, its members a list of structs in
:data:`MEMBERS` (:func:`nest_arrow`, :func:`spark_nest`). Written as Parquet it needs no
union, shuffle or sort: ``mapInArrow`` runs on the scan, every batch holds whole households
(a household is one row, so no partition can split it), and the worker flattens the members
into the person table (``list_flatten``, ``list_parent_indices``). Every function here that
takes a population frame takes a nested population too (told apart by its ``members`` list).

Money is ``decimal128(18, 2)`` (annual figures ``decimal128(38, 2)``), never a float; the
schema is :func:`amounts_schema`. See ``docs/scaling.md``.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from .. import _native
from ..errors import InputError, MinzhengError
from . import _guard
from ._simulate import (
    BLOCK,
    RESERVED_HOUSEHOLD,
    RESERVED_PERSON,
    Simulation,
    _common_text,
    _Input,
    _scenarios,
    _sent,
    simulate_batches,
)

#: The column telling household rows (0) from person rows (1) in a population frame.
ROW = "_minzheng_row"
#: The column keeping each household's persons in their table's order in a population frame.
SEQ = "_minzheng_seq"
#: The part of a Spark population frame (a range of household ids) a row belongs to.
PART = "_minzheng_part"
#: What stands for ``.`` in the column names of a Spark population frame (Spark reads a dot as
#: a struct field): ``income__wages`` is ``income.wages``.
DOT = "__"
#: Rows (household and person rows together) per chunk handed to the engine by default.
CHUNK_ROWS = 100_000
#: The column of a nested population (one row per household) holding its members: a list of
#: structs, one per person, its fields the person columns (``household_id`` left out).
MEMBERS = "members"
#: The run of a Spark nested population a household row belongs to (its file split), added by
#: :func:`spark_summarise` to tell the runs of consecutive households apart.
RUN = "_minzheng_run"

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


# -- the population frame -------------------------------------------------------------------------


def _shared(households: list[str], persons: list[str]) -> None:
    both = (set(households) & set(persons)) - {"household_id", "synthetic"}
    if both:
        name = sorted(both)[0]
        raise InputError(
            "conflicting_fields",
            f"persons.{name}",
            f"the column {name!r} is in both tables: a population frame holds one column per "
            "name (rename one of them)",
        )
    for table, names in (("households", households), ("persons", persons)):
        if "household_id" not in names:
            raise InputError(
                "missing_field", f"{table}.household_id", f"the {table} table needs household_id"
            )


def arrow_frame(households: Any, persons: Any) -> Any:
    """The population frame of two pyarrow tables, as one pyarrow table (sorted by
    ``household_id``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    _shared(households.column_names, persons.column_names)
    if "synthetic" in persons.column_names:
        persons = persons.drop_columns(["synthetic"])
    h = households.append_column(ROW, pa.array([0] * households.num_rows, pa.int8()))
    p = persons.append_column(ROW, pa.array([1] * persons.num_rows, pa.int8()))
    p = p.append_column(SEQ, pa.array(range(persons.num_rows), pa.int64()))
    table = pa.concat_tables([h, p], promote_options="default")
    order = pc.sort_indices(
        table, sort_keys=[("household_id", "ascending"), (ROW, "ascending"), (SEQ, "ascending")]
    )
    return table.take(order)


def polars_frame(households: Any, persons: Any) -> Any:
    """The population frame of two polars LazyFrames (e.g. ``pl.scan_parquet``), as a
    LazyFrame; collect it in streaming batches (:func:`amounts` does)."""
    import polars as pl

    h, p = households.lazy(), persons.lazy()
    _shared(h.collect_schema().names(), p.collect_schema().names())
    if "synthetic" in p.collect_schema().names():
        p = p.drop("synthetic")
    h = h.with_columns(pl.lit(0, pl.Int8).alias(ROW))
    p = p.with_columns(pl.lit(1, pl.Int8).alias(ROW)).with_row_index(SEQ)
    p = p.with_columns(pl.col(SEQ).cast(pl.Int64))
    frame = pl.concat([h, p], how="diagonal_relaxed")
    return frame.sort(["household_id", ROW, SEQ], maintain_order=True)


def duckdb_relation(connection: Any, households: str, persons: str) -> Any:
    """The population frame of two DuckDB relations given by name (tables, views, or
    ``read_parquet('…')`` expressions), as a DuckDB relation of ``connection``."""
    hcols = [r[0] for r in connection.sql(f"DESCRIBE SELECT * FROM {households}").fetchall()]
    pcols = [r[0] for r in connection.sql(f"DESCRIBE SELECT * FROM {persons}").fetchall()]
    _shared(hcols, pcols)
    drop = " EXCLUDE (synthetic)" if "synthetic" in pcols else ""
    return connection.sql(
        f"SELECT * FROM (SELECT *, 0::TINYINT AS {ROW} FROM {households} "
        f"UNION ALL BY NAME SELECT *{drop}, 1::TINYINT AS {ROW}, "
        f"(row_number() OVER () - 1)::BIGINT AS {SEQ} FROM {persons}) "
        f"ORDER BY household_id, {ROW}, {SEQ}"
    )


def spark_frame(households: Any, persons: Any, partitions: int | None = None) -> Any:
    """The population frame of two Spark DataFrames, in ``partitions`` parts (Spark's default
    parallelism without): part ``k`` (column ``_minzheng_part``) holds the households whose id
    lies in the ``k``-th of ``partitions`` consecutive ranges (the ranges from
    ``approxQuantile`` of the ids, computed once on the driver and fixed in the plan, so every
    pass over the frame sees the same parts). The frame is range-partitioned by part (a part is
    never split between Spark partitions) and sorted by part, ``household_id``, row kind and
    member order within each partition. Members keep their order in ``persons`` (numbered
    with ``monotonically_increasing_id``). Household ids must be numeric (integers)."""
    from pyspark.sql import functions as F

    _shared(households.columns, persons.columns)
    if "synthetic" in persons.columns:
        persons = persons.drop("synthetic")
    spark = households.sparkSession
    if partitions is not None and (
        isinstance(partitions, bool)
        or not isinstance(partitions, int)
        or not 1 <= partitions <= 1_000_000
    ):
        raise InputError(
            "out_of_range", "partitions", "partitions must be a whole number 1–1000000"
        )
    n = partitions or max(int(spark.sparkContext.defaultParallelism), 1)
    part = _id_parts(households, n)
    h = households.withColumn(ROW, F.lit(0).cast("tinyint"))
    p = persons.withColumn(ROW, F.lit(1).cast("tinyint")).withColumn(
        SEQ, F.monotonically_increasing_id()
    )
    frame = h.unionByName(p, allowMissingColumns=True).withColumn(PART, part.cast("int"))
    frame = frame.toDF(*[c.replace(".", DOT) for c in frame.columns])
    frame = frame.repartitionByRange(n, PART)
    return frame.sortWithinPartitions(PART, "household_id", ROW, SEQ)


def _parts(batches: Iterable[Any]) -> Iterator[tuple[int, Iterator[Any]]]:
    """The parts of a Spark partition (its batches sorted by ``_minzheng_part``): each part's
    number and its batches. A frame without parts is part 0."""
    import itertools

    import pyarrow.compute as pc

    def pieces() -> Iterator[tuple[int, Any]]:
        for batch in batches:
            if batch.num_rows == 0:
                continue
            if PART not in batch.schema.names:
                yield 0, batch
                continue
            parts = batch.column(batch.schema.get_field_index(PART))
            start = 0
            while start < batch.num_rows:
                value = parts[start].as_py()
                rest = parts.slice(start)
                differs = pc.not_equal(rest, value)
                end = start + (
                    pc.index(differs, True).as_py() if pc.any(differs).as_py() else len(rest)
                )
                if end <= start:
                    end = batch.num_rows
                yield int(value), batch.slice(start, end - start)
                start = end

    for k, group in itertools.groupby(pieces(), key=lambda piece: piece[0]):
        yield k, (b for _, b in group)


# -- the nested population (one row per household, its members in a list) -------------------------


def nest_arrow(households: Any, persons: Any) -> Any:
    """The nested population of two pyarrow tables: one row per household, sorted by
    ``household_id``, its columns those of ``households`` and :data:`MEMBERS`, a list of one
    struct per member (the person columns but ``household_id``, in the persons table's order).
    Written as Parquet, it is read by Spark, polars or DuckDB with no shuffle: a household
    travels with its members, so a partition never splits one."""
    import pyarrow as pa
    import pyarrow.compute as pc

    _shared(households.column_names, persons.column_names)
    if MEMBERS in households.column_names:
        raise InputError(
            "conflicting_fields",
            f"households.{MEMBERS}",
            f"{MEMBERS!r} is the column of the members in a nested population",
        )
    if "synthetic" in persons.column_names:
        persons = persons.drop_columns(["synthetic"])
    h = households.take(pc.sort_indices(households, sort_keys=[("household_id", "ascending")]))
    hids = h.column("household_id").combine_chunks()
    if len(hids) > 1:
        dup = pc.equal(hids.slice(1), hids.slice(0, len(hids) - 1))
        if pc.any(dup).as_py():
            at = pc.index(dup, True).as_py()
            raise InputError(
                "duplicate_id", "household_id", f"household {hids[at + 1].as_py()!r} has two rows"
            )
    at = pc.index_in(persons.column("household_id"), value_set=hids)
    if at.null_count:
        row = pc.index(pc.is_null(at), True).as_py()
        raise InputError(
            "invalid_value",
            f"persons[{row}].household_id",
            f"person row {row}: household {persons.column('household_id')[row].as_py()!r} is "
            "not in the households table",
        )
    order = pc.sort_indices(at)  # stable: each household's members in their table's order
    at = at.take(order).combine_chunks()
    p = persons.drop_columns(["household_id"]).take(order).combine_chunks()
    # The members of household k are rows offsets[k]..offsets[k+1] of the sorted persons.
    runs = pc.run_end_encode(at)
    values, ends = runs.values.to_pylist(), runs.run_ends.to_pylist()
    offsets = [0] * (h.num_rows + 1)
    j = 0
    for k in range(h.num_rows):
        if j < len(values) and values[j] == k:
            offsets[k + 1] = ends[j]
            j += 1
        else:
            offsets[k + 1] = offsets[k]
    struct = pa.StructArray.from_arrays(
        [p.column(n).combine_chunks() for n in p.column_names], fields=list(p.schema)
    )
    members = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), struct)
    return h.append_column(MEMBERS, members)


def spark_nest(households: Any, persons: Any, partitions: int | None = None) -> Any:
    """The nested population (:func:`nest_arrow`) of two Spark DataFrames, range-partitioned
    by ``household_id`` into ``partitions`` partitions (Spark's default parallelism without)
    and sorted within each: write it once as Parquet (``.write.parquet``) and run
    :func:`spark_amounts` and :func:`spark_summarise` on the scan of those files, which need no
    shuffle. Building it shuffles both tables once (members grouped by household, in their
    table's order as ``monotonically_increasing_id`` numbers it)."""
    from pyspark.sql import functions as F

    _shared(households.columns, persons.columns)
    if MEMBERS in households.columns:
        raise InputError(
            "conflicting_fields",
            f"households.{MEMBERS}",
            f"{MEMBERS!r} is the column of the members in a nested population",
        )
    if "synthetic" in persons.columns:
        persons = persons.drop("synthetic")
    if partitions is not None and (
        isinstance(partitions, bool)
        or not isinstance(partitions, int)
        or not 1 <= partitions <= 1_000_000
    ):
        raise InputError(
            "out_of_range", "partitions", "partitions must be a whole number 1–1000000"
        )
    spark = households.sparkSession
    n = partitions or max(int(spark.sparkContext.defaultParallelism), 1)
    part = _id_parts(households, n)
    fields = [c for c in persons.columns if c != "household_id"]
    member = F.struct(F.col(SEQ), *[F.col(f"`{c}`").alias(c) for c in fields])
    grouped = (
        persons.withColumn(SEQ, F.monotonically_increasing_id())
        .groupBy("household_id")
        .agg(F.sort_array(F.collect_list(member)).alias(MEMBERS))
        .withColumn(MEMBERS, F.transform(F.col(MEMBERS), lambda m: m.dropFields(SEQ)))
    )
    nested = households.join(grouped, "household_id", "left")
    nested = nested.select(
        *[F.col(f"`{c}`") for c in households.columns],
        F.col(MEMBERS),
        part.cast("int").alias(PART),
    )
    return nested.repartitionByRange(n, PART).sortWithinPartitions(PART, "household_id")


def _id_parts(households: Any, n: int) -> Any:
    """The part (a Spark column) of each household: the ``k``-th of ``n`` consecutive ranges of
    ``household_id``, the ranges from ``approxQuantile`` computed once here and fixed in the
    plan as literals, so that every pass over a frame sees the same parts."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import NumericType

    if not isinstance(households.schema["household_id"].dataType, NumericType):
        raise InputError(
            "invalid_type",
            "households.household_id",
            "a Spark population frame needs numeric household ids (its parts are id ranges)",
        )
    cuts = households.approxQuantile("household_id", [k / n for k in range(1, n)], 0.001)
    bounds = sorted({math.ceil(c) for c in cuts if c is not None and math.isfinite(c)})
    part = F.lit(0)
    for k, bound in enumerate(bounds):
        part = F.when(F.col("household_id") >= F.lit(bound), F.lit(k + 1)).otherwise(part)
    return part


def _nested(schema: Any) -> bool:
    """Whether a pyarrow schema is a nested population's (a list column :data:`MEMBERS`)."""
    import pyarrow as pa

    if MEMBERS not in schema.names:
        return False
    typ = schema.field(MEMBERS).type
    return bool(pa.types.is_list(typ) or pa.types.is_large_list(typ))


def _unnest(batch: Any) -> tuple[Any, Any]:
    """A nested population's batch as ``(households, persons)`` (pyarrow tables): the members
    flattened (``list_flatten``), each given its household's id (``list_parent_indices``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    members = batch.column(batch.schema.get_field_index(MEMBERS))
    if isinstance(members, pa.ChunkedArray):
        members = members.combine_chunks()
    ids = batch.column(batch.schema.get_field_index("household_id"))
    flat = pc.list_flatten(members)
    parents = pc.list_parent_indices(members)
    columns = [pc.take(ids, parents), *flat.flatten()]
    names = ["household_id", *[f.name for f in flat.type]]
    p = pa.Table.from_arrays(columns, names=names)
    drop = [n for n in batch.schema.names if n == MEMBERS or n.startswith("_minzheng_")]
    h = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
    h = h.drop_columns(drop)
    if any(DOT in n for n in h.column_names):
        h = h.rename_columns([n.replace(DOT, ".") for n in h.column_names])
    if any(DOT in n for n in p.column_names):
        p = p.rename_columns([n.replace(DOT, ".") for n in p.column_names])
    return h, p


def _member_rows(batch: Any) -> int:
    import pyarrow.compute as pc

    members = batch.column(batch.schema.get_field_index(MEMBERS))
    return int(pc.sum(pc.list_value_length(members)).as_py() or 0)


def _nested_pairs(batches: Iterable[Any], batch_size: int) -> Iterator[tuple[Any, Any]]:
    """``(households, persons)`` of a nested population's batches, about ``batch_size`` rows
    (households and members) at a time: each batch holds whole households as it is."""

    pending: list[Any] = []
    rows = 0
    for batch in batches:
        if batch.num_rows == 0:
            continue
        pending.append(_unnest(batch))
        rows += batch.num_rows + pending[-1][1].num_rows
        if rows >= batch_size:
            yield _concat(pending)
            pending, rows = [], 0
    if pending:
        yield _concat(pending)


def _concat(pairs: list[tuple[Any, Any]]) -> tuple[Any, Any]:
    import pyarrow as pa

    if len(pairs) == 1:
        return pairs[0]
    return (
        pa.concat_tables([h for h, _ in pairs], promote_options="default"),
        pa.concat_tables([p for _, p in pairs], promote_options="default"),
    )


def _pairs(source: Any, batch_size: int) -> Iterator[tuple[Any, Any]]:
    """``(households, persons)`` chunks of whole households of a population frame or of a
    nested population (told apart by the first batch's schema)."""
    import itertools

    batches = iter(_batches(source, batch_size))
    for first in batches:
        if first.num_rows:
            break
    else:
        return
    rest = itertools.chain([first], batches)
    if _nested(first.schema):
        yield from _nested_pairs(rest, batch_size)
    else:
        yield from (_pair(chunk) for chunk in _chunks(rest, batch_size))


# -- whole households from batches ---------------------------------------------------------------


def _batches(source: Any, batch_size: int) -> Iterator[Any]:
    """Arrow record batches of a population frame: pyarrow batches, tables, readers or an
    iterable of them, a polars LazyFrame or DataFrame, or a DuckDB relation."""
    import pyarrow as pa

    module = type(source).__module__.split(".")[0]
    if module == "polars":
        if hasattr(source, "collect_batches"):
            for df in source.lazy().collect_batches(chunk_size=batch_size):
                yield from df.to_arrow().to_batches()
            return
        yield from source.lazy().collect(engine="streaming").to_arrow().to_batches()
        return
    if module in ("duckdb", "_duckdb"):
        reader = (
            source.fetch_arrow_reader(batch_size)
            if hasattr(source, "fetch_arrow_reader")
            else source.record_batch(batch_size)
        )
        yield from reader
        return
    if isinstance(source, pa.Table):
        yield from source.to_batches(max_chunksize=batch_size)
        return
    if isinstance(source, pa.RecordBatch):
        yield source
        return
    for item in source:
        if isinstance(item, pa.Table):
            yield from item.to_batches()
        else:
            yield item


def _unsorted(row: int) -> InputError:
    return InputError(
        "invalid_value",
        f"frame[{row}].household_id",
        "a population frame must be sorted by household_id within each partition (build it "
        "with scale.spark_frame, polars_frame, duckdb_relation or arrow_frame)",
    )


def _chunks(source: Any, batch_size: int) -> Iterator[Any]:
    """pyarrow tables of whole households (about ``batch_size`` rows each) from a population
    frame's batches, cut anywhere: the rows of the last household of what has arrived wait
    for the next batch."""
    import pyarrow as pa
    import pyarrow.compute as pc

    pending: list[Any] = []
    rows = seen = 0
    last = None
    for batch in _batches(source, batch_size):
        if batch.num_rows == 0:
            continue
        ids = batch.column(batch.schema.get_field_index("household_id"))
        if (last is not None and pc.less(ids[0], last).as_py()) or (
            len(ids) > 1 and not pc.all(pc.greater_equal(ids[1:], ids[:-1])).as_py()
        ):
            raise _unsorted(seen)
        seen += batch.num_rows
        last = ids[-1]
        pending.append(batch)
        rows += batch.num_rows
        if rows >= batch_size:
            table = pa.Table.from_batches(pending)
            cut = int(pc.sum(pc.less(table.column("household_id"), last)).as_py() or 0)
            if cut:
                yield table.slice(0, cut)
                rest = table.slice(cut)
                pending, rows = rest.to_batches(), rest.num_rows
    if pending:
        yield pa.Table.from_batches(pending)


def _present(table: Any) -> Any:
    """The columns with a value (a column null in every row is a field left out)."""
    keep = [
        n
        for n in table.column_names
        if n == "household_id" or table.column(n).null_count < table.num_rows
    ]
    return table.select(keep)


def _pair(chunk: Any) -> tuple[Any, Any]:
    """A chunk of whole households as ``(households, persons)``, checked: each household once,
    each person with its household."""
    import pyarrow.compute as pc

    if any(DOT in n for n in chunk.column_names):
        chunk = chunk.rename_columns([n.replace(DOT, ".") for n in chunk.column_names])
    kind = chunk.column(ROW)
    drop = [n for n in (ROW, SEQ, PART) if n in chunk.column_names]
    h = _present(chunk.filter(pc.equal(kind, 0)).drop_columns(drop))
    p = _present(chunk.filter(pc.equal(kind, 1)).drop_columns(drop))
    hids = h.column("household_id")
    if len(hids) > 1:
        dup = pc.equal(hids.slice(1), hids.slice(0, len(hids) - 1))
        if pc.any(dup).as_py():
            at = pc.index(dup, True).as_py()
            raise InputError(
                "duplicate_id",
                "household_id",
                f"household {hids[at + 1].as_py()!r} has two household rows",
            )
    pids = p.column("household_id")
    inside = pc.is_in(
        pids, value_set=hids.combine_chunks() if hasattr(hids, "combine_chunks") else hids
    )
    if len(pids) and not pc.all(inside).as_py():
        at = pc.index(inside, False).as_py()
        raise InputError(
            "invalid_value",
            "household_id",
            f"household {pids[at].as_py()!r} has person rows in this partition but its household "
            "row is not here: households must not be split across partitions (partition the "
            "frame by household_id, e.g. with scale.spark_frame)",
        )
    return h, p


# -- per-household amounts ------------------------------------------------------------------------


def _decimal_of(t: Any) -> Any:
    import pyarrow as pa

    return pa.decimal128(38, 2) if t.precision > 18 else pa.decimal128(18, 2)


def amounts_schema(
    reforms: Any = None,
    *,
    household_id: Any = None,
    date: str = "2025-07-01",
    programmes: Iterable[str] | None = None,
    columns: Iterable[str] | None = None,
) -> Any:
    """The pyarrow schema of :func:`amounts`: ``household_id`` (``household_id``'s type,
    ``int64`` by default), ``scenario``, ``members``, ``district``, ``income``,
    ``monthly_total``, ``one_off_total``, ``annual_total``, ``annual_change``, and per programme
    ``<name>.status``, ``<name>.reason`` (strings), ``<name>.monthly`` and ``<name>.one_off``
    (null where none is paid). Money ``decimal128(18, 2)``, annual figures
    ``decimal128(38, 2)``.

    ``programmes`` (wire names, as ``simulate(..., programmes=...)``): only those programmes'
    four columns (the run decides only them and what they rest on; the totals are over the
    programmes decided). ``columns``: only the columns named, in the schema's order, with
    ``household_id`` and ``scenario`` always first (an unknown name is ``invalid_value`` at
    ``columns[i]``). Both narrow the table every household's amounts are written in, and
    ``programmes`` the run too."""
    import pyarrow as pa

    from ._synthetic import synthetic_population

    decided = _guard.programmes(programmes)
    wanted = _columns(columns)
    pop = synthetic_population(1, seed=1, kind="pyarrow")
    sim = simulate_batches(
        [(pop.households, pop.persons)],
        date=date,
        reforms=reforms,
        threads=1,
        progress=False,
        programmes=decided,
    )
    table = sim.arrow()
    fields = []
    for f in table.schema:
        if "." in f.name:
            continue
        typ = f.type
        if pa.types.is_dictionary(typ):
            typ = pa.string()
        elif pa.types.is_decimal(typ):
            typ = _decimal_of(typ)
        if f.name == "household_id":
            typ = household_id if household_id is not None else pa.int64()
        fields.append(pa.field(f.name, typ))
    money = pa.decimal128(18, 2)
    for programme in sim.programmes:
        name = programme["programme"]
        if decided is not None and name not in decided:
            continue
        fields += [
            pa.field(f"{name}.status", pa.string()),
            pa.field(f"{name}.reason", pa.string()),
            pa.field(f"{name}.monthly", money),
            pa.field(f"{name}.one_off", money),
        ]
    if wanted is None:
        return pa.schema(fields)
    names = {f.name for f in fields}
    for i, name in enumerate(wanted):
        if name not in names:
            raise InputError(
                "invalid_value",
                f"columns[{i}]",
                f"no amounts column named {name!r} (see scale.amounts_schema(); with "
                "programmes=, only those programmes' columns)",
            )
    keep = set(wanted) | {"household_id", "scenario"}
    return pa.schema([f for f in fields if f.name in keep])


def _columns(value: Any) -> list[str] | None:
    """``columns``: None for every column, else a list of column names."""
    return _guard.names(
        value, "columns", "column", "columns=['annual_total', 'dibao.monthly']"
    )


#: The columns of the amounts files written with statistics (minimum, maximum: what a reader
#: skips row groups by). Those of the 59 others, decimals mostly, cost more than the rest of
#: the writing together (measured: 0.45 s against 0.19 s for 125,000 households).
_STATISTICS = ["household_id", "scenario"]


def parquet_options() -> dict[str, Any]:
    """The pyarrow Parquet writer options (``pq.write_table(table, path, **options)``,
    ``pq.ParquetWriter(path, schema, **options)``) that store every decimal of precision up to
    18, money's ``decimal(18, 2)`` among them, as ``INT64`` rather than as fixed-length bytes:
    what Spark itself writes (``spark.sql.parquet.writeLegacyFormat`` off, its default), read
    back by pyarrow, Spark, polars and DuckDB as the same ``decimal(18, 2)``, and decoded about
    four times faster (a money column of 2.8 M persons: 0.018 s against 0.071 s in pyarrow on
    one core). The amounts files of :func:`spark_amounts_files` are written with them; write
    population files with them too. Empty where pyarrow lacks the option (it stores decimals
    as fixed-length bytes then; the values are the same)."""
    return dict(_decimal_as_integer())


@functools.cache
def _decimal_as_integer() -> tuple[tuple[str, Any], ...]:
    """:func:`parquet_options`, probed once: whether this pyarrow's writer takes
    ``store_decimal_as_integer``."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    options = {"store_decimal_as_integer": True}
    try:
        probe = pa.schema([("amount", pa.decimal128(18, 2))])
        pq.ParquetWriter(io.BytesIO(), probe, **options).close()
    except TypeError:
        return ()
    return tuple(options.items())


def _stored(schema: Any) -> Any:
    """The schema :func:`amounts` batches are written to Parquet in: every string column a
    dictionary (``int32`` codes), as the engine's statuses and reasons already are, so that
    none is copied out into one string per row. The Parquet files hold plain strings
    (dictionary-encoded pages; the Arrow schema is not stored): read back, by Spark or pyarrow,
    their columns are ``schema``'s."""
    import pyarrow as pa

    return pa.schema(
        [
            pa.field(f.name, pa.dictionary(pa.int32(), f.type)) if f.type == pa.string() else f
            for f in schema
        ],
        metadata=schema.metadata,
    )


def _conform(table: Any, schema: Any) -> Iterator[Any]:
    """A result table as record batches of ``schema`` (strings for dictionaries, absent one-off
    columns null)."""
    import pyarrow as pa

    columns = []
    for field in schema:
        if field.name in table.column_names:
            column = table.column(field.name)
            if column.type != field.type:
                column = column.cast(field.type)
        else:
            column = pa.nulls(table.num_rows, field.type)
        columns.append(column)
    yield from pa.Table.from_arrays(columns, schema=schema).to_batches()


def _named(e: MinzhengError, h: Any, row0: int) -> MinzhengError:
    """An engine error of a chunk with the household named (its path a row of the chunk)."""
    import re

    m = re.match(r"households\[(\d+)\]", e.path)
    message = e.message
    if m and 0 <= int(m.group(1)) - row0 < h.num_rows:
        hid = h.column("household_id")[int(m.group(1)) - row0].as_py()
        message = f"household {hid!r}: {message}"
    return type(e)(e.code, e.path, message)


_END = object()


def _guarded(items: Iterator[Any]) -> Iterator[Any]:
    """``items`` with a raw Python exception raised while iterating turned into a typed error
    (as :func:`_guard.boundary` does for a call)."""
    step = _guard.boundary()(lambda: next(items, _END))
    while True:
        item = step()
        if item is _END:
            return
        yield item


def amounts(
    source: Any,
    *,
    date: str,
    reforms: Any = None,
    common: Mapping[str, Any] | None = None,
    threads: int | None = None,
    ignore: Iterable[str] = (),
    batch_size: int = CHUNK_ROWS,
    schema: Any = None,
    programmes: Iterable[str] | None = None,
    columns: Iterable[str] | None = None,
) -> Iterator[Any]:
    """Per-household amounts of a population frame (its Arrow record batches, a polars
    LazyFrame or a DuckDB relation; one partition of it in Spark): yields pyarrow record batches
    of :func:`amounts_schema`, one row per household and scenario (scenario-major within each
    chunk of ``batch_size`` rows). Memory is bounded by the chunk. Errors raise (the first
    household that cannot be calculated, named). ``programmes`` and ``columns`` narrow the
    run and the table as in :func:`amounts_schema` (``schema``, when given, is the table's
    schema: its columns are the ones kept)."""
    date = _guard.calculation_date(date)
    decided = _guard.programmes(programmes)
    if schema is None:
        schema = amounts_schema(reforms, date=date, programmes=decided, columns=columns)
    return _guarded(
        _amounts(source, date, reforms, common, threads, list(ignore), batch_size, schema, decided)
    )


def _amounts(
    source: Any,
    date: str,
    reforms: Any,
    common: Mapping[str, Any] | None,
    threads: int | None,
    ignore: list[str],
    batch_size: int,
    schema: Any,
    programmes: list[str] | None,
    stored: Any = None,
) -> Iterator[Any]:
    """:func:`amounts`' batches, of ``schema`` (or of ``stored``, its :func:`_stored` form)."""
    for h, p in _pairs(source, batch_size):
        try:
            sim = simulate_batches(
                [(h, p)],
                date=date,
                reforms=reforms,
                common=common,
                threads=threads,
                progress=False,
                ignore=ignore,
                programmes=programmes,
            )
        except MinzhengError as e:
            raise _named(e, h, 0) from None
        table = sim.arrow()
        if table.schema.field("household_id").type != schema.field("household_id").type:
            table = table.set_column(
                0, "household_id", table.column(0).cast(schema.field("household_id").type)
            )
        yield from _conform(table, stored if stored is not None else schema)


def mapper(
    *,
    date: str,
    reforms: Any = None,
    common: Mapping[str, Any] | None = None,
    threads: int = 1,
    ignore: Iterable[str] = (),
    batch_size: int = CHUNK_ROWS,
    household_id: Any = None,
    programmes: Iterable[str] | None = None,
    columns: Iterable[str] | None = None,
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The function for ``DataFrame.mapInArrow`` (PySpark) over a population frame: an
    iterator of one partition's record batches in, :func:`amounts` record batches out, of
    ``amounts_schema(reforms, household_id=household_id, programmes=programmes,
    columns=columns)`` (``spark_schema`` is its Spark schema). ``threads`` per task: 1, as
    Spark runs one task per core."""
    import pyarrow as pa

    programmes = _guard.programmes(programmes)
    schema = amounts_schema(
        reforms,
        household_id=household_id or pa.int64(),
        date=date,
        programmes=programmes,
        columns=columns,
    )
    ignore = list(ignore)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        for _, part in _parts(batches):
            yield from amounts(
                part,
                date=date,
                reforms=reforms,
                common=common,
                threads=threads,
                ignore=ignore,
                batch_size=batch_size,
                schema=schema,
                programmes=programmes,
            )

    return run


def _spark_id_type(frame: Any) -> Any:
    import pyarrow as pa
    from pyspark.sql.pandas.types import to_arrow_type

    typ = to_arrow_type(frame.schema["household_id"].dataType)
    return typ if typ is not None else pa.int64()


def spark_schema(arrow_schema: Any) -> Any:
    """The Spark ``StructType`` of a pyarrow schema (decimals stay decimals)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(arrow_schema)


def spark_amounts(
    frame: Any,
    *,
    date: str,
    reforms: Any = None,
    common: Mapping[str, Any] | None = None,
    ignore: Iterable[str] = (),
    batch_size: int = CHUNK_ROWS,
    programmes: Iterable[str] | None = None,
    columns: Iterable[str] | None = None,
) -> Any:
    """The per-household amounts of a population frame (:func:`spark_frame`) as a Spark
    DataFrame: ``frame.mapInArrow(mapper(...), spark_schema(amounts_schema(...)))``; money
    ``decimal(18,2)`` (annual ``decimal(38,2)``). ``programmes`` and ``columns`` narrow the run
    and the result as in :func:`amounts_schema`."""
    if _spark_nested(frame):
        frame = _spark_names(frame)
    id_type = _spark_id_type(frame)
    fn = mapper(
        date=date,
        reforms=reforms,
        common=common,
        ignore=ignore,
        batch_size=batch_size,
        household_id=id_type,
        programmes=programmes,
        columns=columns,
    )
    schema = amounts_schema(
        reforms, household_id=id_type, date=date, programmes=programmes, columns=columns
    )
    return frame.mapInArrow(fn, spark_schema(schema))


# -- summaries ------------------------------------------------------------------------------------


def _shell(date: str, reforms: Any, common: Mapping[str, Any] | None, skip: set[str]) -> Simulation:
    sim = Simulation()
    inp = _Input()
    inp.kind = "pyarrow"
    inp.skip = skip
    sim._input, sim.kind, sim.date = inp, "pyarrow", date
    sim._common = _common_text(common)
    sim._scenario_objects = _scenarios(sim, reforms)
    return sim


def _sent_pairs(
    pairs: Iterable[tuple[Any, Any]], weight: str | None, skip: set[str], state: dict[str, Any]
) -> Iterator[tuple[Any, Any]]:
    """Chunks as the pairs the native summary reads (columns not sent dropped, the weight
    kept); notes in ``state`` a synthetic population and each chunk's households."""
    for h, p in pairs:
        if "synthetic" in h.column_names:
            state["synthetic"] = True
        if weight is not None and weight not in h.column_names:
            raise InputError(
                "missing_field", f"households.{weight}", f"no household column named {weight!r}"
            )
        state["chunks"].append(h.select(["household_id"]))
        hs = _sent(h, RESERVED_HOUSEHOLD, skip)
        if weight is not None:
            hs = hs.append_column(weight, h.column(weight))
        yield hs, _sent(p, RESERVED_PERSON, skip)


@_guard.boundary()
def summarise(
    source: Any,
    *,
    date: str,
    reforms: Any = None,
    weight: str | None = None,
    common: Mapping[str, Any] | None = None,
    threads: int | None = None,
    ignore: Iterable[str] = (),
    batch_size: int = CHUNK_ROWS,
    progress: bool | None = None,
    total: int | None = None,
) -> Any:
    """The summaries (:class:`Summary`, as ``simulate(...).summarise()``) of a population frame
    streamed in one process (a polars LazyFrame, a DuckDB relation, Arrow batches): each chunk
    of whole households is summarised natively and dropped
    (``simulate_batches(..., keep="summary")``)."""
    pairs = _pairs(source, batch_size)
    sim = simulate_batches(
        pairs,
        date=date,
        reforms=reforms,
        weight=weight,
        common=common,
        threads=threads,
        progress=progress,
        ignore=ignore,
        total=total,
        keep="summary",
    )
    return sim.summarise()


def _partial(
    batches: Iterator[Any],
    partition: int,
    boundaries: bytes | None,
    date: str,
    reforms: Any,
    weight: str | None,
    common: Mapping[str, Any] | None,
    ignore: list[str],
    batch_size: int,
) -> tuple[bytes, Any, Any, int, bool]:
    """One partition's pass: ``(bytes, first id, last id, households, synthetic)``."""
    skip = set(ignore) | ({weight} if weight else set())
    sim = _shell(date, reforms, common, skip)
    state: dict[str, Any] = {"chunks": []}
    # Pass 1 needs only each household's income, members and weight (the histogram), which
    # the engine reads from the input before any scenario: no scenario is calculated in it.
    scenarios = sim._scenario_objects if boundaries is not None else []
    try:
        data = _native.partition_partial(
            _sent_pairs(_pairs(batches, batch_size), weight, skip, state),
            date,
            scenarios,
            partition,
            boundaries,
            sim._common,
            weight,
            1,
            BLOCK,
        )
    except MinzhengError as e:
        import pyarrow as pa

        ids = pa.concat_tables(state["chunks"]) if state["chunks"] else None
        raise (_named(e, ids, 0) if ids is not None else e) from None
    ids = [t.column("household_id") for t in state["chunks"] if t.num_rows]
    first = ids[0][0].as_py() if ids else None
    last = ids[-1][-1].as_py() if ids else None
    n = sum(len(i) for i in ids)
    return bytes(data), first, last, n, bool(state.get("synthetic"))


def _one_pass(
    batches: Iterator[Any],
    date: str,
    reforms: Any,
    weight: str | None,
    common: Mapping[str, Any] | None,
    ignore: list[str],
    batch_size: int,
) -> tuple[bytes, bytes, Any, Any, int, bool]:
    """One partition summarised in one pass: ``(partial, ranked rows, first id, last id,
    households, synthetic)`` (:func:`minzheng._native.partition_one_pass`)."""
    skip = set(ignore) | ({weight} if weight else set())
    sim = _shell(date, reforms, common, skip)
    state: dict[str, Any] = {"chunks": []}
    try:
        partial, rows = _native.partition_one_pass(
            _sent_pairs(_pairs(batches, batch_size), weight, skip, state),
            date,
            sim._scenario_objects,
            sim._common,
            weight,
            1,
            BLOCK,
        )
    except MinzhengError as e:
        import pyarrow as pa

        ids = pa.concat_tables(state["chunks"]) if state["chunks"] else None
        raise (_named(e, ids, 0) if ids is not None else e) from None
    ids = [t.column("household_id") for t in state["chunks"] if t.num_rows]
    first = ids[0][0].as_py() if ids else None
    last = ids[-1][-1].as_py() if ids else None
    n = sum(len(i) for i in ids)
    return bytes(partial), bytes(rows), first, last, n, bool(state.get("synthetic"))


def _one_pass_schema(id_arrow: Any) -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("partial", pa.binary()),
            ("rows", pa.binary()),
            ("rows_size", pa.int64()),
            ("first", id_arrow),
            ("last", id_arrow),
            ("households", pa.int64()),
        ]
    )


def _spark_one_pass_schema(id_spark: Any) -> Any:
    from pyspark.sql.types import BinaryType, LongType, StructField, StructType

    return StructType(
        [
            StructField("partial", BinaryType()),
            StructField("rows", BinaryType()),
            StructField("rows_size", LongType()),
            StructField("first", id_spark),
            StructField("last", id_spark),
            StructField("households", LongType()),
        ]
    )


#: The codec a one-pass task's ranked households travel in to the driver (``pyarrow``'s LZ4
#: frame: about 4× smaller for 4 ms per 4.5 MB; what Spark copies, stores as a task result and
#: sends to the driver shrinks by as much). Without it in the build, they travel as they are.
_ROWS_CODEC = "lz4"


def _packed_rows(rows: bytes) -> tuple[bytes, int | None]:
    """Ranked households as they travel: ``(compressed bytes, their size)``, or ``(rows,
    None)`` when the codec is not available."""
    import pyarrow as pa

    if not rows or not pa.Codec.is_available(_ROWS_CODEC):
        return rows, None
    return pa.compress(rows, codec=_ROWS_CODEC, asbytes=True), len(rows)


def _unpacked_rows(data: bytes, size: int | None) -> bytes:
    """The ranked households of :func:`_packed_rows`' result."""
    import pyarrow as pa

    if size is None:
        return data
    return bytes(pa.decompress(data, decompressed_size=size, codec=_ROWS_CODEC, asbytes=True))


def _one_pass_batch(
    partial: bytes, rows: bytes, first: Any, last: Any, n: int, schema: Any
) -> Any:
    """One row of :func:`_one_pass_schema` (the ranked households compressed)."""
    import pyarrow as pa

    ids = schema.field("first").type
    packed, size = _packed_rows(rows)
    return pa.record_batch(
        [
            pa.array([partial], pa.binary()),
            pa.array([packed], pa.binary()),
            pa.array([size], pa.int64()),
            pa.array([first], ids),
            pa.array([last], ids),
            pa.array([n], pa.int64()),
        ],
        schema=schema,
    )


def _one_pass_runs(batches: Iterable[Any], options: dict[str, Any], schema: Any) -> Iterator[Any]:
    """A record batch of :func:`_one_pass_schema` per run of a nested population's batches."""
    for part in _runs(batches):
        partial, rows, first, last, n, _ = _one_pass(part, **options)
        yield _one_pass_batch(partial, rows, first, last, n, schema)


def _one_pass_summary(
    parts: Iterable[tuple[bytes, bytes, Any, Any, int]],
    options: dict[str, Any],
    synthetic: Callable[[], bool],
    ordered: bool = False,
) -> Any:
    """The partitions' one-pass results merged into a :class:`Summary`: in the order given
    (``ordered``) or sorted by first household, checked to be consecutive ranges of household
    ids in order, the deciles ranked over every partition's households at once."""
    parts = [p for p in parts if p[4]]
    if not ordered:
        parts.sort(key=lambda p: p[2])
    _in_order((k, b"", first, last, n) for k, (_, _, first, last, n) in enumerate(parts))
    agg = _native.merge_one_pass([p[0] for p in parts], [p[1] for p in parts])
    return _summary_of(agg, options, synthetic)


def _passes(passes: int) -> int:
    if passes not in (1, 2) or isinstance(passes, bool):
        raise InputError("out_of_range", "passes", "passes must be 1 or 2")
    return passes


def _spark_pass(
    frame: Any, boundaries: bytes | None, options: dict[str, Any]
) -> list[tuple[int, bytes, Any, Any, int]]:
    id_arrow = _spark_id_type(frame)
    schema = _partials_schema(id_arrow)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        for partition, part in _parts(batches):
            data, first, last, n, _ = _partial(part, partition, boundaries, **options)
            yield _partial_batch(partition, data, first, last, n, schema)

    spark = _spark_partials_schema(frame.schema["household_id"].dataType)
    return _in_order(_rows(_collect(frame.mapInArrow(run, spark))))


def _in_order(
    rows: Iterable[tuple[int, bytes, Any, Any, int]],
) -> list[tuple[int, bytes, Any, Any, int]]:
    """The partitions' partials sorted by partition, checked to be consecutive ranges of
    household ids in order (no household in two partitions)."""
    parts = sorted(rows, key=lambda r: r[0])
    previous = None
    for p, _, first, last, n in parts:
        if n == 0:
            continue
        if previous is not None and not first > previous[1]:
            raise InputError(
                "invalid_value",
                "household_id",
                f"household {first!r} is in partition {p} while partition {previous[0]} reaches "
                f"household {previous[1]!r}: households must not be split across partitions, "
                "and the partitions must be consecutive ranges of household_id in order",
            )
        previous = (p, last)
    return parts


def _two_passes(
    run_pass: Callable[[bytes | None], list[tuple[int, bytes, Any, Any, int]]],
    options: dict[str, Any],
    synthetic: Callable[[], bool],
) -> Any:
    """Pass 1 (histograms), the boundaries, pass 2 (partials), merged into a :class:`Summary`."""
    first = run_pass(None)
    boundaries = bytes(_native.decile_boundaries([(p, data) for p, data, *_ in first]))
    second = run_pass(boundaries)
    agg = _native.merge_partials([data for _, data, _, _, n in second if n])
    return _summary_of(agg, options, synthetic)


def _summary_of(agg: dict[str, Any], options: dict[str, Any], synthetic: Callable[[], bool]) -> Any:
    """The :class:`Summary` of merged partials (the dict of ``merge_partials``)."""
    weight = options["weight"]
    skip = set(options["ignore"]) | ({weight} if weight else set())
    sim = _shell(options["date"], options["reforms"], options["common"], skip)
    sim.synthetic = synthetic()
    n = agg.pop("households")
    agg.pop("errors")
    agg.pop("error_ids")
    sim._input.n = n
    sim._aggregate_cache = (agg, list(agg.pop("district_names")))  # type: ignore[attr-defined]
    return sim.summarise()


def _options(
    date: str,
    reforms: Any,
    weight: str | None,
    common: Mapping[str, Any] | None,
    ignore: Iterable[str],
    batch_size: int,
) -> dict[str, Any]:
    return {
        "date": _guard.calculation_date(date),
        "reforms": reforms,
        "weight": weight,
        "common": common,
        "ignore": list(ignore),
        "batch_size": batch_size,
    }


@_guard.boundary()
def summarise_partitions(
    partitions: Iterable[Any],
    *,
    date: str,
    reforms: Any = None,
    weight: str | None = None,
    common: Mapping[str, Any] | None = None,
    ignore: Iterable[str] = (),
    batch_size: int = CHUNK_ROWS,
    passes: int = 2,
) -> Any:
    """:func:`spark_summarise` for partitions in this process (each a population frame of
    consecutive households, in order: Arrow tables, polars frames, DuckDB relations or
    factories of batch iterators, called once per pass), by the same two passes; for an
    engine with tasks of its own, this is the driver's side to copy. ``passes=1``: each
    partition read once, as :func:`spark_summarise_files` does by default (its ranked
    households kept until the end, 20 + 8 × scenarios bytes each)."""
    options = _options(date, reforms, weight, common, ignore, batch_size)
    sources = list(partitions)
    synthetic = False
    if _passes(passes) == 1:
        parts = []
        for source in sources:
            batches = source() if callable(source) else source
            partial, rows, first, last, n, synth = _one_pass(batches, **options)
            synthetic = synthetic or synth
            parts.append((partial, rows, first, last, n))
        return _one_pass_summary(parts, options, lambda: synthetic, ordered=True)

    def run_pass(boundaries: bytes | None) -> list[tuple[int, bytes, Any, Any, int]]:
        nonlocal synthetic
        rows = []
        for k, source in enumerate(sources):
            batches = source() if callable(source) else source
            data, first, last, n, synth = _partial(batches, k, boundaries, **options)
            synthetic = synthetic or synth
            rows.append((k, data, first, last, n))
        return _in_order(rows)

    return _two_passes(run_pass, options, lambda: synthetic)


def spark_summarise(
    frame: Any,
    *,
    date: str,
    reforms: Any = None,
    weight: str | None = None,
    common: Mapping[str, Any] | None = None,
    ignore: Iterable[str] = (),
    batch_size: int = CHUNK_ROWS,
    passes: int = 2,
) -> Any:
    """The summaries of a population frame (:func:`spark_frame`) run in Spark, equal to the
    single-process ``simulate(...).summarise()`` to the fen. Two passes of ``mapInArrow``, each
    partition summarised where it runs: pass 1 returns each partition's histogram of income per
    member (the decile boundaries are located from them on the driver); pass 2 each
    partition's exact partial summary with the deciles of the whole population, merged on the
    driver in partition order. The weight column must be integers or decimals. ``passes=1``:
    the frame computed once, each partition (or run of a nested population) returning its
    partial and its ranked households (20 + 8 × scenarios bytes each, collected on the
    driver), ranked as one population there, as :func:`spark_summarise_files` does by
    default."""
    options = _options(date, reforms, weight, common, ignore, batch_size)
    nested = _spark_nested(frame)
    if nested:
        frame = _spark_names(_with_runs(frame))
    if _passes(passes) == 1:
        try:
            return _spark_one_pass(frame, nested, options)
        except MinzhengError:
            raise
        except Exception as e:  # a task's error comes back wrapped by Spark
            raise _from_spark(e) from None
    # A nested population's runs, numbered after pass 1 in household_id order: its parts.
    runs = _numbered_runs(lambda b, ranks: _spark_runs_pass(frame, b, ranks, options))

    def run_pass(boundaries: bytes | None) -> list[tuple[int, bytes, Any, Any, int]]:
        try:
            return runs(boundaries) if nested else _spark_pass(frame, boundaries, options)
        except MinzhengError:
            raise
        except Exception as e:  # a task's error comes back wrapped by Spark
            raise _from_spark(e) from None

    return _two_passes(run_pass, options, lambda: "synthetic" in frame.columns)


def _spark_one_pass(frame: Any, nested: bool, options: dict[str, Any]) -> Any:
    """:func:`spark_summarise` in one pass: a partial and the ranked households per run of a
    nested population, or per part of a population frame, merged in household order."""
    id_arrow = _spark_id_type(frame)
    schema = _one_pass_schema(id_arrow)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        if nested:
            yield from _one_pass_runs(batches, options, schema)
            return
        for _, part in _parts(batches):
            partial, rows, first, last, n, _ = _one_pass(part, **options)
            yield _one_pass_batch(partial, rows, first, last, n, schema)

    spark = _spark_one_pass_schema(frame.schema["household_id"].dataType)
    got = _collect(frame.mapInArrow(run, spark))
    return _one_pass_summary(_one_pass_rows(got), options, lambda: "synthetic" in frame.columns)


def _one_pass_rows(rows: Iterable[Any]) -> Iterator[tuple[bytes, bytes, Any, Any, int]]:
    for r in rows:
        ranked = _unpacked_rows(bytes(r["rows"]), r["rows_size"])
        yield bytes(r["partial"]), ranked, r["first"], r["last"], int(r["households"])


def _spark_nested(frame: Any) -> bool:
    """Whether a Spark DataFrame is a nested population (an array column :data:`MEMBERS`)."""
    from pyspark.sql.types import ArrayType

    return MEMBERS in frame.columns and isinstance(frame.schema[MEMBERS].dataType, ArrayType)


def _spark_names(frame: Any) -> Any:
    """A nested population with a ``.`` of its column names written :data:`DOT` (``mapInArrow``
    resolves the columns by name, and Spark reads a dot as a struct field); the members'
    fields keep theirs."""
    names = [c.replace(".", DOT) for c in frame.columns]
    return frame.toDF(*names) if names != frame.columns else frame


def _with_runs(frame: Any) -> Any:
    """A nested population scanned from files with :data:`RUN`, a number of its file split
    (a hash of the file's path and the split's start): a task may read several splits, one
    after the other, and each is a run of consecutive households of its own. Without file
    metadata (not a file scan), the frame as it is: its runs are then told apart by the ids
    alone."""
    from pyspark.sql import functions as F

    try:
        plan = frame._jdf.queryExecution().analyzed()
        scan = plan.getClass().getSimpleName() == "LogicalRelation" and bool(frame.inputFiles())
    except Exception:  # not a classic session: try the metadata column
        scan = True
    if not scan:
        return frame
    try:
        return frame.withColumn(
            RUN, F.xxhash64(F.col("_metadata.file_path"), F.col("_metadata.file_block_start"))
        )
    except Exception:
        return frame


def _runs(batches: Iterable[Any]) -> Iterator[Iterator[Any]]:
    """The runs of a nested population's partition: maximal sequences of rows of one file
    split (:data:`RUN`) and one part (:data:`PART`, :func:`spark_nest`'s) with strictly
    increasing ``household_id``, each as its batches."""
    import itertools

    import pyarrow.compute as pc

    def pieces() -> Iterator[tuple[int, Any]]:
        run = 0
        last: Any = None
        for batch in batches:
            n = batch.num_rows
            if n == 0:
                continue
            names = batch.schema.names
            ids = batch.column(names.index("household_id"))
            keys = [batch.column(names.index(k)) for k in (RUN, PART) if k in names]
            starts = [0]
            if n > 1:
                cut = pc.less_equal(ids.slice(1), ids.slice(0, n - 1))
                for key in keys:
                    cut = pc.or_(cut, pc.not_equal(key.slice(1), key.slice(0, n - 1)))
                starts += [i + 1 for i in pc.indices_nonzero(cut).to_pylist()]
            head = (ids[0].as_py(), [key[0].as_py() for key in keys])
            if last is None or head[0] <= last[0] or head[1] != last[1]:
                run += 1
            for k, (a, b) in enumerate(zip(starts, [*starts[1:], n])):
                if k:
                    run += 1
                yield run, batch.slice(a, b - a)
            last = (ids[n - 1].as_py(), [key[n - 1].as_py() for key in keys])

    for _, group in itertools.groupby(pieces(), key=lambda piece: piece[0]):
        yield (b for _, b in group)


def _partials_schema(id_arrow: Any) -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            ("partition", pa.int64()),
            ("partial", pa.binary()),
            ("first", id_arrow),
            ("last", id_arrow),
            ("households", pa.int64()),
        ]
    )


def _partial_batch(k: int, data: bytes, first: Any, last: Any, n: int, schema: Any) -> Any:
    """One row of :func:`_partials_schema`: part ``k``'s partial summaries and its id range."""
    import pyarrow as pa

    ids = schema.field("first").type
    return pa.record_batch(
        [
            pa.array([k], pa.int64()),
            pa.array([data], pa.binary()),
            pa.array([first], ids),
            pa.array([last], ids),
            pa.array([n], pa.int64()),
        ],
        schema=schema,
    )


def _spark_partials_schema(id_spark: Any) -> Any:
    from pyspark.sql.types import BinaryType, LongType, StructField, StructType

    return StructType(
        [
            StructField("partition", LongType()),
            StructField("partial", BinaryType()),
            StructField("first", id_spark),
            StructField("last", id_spark),
            StructField("households", LongType()),
        ]
    )


def _run_partials(
    batches: Iterable[Any],
    boundaries: bytes | None,
    ranks: dict[Any, int] | None,
    options: dict[str, Any],
    id_arrow: Any,
) -> Iterator[Any]:
    """A record batch of :func:`_partials_schema` per run of a nested population's batches
    (the run's number in ``ranks``, by its first household; 0 in pass 1)."""
    import itertools

    schema = _partials_schema(id_arrow)
    for part in _runs(batches):
        head = next(part)
        start = head.column(head.schema.get_field_index("household_id"))[0].as_py()
        k = 0 if ranks is None else ranks.get(start)
        if k is None:
            raise InputError(
                "invalid_value",
                "household_id",
                f"household {start!r} starts a run of households the first pass did not "
                "see: the population changed between the two passes",
            )
        data, first, last, n, _ = _partial(itertools.chain([head], part), k, boundaries, **options)
        yield _partial_batch(k, data, first, last, n, schema)


def _collect(frame: Any) -> list[dict[str, Any]]:
    """A small Spark result on the driver, through Arrow (``toArrow``: binary columns as
    bytes, faster than ``collect``'s pickled rows) when the session has it."""
    if hasattr(frame, "toArrow"):
        return frame.toArrow().to_pylist()
    return [r.asDict() for r in frame.collect()]


def _rows(rows: Iterable[Any]) -> list[tuple[int, bytes, Any, Any, int]]:
    return [
        (int(r["partition"]), bytes(r["partial"]), r["first"], r["last"], int(r["households"]))
        for r in rows
    ]


def _spark_runs_pass(
    frame: Any, boundaries: bytes | None, ranks: dict[Any, int] | None, options: dict[str, Any]
) -> list[tuple[int, bytes, Any, Any, int]]:
    """One pass of :func:`spark_summarise` over a nested population, a partial per run."""
    id_arrow = _spark_id_type(frame)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        yield from _run_partials(batches, boundaries, ranks, options, id_arrow)

    schema = _spark_partials_schema(frame.schema["household_id"].dataType)
    return _rows(_collect(frame.mapInArrow(run, schema)))


def _numbered_runs(
    run_pass: Callable[[bytes | None, dict[Any, int] | None], list[Any]],
) -> Callable[[bytes | None], list[tuple[int, bytes, Any, Any, int]]]:
    """The passes of a nested population: after pass 1, its runs sorted by first household
    and numbered (the parts of the two-pass method); pass 2 gives each run its number."""
    ranks: dict[Any, int] = {}

    def numbered(boundaries: bytes | None) -> list[tuple[int, bytes, Any, Any, int]]:
        rows = run_pass(boundaries, ranks if boundaries else None)
        if boundaries is None:
            rows = sorted(rows, key=lambda r: r[2])
            ranks.update({r[2]: k for k, r in enumerate(rows)})
        return _in_order((ranks[r[2]], *r[1:]) for r in rows)

    return numbered


def _files(paths: Any) -> list[str]:
    """The Parquet files of ``paths`` (files or directories, local paths or URIs that
    ``pyarrow.fs`` knows), in name order."""
    import pyarrow.fs as pafs

    out: list[str] = []
    for path in [paths] if isinstance(paths, (str, os.PathLike)) else list(paths):
        text = os.fspath(path)
        local = "://" not in text
        fs, root = (
            (pafs.LocalFileSystem(), os.path.abspath(text))
            if local
            else pafs.FileSystem.from_uri(text)
        )
        info = fs.get_file_info(root)
        if info.type == pafs.FileType.Directory:
            found = fs.get_file_info(pafs.FileSelector(root, recursive=True))
            names = sorted(
                f.path
                for f in found
                if f.type == pafs.FileType.File
                and f.base_name.endswith(".parquet")
                and not f.base_name.startswith(("_", "."))
            )
        elif info.type == pafs.FileType.File:
            names = [root]
        else:
            raise InputError("invalid_value", "paths", f"no file or directory {text!r}")
        if local:
            out += names
        else:  # the URI of each file: the one given, and the file's path below its root
            base = root.rstrip("/")
            out += [text.rstrip("/") + n[len(base) :] if n != root else text for n in names]
    if not out:
        raise InputError("invalid_value", "paths", "no Parquet files in the paths given")
    return out


def _open(path: str, read_dictionary: list[str] | None = None, metadata: Any = None) -> Any:
    """A Parquet file (a local path or a URI), its footer ``metadata`` when already read."""
    import pyarrow.fs as pafs
    import pyarrow.parquet as pq

    options = {"read_dictionary": read_dictionary, "metadata": metadata}
    if "://" in path:
        fs, inner = pafs.FileSystem.from_uri(path)
        return pq.ParquetFile(fs.open_input_file(inner), **options)
    return pq.ParquetFile(path, **options)


def _categorical(metadata: Any) -> list[str]:
    """The string columns of a Parquet file whose first row group stores them
    dictionary-encoded with a small dictionary (at most an eighth of the column's bytes: codes,
    districts, relationships, not names), as ``read_dictionary`` paths: decoded as Arrow
    dictionaries, their values are not copied out once per row (about a quarter of the
    decoding of the synthetic nested files). The engine reads a dictionary column as the plain
    one, to the same results."""
    if metadata.num_row_groups == 0:
        return []
    group = metadata.row_group(0)
    schema = metadata.schema
    out = []
    for i in range(group.num_columns):
        column = group.column(i)
        logical = schema.column(i).logical_type.type
        if column.physical_type != "BYTE_ARRAY" or logical != "STRING":
            continue
        start = column.dictionary_page_offset
        if not column.has_dictionary_page or start is None:
            continue
        if (column.data_page_offset - start) * 8 <= column.total_compressed_size:
            out.append(column.path_in_schema)
    return out


def _worker_rows(batch_size: int) -> int:
    """Rows of the record batches a ``_files`` worker reads at a time (:func:`_scan`): a quarter
    of the engine's chunk, at least 1,000."""
    return max(batch_size // 4, 1_000)


def _scan(path: str, rows: int) -> Iterator[Any]:
    """A file's record batches of ``rows`` rows, decoded without pyarrow's threads (a Spark
    task's worker has a core of its own: faster on a loaded machine), its categorical strings
    as dictionaries (:func:`_categorical`)."""
    file = _open(path)
    categorical = _categorical(file.metadata)
    if categorical:
        file = _open(path, categorical, file.metadata)
    return file.iter_batches(batch_size=rows, use_threads=False)


def _listing(spark: Any, files: list[str], tasks: int | None) -> Any:
    """One row per file (its number), spread evenly over ``tasks`` Spark tasks (Spark's
    default parallelism by default), consecutive files in each."""
    if tasks is not None and (isinstance(tasks, bool) or not isinstance(tasks, int) or tasks < 1):
        raise InputError("out_of_range", "tasks", "tasks must be a whole number of at least 1")
    n = tasks or max(int(spark.sparkContext.defaultParallelism), 1)
    return spark.range(0, len(files), numPartitions=min(n, len(files)))


def _nested_schema(files: list[str]) -> Any:
    first = _open(files[0]).schema_arrow
    if not _nested(first) or "household_id" not in first.names:
        raise InputError(
            "invalid_value",
            "paths",
            f"{files[0]} is not a nested population (household_id and a {MEMBERS!r} list)",
        )
    return first


def _write_amounts(
    batches: Iterable[Any],
    target: str,
    filesystem: Any,
    *,
    date: str,
    reforms: Any,
    common: Any,
    ignore: list[str],
    batch_size: int,
    schema: Any,
    programmes: Any,
) -> None:
    """Writes the amounts of the population ``batches`` (a nested population's record batches)
    as one Parquet file at ``target``, as a worker of :func:`spark_amounts_files` writes each of
    its files: one thread, the schema stored as data (``_stored``), statistics only for
    ``_STATISTICS``, decimals as ``INT64`` (:func:`parquet_options`)."""
    import pyarrow.parquet as pq

    stored = _stored(schema)
    with pq.ParquetWriter(
        target,
        stored,
        filesystem=filesystem,
        store_schema=False,
        write_statistics=_STATISTICS,
        **parquet_options(),
    ) as writer:
        for part in _guarded(
            _amounts(
                batches, date, reforms, common, 1, ignore, batch_size, schema, programmes, stored
            )
        ):
            writer.write_batch(part)


def spark_amounts_files(
    spark: Any,
    paths: Any,
    out: str,
    *,
    date: str,
    reforms: Any = None,
    common: Mapping[str, Any] | None = None,
    ignore: Iterable[str] = (),
    batch_size: int = CHUNK_ROWS,
    tasks: int | None = None,
    programmes: Iterable[str] | None = None,
    columns: Iterable[str] | None = None,
) -> list[str]:
    """Every household's amounts of a nested population stored as Parquet files, written as
    Parquet files of :func:`amounts_schema` into the directory ``out`` (``part-NNNNN.parquet``,
    one per input file, in its order), with Spark scheduling the files and each task's Python
    worker reading and writing them itself (pyarrow: no Spark scan, no row conversion either
    way). ``paths`` and ``out``: local paths or URIs of a filesystem ``pyarrow.fs`` knows, that
    the executors reach. Returns the files written, in order. Money ``decimal128(18, 2)``;
    the strings are written dictionary-encoded (read back as strings, the schema's type).
    ``programmes`` and ``columns`` narrow the run and the files as in :func:`amounts_schema`
    (e.g. ``columns=["annual_total", "annual_change"]``: four columns instead of 61)."""
    import pyarrow as pa
    import pyarrow.fs as pafs
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    date = _guard.calculation_date(date)
    files = _files(paths)
    first = _nested_schema(files)
    decided = _guard.programmes(programmes)
    schema = amounts_schema(
        reforms,
        household_id=first.field("household_id").type,
        date=date,
        programmes=decided,
        columns=columns,
    )
    text = os.fspath(out)
    if "://" in text:
        fs, root = pafs.FileSystem.from_uri(text)
    else:
        fs, root = pafs.LocalFileSystem(), os.path.abspath(text)
        text = root
    fs.create_dir(root, recursive=True)
    ignore = list(ignore)
    rows_per_batch = _worker_rows(batch_size)
    result = StructType([StructField("k", LongType()), StructField("path", StringType())])

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        for batch in batches:
            for k in batch.column(0).to_pylist():
                target = f"{text.rstrip('/')}/part-{k:05d}.parquet"
                where, inner = (
                    pafs.FileSystem.from_uri(target) if "://" in target else (None, target)
                )
                _write_amounts(
                    _scan(files[k], rows_per_batch),
                    inner,
                    where,
                    date=date,
                    reforms=reforms,
                    common=common,
                    ignore=ignore,
                    batch_size=batch_size,
                    schema=schema,
                    programmes=decided,
                )
                yield pa.record_batch(
                    [pa.array([k], pa.int64()), pa.array([target], pa.string())],
                    names=["k", "path"],
                )

    try:
        rows = _collect(_listing(spark, files, tasks).mapInArrow(run, result))
    except MinzhengError:
        raise
    except Exception as e:  # a task's error comes back wrapped by Spark
        raise _from_spark(e) from None
    return [r["path"] for r in sorted(rows, key=lambda r: r["k"])]


def spark_summarise_files(
    spark: Any,
    paths: Any,
    *,
    date: str,
    reforms: Any = None,
    weight: str | None = None,
    common: Mapping[str, Any] | None = None,
    ignore: Iterable[str] = (),
    batch_size: int = CHUNK_ROWS,
    tasks: int | None = None,
    passes: int = 1,
) -> Any:
    """:func:`spark_summarise` of a nested population stored as Parquet files, with Spark
    scheduling the files and each task's Python worker reading its files itself (pyarrow, in
    Arrow batches: no Spark scan, no row conversion). ``paths``: files or directories, local
    paths or URIs of a filesystem ``pyarrow.fs`` knows (``s3://``, ``hdfs://``, …, which the
    executors must be able to reach). ``tasks``: how many Spark tasks the files are spread
    over (Spark's default parallelism by default). Equal to ``simulate(...).summarise()`` to
    the fen.

    ``passes=1`` (the default) reads the files once: each run of households returns its
    partial summary and its ranked households (income, members, weight and each scenario's
    annual total: 20 + 8 × scenarios bytes a household, collected on the driver), which the
    driver ranks as one population for the deciles. ``passes=2`` is :func:`spark_summarise`'s
    method (the files read twice, a few kB a task collected): for populations whose ranked
    households do not fit in the driver's memory or ``spark.driver.maxResultSize``."""
    from pyspark.sql.pandas.types import from_arrow_type

    options = _options(date, reforms, weight, common, ignore, batch_size)
    files = _files(paths)
    first = _nested_schema(files)
    id_arrow = first.field("household_id").type
    schema = _spark_partials_schema(from_arrow_type(id_arrow))
    listing = _listing(spark, files, tasks)
    rows_per_batch = _worker_rows(batch_size)
    if _passes(passes) == 1:
        one = _one_pass_schema(id_arrow)

        def run_one(batches: Iterator[Any]) -> Iterator[Any]:
            for batch in batches:
                for k in batch.column(0).to_pylist():
                    scan = _scan(files[k], rows_per_batch)
                    yield from _one_pass_runs(scan, options, one)

        try:
            got = listing.mapInArrow(run_one, _spark_one_pass_schema(from_arrow_type(id_arrow)))
            rows = _collect(got)
        except MinzhengError:
            raise
        except Exception as e:  # a task's error comes back wrapped by Spark
            raise _from_spark(e) from None
        return _one_pass_summary(
            _one_pass_rows(rows), options, lambda: "synthetic" in first.names
        )

    def run_pass(
        boundaries: bytes | None, ranks: dict[Any, int] | None
    ) -> list[tuple[int, bytes, Any, Any, int]]:
        def run(batches: Iterator[Any]) -> Iterator[Any]:
            for batch in batches:
                for k in batch.column(0).to_pylist():
                    scan = _scan(files[k], rows_per_batch)
                    yield from _run_partials(scan, boundaries, ranks, options, id_arrow)

        try:
            return _rows(_collect(listing.mapInArrow(run, schema)))
        except MinzhengError:
            raise
        except Exception as e:  # a task's error comes back wrapped by Spark
            raise _from_spark(e) from None

    return _two_passes(_numbered_runs(run_pass), options, lambda: "synthetic" in first.names)


def _from_spark(e: Exception) -> Exception:
    """A minzheng error raised inside a Spark task, as the typed error (Spark wraps it in a
    ``PythonException`` whose text ends with the original's)."""
    import re

    from ..errors import error_class

    text = str(e)
    found = re.findall(
        r"(?:minzheng\.errors\.)?(?:InputError|ParameterError): (\w+)(?: at ([^:\n]*))?: ([^\n]*)",
        text,
    )
    if found:
        code, path, message = found[-1]
        return error_class(code)(code, path, message)
    return e
