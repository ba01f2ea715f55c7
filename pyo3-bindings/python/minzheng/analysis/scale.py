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

Money is ``decimal128(18, 2)`` (annual figures ``decimal128(38, 2)``), never a float; the
schema is :func:`amounts_schema`. See ``docs/scaling.md``.
"""

from __future__ import annotations

import math
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

__all__ = [
    "CHUNK_ROWS",
    "DOT",
    "PART",
    "ROW",
    "SEQ",
    "amounts",
    "amounts_schema",
    "arrow_frame",
    "duckdb_relation",
    "mapper",
    "polars_frame",
    "spark_amounts",
    "spark_frame",
    "spark_schema",
    "spark_summarise",
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
    from pyspark.sql.types import NumericType

    _shared(households.columns, persons.columns)
    if not isinstance(households.schema["household_id"].dataType, NumericType):
        raise InputError(
            "invalid_type",
            "households.household_id",
            "a Spark population frame needs numeric household ids (its parts are id ranges)",
        )
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
    cuts = households.approxQuantile("household_id", [k / n for k in range(1, n)], 0.001)
    bounds = sorted({math.ceil(c) for c in cuts if c is not None and math.isfinite(c)})
    part = F.lit(0)
    for k, bound in enumerate(bounds):
        part = F.when(F.col("household_id") >= F.lit(bound), F.lit(k + 1)).otherwise(part)
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
    reforms: Any = None, *, household_id: Any = None, date: str = "2025-07-01"
) -> Any:
    """The pyarrow schema of :func:`amounts`: ``household_id`` (``household_id``'s type,
    ``int64`` by default), ``scenario``, ``members``, ``district``, ``income``,
    ``monthly_total``, ``one_off_total``, ``annual_total``, ``annual_change``, and per programme
    ``<name>.status``, ``<name>.reason`` (strings), ``<name>.monthly`` and ``<name>.one_off``
    (null where none is paid). Money ``decimal128(18, 2)``, annual figures
    ``decimal128(38, 2)``."""
    import pyarrow as pa

    from ._synthetic import synthetic_population

    pop = synthetic_population(1, seed=1, kind="pyarrow")
    sim = simulate_batches(
        [(pop.households, pop.persons)], date=date, reforms=reforms, threads=1, progress=False
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
        fields += [
            pa.field(f"{name}.status", pa.string()),
            pa.field(f"{name}.reason", pa.string()),
            pa.field(f"{name}.monthly", money),
            pa.field(f"{name}.one_off", money),
        ]
    return pa.schema(fields)


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
) -> Iterator[Any]:
    """Per-household amounts of a population frame (its Arrow record batches, a polars
    LazyFrame or a DuckDB relation; one partition of it in Spark): yields pyarrow record batches
    of :func:`amounts_schema`, one row per household and scenario (scenario-major within each
    chunk of ``batch_size`` rows). Memory is bounded by the chunk. Errors raise (the first
    household that cannot be calculated, named)."""
    date = _guard.calculation_date(date)
    return _guarded(
        _amounts(source, date, reforms, common, threads, list(ignore), batch_size, schema)
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
) -> Iterator[Any]:
    schema = schema if schema is not None else amounts_schema(reforms, date=date)
    for chunk in _chunks(source, batch_size):
        h, p = _pair(chunk)
        try:
            sim = simulate_batches(
                [(h, p)],
                date=date,
                reforms=reforms,
                common=common,
                threads=threads,
                progress=False,
                ignore=ignore,
            )
        except MinzhengError as e:
            raise _named(e, h, 0) from None
        table = sim.arrow()
        if table.schema.field("household_id").type != schema.field("household_id").type:
            table = table.set_column(
                0, "household_id", table.column(0).cast(schema.field("household_id").type)
            )
        yield from _conform(table, schema)


def mapper(
    *,
    date: str,
    reforms: Any = None,
    common: Mapping[str, Any] | None = None,
    threads: int = 1,
    ignore: Iterable[str] = (),
    batch_size: int = CHUNK_ROWS,
    household_id: Any = None,
) -> Callable[[Iterator[Any]], Iterator[Any]]:
    """The function for ``DataFrame.mapInArrow`` (PySpark) over a population frame: an
    iterator of one partition's record batches in, :func:`amounts` record batches out, of
    ``amounts_schema(reforms, household_id=household_id)`` (``spark_schema`` is its Spark
    schema). ``threads`` per task: 1, as Spark runs one task per core."""
    import pyarrow as pa

    schema = amounts_schema(reforms, household_id=household_id or pa.int64(), date=date)
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
) -> Any:
    """The per-household amounts of a population frame (:func:`spark_frame`) as a Spark
    DataFrame: ``frame.mapInArrow(mapper(...), spark_schema(amounts_schema(...)))``; money
    ``decimal(18,2)`` (annual ``decimal(38,2)``)."""
    id_type = _spark_id_type(frame)
    fn = mapper(
        date=date,
        reforms=reforms,
        common=common,
        ignore=ignore,
        batch_size=batch_size,
        household_id=id_type,
    )
    schema = amounts_schema(reforms, household_id=id_type, date=date)
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
    chunks: Iterable[Any], weight: str | None, skip: set[str], state: dict[str, Any]
) -> Iterator[tuple[Any, Any]]:
    """Chunks as the pairs the native summary reads (columns not sent dropped, the weight
    kept); notes in ``state`` a synthetic population and each chunk's households."""
    for chunk in chunks:
        h, p = _pair(chunk)
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
    pairs = (_pair(chunk) for chunk in _chunks(source, batch_size))
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
    try:
        data = _native.partition_partial(
            _sent_pairs(_chunks(batches, batch_size), weight, skip, state),
            date,
            sim._scenario_objects,
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


def _spark_pass(
    frame: Any, boundaries: bytes | None, options: dict[str, Any]
) -> list[tuple[int, bytes, Any, Any, int]]:
    import pyarrow as pa
    from pyspark.sql.types import BinaryType, LongType, StructField, StructType

    id_arrow = _spark_id_type(frame)
    id_spark = frame.schema["household_id"].dataType
    out_schema = pa.schema(
        [
            ("partition", pa.int64()),
            ("partial", pa.binary()),
            ("first", id_arrow),
            ("last", id_arrow),
            ("households", pa.int64()),
        ]
    )

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        for partition, part in _parts(batches):
            data, first, last, n, _ = _partial(part, partition, boundaries, **options)
            yield pa.record_batch(
                [
                    pa.array([partition], pa.int64()),
                    pa.array([data], pa.binary()),
                    pa.array([first], id_arrow),
                    pa.array([last], id_arrow),
                    pa.array([n], pa.int64()),
                ],
                schema=out_schema,
            )

    spark = StructType(
        [
            StructField("partition", LongType()),
            StructField("partial", BinaryType()),
            StructField("first", id_spark),
            StructField("last", id_spark),
            StructField("households", LongType()),
        ]
    )
    rows = frame.mapInArrow(run, spark).collect()
    return _in_order(
        (int(r["partition"]), bytes(r["partial"]), r["first"], r["last"], int(r["households"]))
        for r in rows
    )


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
) -> Any:
    """:func:`spark_summarise` for partitions in this process (each a population frame of
    consecutive households, in order: Arrow tables, polars frames, DuckDB relations or
    factories of batch iterators, called once per pass), by the same two passes; for an
    engine with tasks of its own, this is the driver's side to copy."""
    options = _options(date, reforms, weight, common, ignore, batch_size)
    sources = list(partitions)
    synthetic = False

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
) -> Any:
    """The summaries of a population frame (:func:`spark_frame`) run in Spark, equal to the
    single-process ``simulate(...).summarise()`` to the fen. Two passes of ``mapInArrow``, each
    partition summarised where it runs: pass 1 returns each partition's histogram of income per
    member (the decile boundaries are located from them on the driver); pass 2 each
    partition's exact partial summary with the deciles of the whole population, merged on the
    driver in partition order. The weight column must be integers or decimals."""
    options = _options(date, reforms, weight, common, ignore, batch_size)

    def run_pass(boundaries: bytes | None) -> list[tuple[int, bytes, Any, Any, int]]:
        try:
            return _spark_pass(frame, boundaries, options)
        except MinzhengError:
            raise
        except Exception as e:  # a task's error comes back wrapped by Spark
            raise _from_spark(e) from None

    return _two_passes(run_pass, options, lambda: "synthetic" in frame.columns)


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
