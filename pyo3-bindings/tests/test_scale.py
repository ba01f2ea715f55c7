"""minzheng.analysis.scale in one process: population frames of pyarrow, polars and DuckDB,
per-household amounts and summaries equal to the single-process run to the fen, the two-pass
deciles over partitions, and the typed errors of a frame that splits households."""

from __future__ import annotations

from typing import Any

import pytest

from analysis_support import require
from scale_support import assert_same_amounts, assert_same_summaries, require_scale

pa = require("pyarrow")
pc = require("pyarrow.compute")

from minzheng import InputError  # noqa: E402
from minzheng import analysis as mza  # noqa: E402
from minzheng.analysis import scale  # noqa: E402

DATE = "2025-07-01"
REFORMS = [
    mza.reform("dibao_1400", {"dibao.standard": "1400"}, start=DATE),
    mza.reform("dibao_1200", {"dibao.standard": "1200"}, start=DATE),
]


@pytest.fixture(scope="module")
def population() -> Any:
    pop = mza.synthetic_population(6_000, seed=31, kind="pyarrow")
    return pop.households, pop.persons


@pytest.fixture(scope="module")
def single(population: Any) -> Any:
    sim = mza.simulate(population, date=DATE, reforms=REFORMS, weight="weight", progress=False)
    return sim.arrow(), sim.summarise()


def _amounts(source: Any, **kw: Any) -> Any:
    return pa.Table.from_batches(list(scale.amounts(source, date=DATE, reforms=REFORMS, **kw)))


def _ranges(frame: Any, cuts: list[int]) -> list[Any]:
    ids = frame.column("household_id")
    bounds = [-1, *cuts, 2**62]
    return [
        frame.filter(pc.and_(pc.greater(ids, a), pc.less_equal(ids, b)))
        for a, b in zip(bounds, bounds[1:])
    ]


def test_arrow_frame_amounts_and_summaries_equal_the_single_run(
    population: Any, single: Any
) -> None:
    frame = scale.arrow_frame(*population)
    # Small chunks, cut anywhere by the batches: households are regrouped whole.
    batches = frame.to_batches(max_chunksize=997)
    got = _amounts(iter(batches), batch_size=1_500)
    assert got.schema == scale.amounts_schema(REFORMS)
    assert got.schema.field("dibao.monthly").type == pa.decimal128(18, 2)
    assert got.schema.field("annual_total").type == pa.decimal128(38, 2)
    assert_same_amounts(got, single[0])
    summary = scale.summarise(
        iter(batches), date=DATE, reforms=REFORMS, weight="weight", batch_size=2_000
    )
    assert_same_summaries(summary, single[1])


def test_partitions_two_passes_equal_the_single_run(population: Any, single: Any) -> None:
    frame = scale.arrow_frame(*population)
    # Uneven partitions, one of a single household, one empty.
    parts = _ranges(frame, [100, 101, 2_500, 2_500, 5_100])
    summary = scale.summarise_partitions(
        [lambda t=t: iter(t.to_batches(max_chunksize=700)) for t in parts],
        date=DATE,
        reforms=REFORMS,
        weight="weight",
        batch_size=1_000,
    )
    assert_same_summaries(summary, single[1])
    # Unweighted too (the deciles then hold a tenth of the households each).
    plain = mza.simulate(population, date=DATE, reforms=REFORMS, progress=False).summarise()
    assert_same_summaries(
        scale.summarise_partitions(parts, date=DATE, reforms=REFORMS, batch_size=1_000), plain
    )
    # In one pass (each partition read once, its ranked households merged on the driver):
    # the same deciles and figures, weighted or not.
    one = scale.summarise_partitions(
        [lambda t=t: iter(t.to_batches(max_chunksize=700)) for t in parts],
        date=DATE,
        reforms=REFORMS,
        weight="weight",
        batch_size=1_000,
        passes=1,
    )
    assert_same_summaries(one, single[1])
    assert_same_summaries(
        scale.summarise_partitions(parts, date=DATE, reforms=REFORMS, batch_size=1_000, passes=1),
        plain,
    )
    with pytest.raises(InputError) as e:
        scale.summarise_partitions(parts, date=DATE, passes=3)
    assert (e.value.code, e.value.path) == ("out_of_range", "passes")


def test_polars_lazy_scan_of_parquet(population: Any, single: Any, tmp_path: Any) -> None:
    pl = require("polars")
    pq = require("pyarrow.parquet")
    h, p = population
    for k, t in enumerate(_ranges(h, [2_000, 4_000])):
        pq.write_table(t, tmp_path / f"h-{k}.parquet")
    for k, t in enumerate(_ranges(p, [2_000, 4_000])):
        pq.write_table(t, tmp_path / f"p-{k}.parquet")
    frame = scale.polars_frame(
        pl.scan_parquet(tmp_path / "h-*.parquet"), pl.scan_parquet(tmp_path / "p-*.parquet")
    )
    assert_same_amounts(_amounts(frame, batch_size=2_000), single[0])
    summary = scale.summarise(frame, date=DATE, reforms=REFORMS, weight="weight", batch_size=2_000)
    assert_same_summaries(summary, single[1])


def test_duckdb_query_through_arrow(population: Any, single: Any) -> None:
    duckdb = require_scale("duckdb")
    con = duckdb.connect()
    households, persons = population
    con.register("households_t", households)
    con.register("persons_t", persons)
    relation = scale.duckdb_relation(con, "households_t", "persons_t")
    assert_same_amounts(_amounts(relation, batch_size=2_000), single[0])
    relation = scale.duckdb_relation(con, "households_t", "persons_t")
    summary = scale.summarise(relation, date=DATE, reforms=REFORMS, weight="weight")
    assert_same_summaries(summary, single[1])


def test_a_split_household_is_an_error_naming_it(population: Any) -> None:
    frame = scale.arrow_frame(*population)
    ids = frame.column("household_id")
    hid = ids[len(ids) // 2].as_py()
    kind = frame.column(scale.ROW)
    # The household's row in one partition, its persons in the next.
    first = frame.filter(pc.or_(pc.less(ids, hid), pc.and_(pc.equal(ids, hid), pc.equal(kind, 0))))
    second = frame.filter(
        pc.or_(pc.greater(ids, hid), pc.and_(pc.equal(ids, hid), pc.equal(kind, 1)))
    )
    with pytest.raises(InputError) as e:
        list(scale.amounts(second, date=DATE))
    assert (e.value.code, e.value.path) == ("invalid_value", "household_id")
    assert f"household {hid!r}" in e.value.message and "split" in e.value.message
    with pytest.raises(InputError) as e:
        scale.summarise_partitions([second], date=DATE)
    assert (e.value.code, e.value.path) == ("invalid_value", "household_id")
    assert f"household {hid!r}" in e.value.message
    # Run in order, the first partition already fails: its household has no members there.
    with pytest.raises(InputError) as e:
        scale.summarise_partitions([first, second], date=DATE)
    assert e.value.code == "no_members" and f"household {hid!r}" in e.value.message
    # Partitions out of order (or overlapping): refused, naming the household.
    a, b = _ranges(frame, [3_000])
    with pytest.raises(InputError) as e:
        scale.summarise_partitions([b, a], date=DATE)
    assert e.value.code == "invalid_value" and "must not be split" in e.value.message
    with pytest.raises(InputError) as e:
        scale.summarise_partitions([b, a], date=DATE, passes=1)
    assert e.value.code == "invalid_value" and "must not be split" in e.value.message


def test_unsorted_and_duplicated_frames_are_errors(population: Any) -> None:
    frame = scale.arrow_frame(*population)
    backwards = frame.take(pa.array(range(frame.num_rows - 1, -1, -1)))
    with pytest.raises(InputError) as e:
        list(scale.amounts(backwards.to_batches(max_chunksize=100), date=DATE))
    assert e.value.code == "invalid_value" and e.value.path.endswith(".household_id")
    kind = frame.column(scale.ROW)
    first = frame.filter(pc.equal(kind, 0)).slice(0, 1)
    doubled = pa.concat_tables([first, frame]).sort_by("household_id")
    with pytest.raises(InputError) as e:
        list(scale.amounts(doubled, date=DATE))
    assert e.value.code == "duplicate_id"
    assert repr(first.column("household_id")[0].as_py()) in e.value.message


def test_engine_errors_name_the_household(population: Any) -> None:
    h, p = population
    bad = h.set_column(
        h.schema.get_field_index("district"),
        "district",
        pa.array(["nowhere"] + h.column("district").to_pylist()[1:]),
    )
    frame = scale.arrow_frame(bad, p)
    hid = h.column("household_id")[0].as_py()
    with pytest.raises(InputError) as e:
        list(scale.amounts(frame, date=DATE))
    assert e.value.path.endswith(".district") and f"household {hid!r}" in e.value.message
    with pytest.raises(InputError) as e:
        scale.summarise_partitions([frame], date=DATE)
    assert e.value.path.endswith(".district")


def test_conflicting_columns_are_refused(population: Any) -> None:
    h, p = population
    with pytest.raises(InputError) as e:
        scale.arrow_frame(h, p.append_column("district", pa.array(["x"] * p.num_rows)))
    assert (e.value.code, e.value.path) == ("conflicting_fields", "persons.district")


def test_a_source_of_the_wrong_kind_is_a_typed_error() -> None:
    with pytest.raises(InputError) as e:
        list(scale.amounts(42, date=DATE))
    assert e.value.code == "invalid_type"
    with pytest.raises(InputError) as e:
        scale.summarise(42, date=DATE)
    assert e.value.code == "invalid_type"


def test_nested_population_amounts_and_summaries_equal_the_single_run(
    population: Any, single: Any
) -> None:
    nested = scale.nest_arrow(*population)
    assert nested.num_rows == population[0].num_rows
    assert nested.column_names[-1] == scale.MEMBERS
    assert pc.sum(pc.list_value_length(nested.column(scale.MEMBERS))).as_py() == (
        population[1].num_rows
    )
    # Batches cut anywhere hold whole households: no regrouping.
    batches = nested.to_batches(max_chunksize=997)
    got = _amounts(iter(batches), batch_size=1_500)
    assert got.schema == scale.amounts_schema(REFORMS)
    assert_same_amounts(got, single[0])
    summary = scale.summarise(
        iter(batches), date=DATE, reforms=REFORMS, weight="weight", batch_size=2_000
    )
    assert_same_summaries(summary, single[1])
    parts = _ranges(nested, [100, 101, 2_500, 5_100])
    summary = scale.summarise_partitions(
        parts, date=DATE, reforms=REFORMS, weight="weight", batch_size=1_000
    )
    assert_same_summaries(summary, single[1])


def test_nested_population_scanned_by_polars_and_duckdb(
    population: Any, single: Any, tmp_path: Any
) -> None:
    pl = require("polars")
    duckdb = require_scale("duckdb")
    pq = require("pyarrow.parquet")
    nested = scale.nest_arrow(*population)
    for k, t in enumerate(_ranges(nested, [2_000, 4_000])):
        pq.write_table(t, tmp_path / f"n-{k}.parquet")
    lf = pl.scan_parquet(tmp_path / "n-*.parquet")
    assert_same_amounts(_amounts(lf, batch_size=2_000), single[0])
    summary = scale.summarise(lf, date=DATE, reforms=REFORMS, weight="weight", batch_size=2_000)
    assert_same_summaries(summary, single[1])
    con = duckdb.connect()
    relation = con.sql(
        f"SELECT * FROM read_parquet('{tmp_path}/n-*.parquet') ORDER BY household_id"
    )
    summary = scale.summarise(relation, date=DATE, reforms=REFORMS, weight="weight")
    assert_same_summaries(summary, single[1])


def test_nest_arrow_refuses_what_it_cannot_nest(population: Any) -> None:
    h, p = population
    with pytest.raises(InputError) as e:
        scale.nest_arrow(pa.concat_tables([h.slice(0, 1), h]), p)
    assert e.value.code == "duplicate_id"
    with pytest.raises(InputError) as e:
        scale.nest_arrow(h.slice(1), p)
    assert e.value.code == "invalid_value" and "not in the households table" in e.value.message


def test_the_files_of_a_nested_population_are_listed_by_path_or_uri(
    population: Any, tmp_path: Any
) -> None:
    pq = require("pyarrow.parquet")
    nested = scale.nest_arrow(*population)
    (tmp_path / "population" / "deeper").mkdir(parents=True)
    pq.write_table(nested.slice(0, 10), tmp_path / "population" / "b.parquet")
    pq.write_table(nested.slice(10), tmp_path / "population" / "deeper" / "a.parquet")
    (tmp_path / "population" / "_SUCCESS").write_text("")
    local = scale._files(tmp_path / "population")
    assert [f.rsplit("/", 1)[1] for f in local] == ["b.parquet", "a.parquet"]
    uris = scale._files(f"file://{tmp_path}/population")
    assert uris == [f"file://{f}" for f in local]
    assert sum(scale._open(f).metadata.num_rows for f in uris) == nested.num_rows
    with pytest.raises(InputError) as e:
        scale._files(tmp_path / "nowhere")
    assert (e.value.code, e.value.path) == ("invalid_value", "paths")


def test_amounts_narrowed_by_programmes_and_columns(population: Any, tmp_path: Any) -> None:
    # programmes= decides only those (as simulate(..., programmes=...)); columns= keeps only
    # those named, household_id and scenario first: the values are the full run's, to the fen.
    pq = require("pyarrow.parquet")
    frame = scale.arrow_frame(*population)
    full = mza.simulate(
        population, date=DATE, reforms=REFORMS, programmes=["dibao"], progress=False
    ).arrow()
    columns = ["annual_total", "dibao.status", "dibao.monthly"]
    schema = scale.amounts_schema(REFORMS, programmes=["dibao"], columns=columns)
    assert schema.names == ["household_id", "scenario", *columns]
    assert schema.field("dibao.monthly").type == pa.decimal128(18, 2)
    got = _amounts(iter(frame.to_batches(max_chunksize=2_000)), programmes=["dibao"],
                   columns=columns)
    assert got.schema == schema
    assert_same_amounts(got, full)
    # Without columns=: every column of the programmes named, none of the others.
    names = scale.amounts_schema(REFORMS, programmes=["dibao", "tekun"]).names
    assert "tekun.reason" in names and "dibao.one_off" in names
    assert not any(n.startswith(("meal_aid.", "dibao_marginal.")) for n in names)
    # The dictionary-encoded form written by spark_amounts_files reads back as the schema.
    stored = scale._stored(schema)
    with pq.ParquetWriter(tmp_path / "a.parquet", stored, store_schema=False) as writer:
        for batch in scale._amounts(
            iter(frame.to_batches()), DATE, REFORMS, None, 1, [], 100_000, schema, ["dibao"],
            stored,
        ):
            writer.write_batch(batch)
    back = pq.read_table(tmp_path / "a.parquet")
    assert back.schema == schema
    assert back.equals(got)


def test_amounts_selections_are_typed_errors() -> None:
    with pytest.raises(InputError) as e:
        scale.amounts_schema(REFORMS, columns=["annual_total", "no_such_column"])
    assert (e.value.code, e.value.path) == ("invalid_value", "columns[1]")
    with pytest.raises(InputError) as e:
        scale.amounts_schema(REFORMS, programmes=["dibao"], columns=["tekun.status"])
    assert (e.value.code, e.value.path) == ("invalid_value", "columns[0]")
    with pytest.raises(InputError) as e:
        scale.amounts_schema(REFORMS, columns="annual_total")
    assert (e.value.code, e.value.path) == ("invalid_type", "columns")
    with pytest.raises(InputError) as e:
        scale.amounts_schema(REFORMS, programmes=["no_such_programme"])
    assert (e.value.code, e.value.path) == ("invalid_value", "programmes[0]")


def test_ranked_households_travel_compressed_and_come_back_the_same() -> None:
    rows = bytes(range(256)) * 1_000
    packed, size = scale._packed_rows(rows)
    assert size is None or len(packed) < len(rows)
    assert scale._unpacked_rows(packed, size) == rows
    assert scale._packed_rows(b"") == (b"", None)


def test_the_workers_reader_decodes_categorical_strings_as_dictionaries(
    population: Any, tmp_path: Any
) -> None:
    # The workers' reader (scale._scan) decodes the small-dictionary strings as dictionaries;
    # the summaries are the same to the fen as those of the plain reading.
    pq = require("pyarrow.parquet")
    path = tmp_path / "nested.parquet"
    pq.write_table(scale.nest_arrow(*population), path)
    batches = list(scale._scan(str(path), 1_000))
    assert pa.types.is_dictionary(batches[0].schema.field("district").type)
    plain = scale.summarise(pq.read_table(path), date=DATE, reforms=REFORMS, weight="weight")
    got = scale.summarise(iter(batches), date=DATE, reforms=REFORMS, weight="weight")
    assert_same_summaries(got, plain)


def test_money_is_stored_as_int64_and_read_back_the_same(population: Any, tmp_path: Any) -> None:
    # Population files written with scale.parquet_options() store decimal(18, 2) as INT64 (as
    # Spark does) and read back as the same decimals, to the same results; the amounts files of
    # the workers' writer (scale._write_amounts, what spark_amounts_files runs) store theirs so.
    pq = require("pyarrow.parquet")
    options = scale.parquet_options()
    assert options in ({"store_decimal_as_integer": True}, {})
    plain, packed = tmp_path / "plain.parquet", tmp_path / "int64.parquet"
    nested = scale.nest_arrow(*population)
    pq.write_table(nested, plain)
    pq.write_table(nested, packed, **options)

    def physical(path: Any, leaf: str) -> str:
        schema = pq.ParquetFile(path).schema
        return next(schema.column(i).physical_type for i in range(len(schema))
                    if schema.column(i).path.endswith(leaf))

    assert physical(plain, "income.wages") == "FIXED_LEN_BYTE_ARRAY"
    if options:
        assert physical(packed, "income.wages") == "INT64"
    assert pq.read_table(packed).equals(pq.read_table(plain))
    got = scale.summarise(pq.read_table(packed), date=DATE, reforms=REFORMS, weight="weight")
    assert_same_summaries(got, scale.summarise(nested, date=DATE, reforms=REFORMS, weight="weight"))

    schema = scale.amounts_schema(REFORMS, date=DATE)
    out = tmp_path / "amounts.parquet"
    scale._write_amounts(
        scale._scan(str(packed), 1_000), str(out), None, date=DATE, reforms=REFORMS,
        common=None, ignore=["weight"], batch_size=1_000, schema=schema, programmes=None,
    )
    written = pq.read_table(out)
    assert written.schema.field("dibao.monthly").type == pa.decimal128(18, 2)
    if options:
        assert physical(out, "dibao.monthly") == "INT64"
    assert written.num_rows > 0
    assert_same_amounts(written, _amounts(nested))
