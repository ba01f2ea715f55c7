"""minzheng.analysis.scale in a real Spark (local[2]): 10^5 synthetic households nested (one
row per household, its members a list) and written as several Parquet files, run with
``mapInArrow`` on the scan; 25,000 more as two tables, through the population frame (which
shuffles and sorts them) and ``spark_nest``. The per-household amounts and every summary equal
the single-process run to the fen. Run by ``scripts/test-scale.sh`` (which installs
pyspark and a Java runtime); skipped elsewhere."""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest

from analysis_support import require
from scale_support import assert_same_amounts, assert_same_summaries, require_scale

if os.environ.get("MINZHENG_REQUIRE_SCALE_DEPS") != "1":
    pytest.skip("the Spark tests are run by scripts/test-scale.sh", allow_module_level=True)

pa = require("pyarrow")
pq = require("pyarrow.parquet")
pc = require("pyarrow.compute")
require_scale("pyspark")

from minzheng import InputError  # noqa: E402
from minzheng import analysis as mza  # noqa: E402
from minzheng.analysis import scale  # noqa: E402

DATE = "2025-07-01"
REFORMS = [mza.reform("dibao_1400", {"dibao.standard": "1400"}, start=DATE)]
HOUSEHOLDS = int(os.environ.get("MINZHENG_SPARK_HOUSEHOLDS", "100000"))
FRAME_HOUSEHOLDS = int(os.environ.get("MINZHENG_SPARK_FRAME_HOUSEHOLDS", "25000"))
FILES = 4


@pytest.fixture(scope="module")
def spark() -> Any:
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        # Two threads; a task may be tried twice (local mode tries once by default): a task's
        # result lost from the block manager under memory pressure (seen once in a full run)
        # is recomputed, which gives the same partition exactly.
        SparkSession.builder.master("local[2,2]")
        .appName("minzheng-scale-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.adaptive.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _written(root: Any, households: int, seed: int, layout: str) -> Any:
    """A synthetic population as FILES Parquet files of consecutive id ranges, ``layout``
    "tables" (households/ and persons/) or "nested" (population/: one row per household), with
    its single-process run."""
    pop = mza.synthetic_population(households, seed=seed, kind="pyarrow")
    h, p = pop.households, pop.persons
    ids = h.column("household_id")
    cuts = [ids[k * households // FILES].as_py() for k in range(1, FILES)]
    bounds = [None, *cuts, None]
    tables = [(h, "households"), (p, "persons")]
    if layout == "nested":
        tables = [(scale.nest_arrow(h, p), "population")]
    for table, name in tables:
        (root / name).mkdir()
        column = table.column("household_id")
        for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
            mask = pa.array([True] * table.num_rows)
            if a is not None:
                mask = pc.and_(mask, pc.greater_equal(column, a))
            if b is not None:
                mask = pc.and_(mask, pc.less(column, b))
            pq.write_table(table.filter(mask), root / name / f"part-{k}.parquet")
    sim = mza.simulate((h, p), date=DATE, reforms=REFORMS, weight="weight", progress=False)
    return {"arrow": sim.arrow(), "summary": sim.summarise(), "root": root}


@pytest.fixture(scope="module")
def population(tmp_path_factory: Any) -> Any:
    """HOUSEHOLDS (10^5) households nested (the layout that needs no shuffle), its
    single-process run and the directory of its Parquet files."""
    return _written(tmp_path_factory.mktemp("nested"), HOUSEHOLDS, 2026, "nested")


@pytest.fixture(scope="module")
def tables(tmp_path_factory: Any) -> Any:
    """FRAME_HOUSEHOLDS households as two tables (for the population frame, which shuffles and
    sorts them on every run, and for spark_nest), its single-process run and its files."""
    return _written(tmp_path_factory.mktemp("tables"), FRAME_HOUSEHOLDS, 2027, "tables")


def _frame(spark: Any, population: Any, partitions: int = 6) -> Any:
    root = population["root"]
    households = spark.read.parquet(str(root / "households"))
    persons = spark.read.parquet(str(root / "persons"))
    return scale.spark_frame(households, persons, partitions=partitions)


def test_spark_amounts_equal_the_single_run(spark: Any, tables: Any) -> None:
    amounts = scale.spark_amounts(_frame(spark, tables), date=DATE, reforms=REFORMS)
    assert amounts.schema["dibao.monthly"].dataType.simpleString() == "decimal(18,2)"
    assert amounts.schema["annual_total"].dataType.simpleString() == "decimal(38,2)"
    got = amounts.toArrow()
    assert_same_amounts(got, tables["arrow"])


def test_spark_summaries_equal_the_single_run(spark: Any, tables: Any) -> None:
    summary = scale.spark_summarise(
        _frame(spark, tables), date=DATE, reforms=REFORMS, weight="weight"
    )
    assert_same_summaries(summary, tables["summary"])
    one = scale.spark_summarise(
        _frame(spark, tables), date=DATE, reforms=REFORMS, weight="weight", passes=1
    )
    assert_same_summaries(one, tables["summary"])


def test_a_frame_that_splits_households_is_a_typed_error(spark: Any, tables: Any) -> None:
    # Rows scattered over partitions at random: households split, and out of order.
    scattered = _frame(spark, tables, partitions=2).repartition(3)
    # Whichever task fails first is reported: the one holding a household's persons without
    # its row (the split, invalid_value) or the one holding the row without its persons
    # (no_members, as summarise_partitions reports it); both name the household.
    for passes in (1, 2):
        with pytest.raises(InputError) as e:
            scale.spark_summarise(scattered, date=DATE, reforms=REFORMS, passes=passes)
        assert e.value.code in ("invalid_value", "no_members")
        assert "household" in e.value.message


def test_a_nested_population_runs_on_the_scan_with_no_shuffle(spark: Any, population: Any) -> None:
    nested = spark.read.parquet(str(population["root"] / "population"))
    amounts = scale.spark_amounts(nested, date=DATE, reforms=REFORMS)
    assert amounts.schema["dibao.monthly"].dataType.simpleString() == "decimal(18,2)"
    plan = amounts._jdf.queryExecution().executedPlan().toString()
    assert "Exchange" not in plan and "Sort" not in plan, plan
    assert_same_amounts(amounts.toArrow(), population["arrow"])
    # Several files per task (Spark packs small files together): each is a run of its own.
    summary = scale.spark_summarise(nested, date=DATE, reforms=REFORMS, weight="weight")
    assert_same_summaries(summary, population["summary"])
    one = scale.spark_summarise(nested, date=DATE, reforms=REFORMS, weight="weight", passes=1)
    assert_same_summaries(one, population["summary"])


def test_spark_nest_builds_the_nested_population(spark: Any, tables: Any) -> None:
    root = tables["root"]
    households = spark.read.parquet(str(root / "households"))
    persons = spark.read.parquet(str(root / "persons"))
    nested = scale.spark_nest(households, persons, partitions=3)
    # Not a file scan, and computed again by each pass: its parts are fixed id ranges, sorted,
    # each a run of its own in both passes.
    summary = scale.spark_summarise(nested, date=DATE, reforms=REFORMS, weight="weight")
    assert_same_summaries(summary, tables["summary"])
    one = scale.spark_summarise(nested, date=DATE, reforms=REFORMS, weight="weight", passes=1)
    assert_same_summaries(one, tables["summary"])


def test_a_household_in_two_nested_files_is_a_typed_error(spark: Any, tmp_path: Any) -> None:
    pop = mza.synthetic_population(200, seed=7, kind="pyarrow")
    nested = scale.nest_arrow(pop.households, pop.persons)
    (tmp_path / "twice").mkdir()
    pq.write_table(nested.slice(0, 120), tmp_path / "twice" / "a.parquet")
    pq.write_table(nested.slice(100), tmp_path / "twice" / "b.parquet")
    frame = spark.read.parquet(str(tmp_path / "twice"))
    for passes in (1, 2):
        with pytest.raises(InputError) as e:
            scale.spark_summarise(frame, date=DATE, reforms=REFORMS, passes=passes)
        assert e.value.code == "invalid_value"
        assert "household" in e.value.message
    for passes in (1, 2):
        with pytest.raises(InputError) as e:
            scale.spark_summarise_files(
                spark, tmp_path / "twice", date=DATE, reforms=REFORMS, passes=passes
            )
        assert e.value.code == "invalid_value"
        assert "household" in e.value.message


def test_nested_files_read_and_written_by_the_workers_themselves(
    spark: Any, population: Any, tmp_path: Any
) -> None:
    # Spark schedules the files; each task's Python worker reads (and writes) them itself.
    root = population["root"] / "population"
    summary = scale.spark_summarise_files(
        spark, root, date=DATE, reforms=REFORMS, weight="weight", tasks=3
    )
    assert_same_summaries(summary, population["summary"])
    # The two-pass method (files read twice, a few kB a task collected): the same figures.
    two = scale.spark_summarise_files(
        spark, root, date=DATE, reforms=REFORMS, weight="weight", tasks=3, passes=2
    )
    assert_same_summaries(two, population["summary"])
    written = scale.spark_amounts_files(
        spark, root, tmp_path / "amounts", date=DATE, reforms=REFORMS
    )
    assert len(written) == FILES
    got = pa.concat_tables([pq.read_table(f) for f in written])
    assert got.schema.field("dibao.monthly").type == pa.decimal128(18, 2)
    assert_same_amounts(got, population["arrow"])
    with pytest.raises(InputError) as e:
        scale.spark_summarise_files(spark, tmp_path / "nothing-here", date=DATE)
    assert (e.value.code, e.value.path) == ("invalid_value", "paths")


def test_amounts_files_narrowed_to_some_programmes_and_columns(
    spark: Any, population: Any, tmp_path: Any
) -> None:
    # programmes= and columns= narrow the run and the files the workers write; the values are
    # those of a single-process run of the same programmes, to the fen, in the declared schema.
    root = population["root"] / "population"
    columns = ["annual_total", "annual_change", "dibao.status", "dibao.monthly"]
    written = scale.spark_amounts_files(
        spark, root, tmp_path / "narrow", date=DATE, reforms=REFORMS,
        programmes=["dibao"], columns=columns, tasks=2,
    )
    got = pa.concat_tables([pq.read_table(f) for f in written])
    schema = scale.amounts_schema(REFORMS, programmes=["dibao"], columns=columns)
    assert got.schema == schema
    assert got.schema.field("dibao.monthly").type == pa.decimal128(18, 2)
    nested = pq.read_table(root)
    h, p = scale._unnest(nested)
    single = mza.simulate(
        (h, p), date=DATE, reforms=REFORMS, programmes=["dibao"], progress=False
    ).arrow()
    assert_same_amounts(got, single)
    # Spark reads the files in the declared Spark schema (strings, decimal(18,2)).
    frame = spark.read.parquet(*[str(f) for f in written])
    assert frame.schema == scale.spark_schema(schema)
    with pytest.raises(InputError) as e:
        scale.spark_amounts_files(
            spark, root, tmp_path / "bad", date=DATE, reforms=REFORMS, columns=["nope"]
        )
    assert (e.value.code, e.value.path) == ("invalid_value", "columns[0]")
