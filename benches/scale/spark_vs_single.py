"""Scale-out benchmark: throughput per core of the Spark local-mode path
(``minzheng.analysis.scale``) against the single-process columnar engine, and the peak memory
of Spark's processes, on the same SYNTHETIC households read from partitioned Parquet.

    .venv/bin/python benches/scale/spark_vs_single.py --households 1000000

Timed, each on its own (the Parquet files are written first, untimed; see
examples/scale/spark_national.py):

- single process, one thread (``threads=1``): the tables read into memory (untimed), then
  ``simulate(..., reforms=[dibao_1400], weight="weight")`` and ``summarise()``; also
  ``arrow()`` (the per-household amounts, decimals);
- single process, one thread, reading the Parquet files itself (what one machine with the
  data as Parquet does; the reading timed): the two tables' files read (``pyarrow``, no
  threads) and ``simulate``; the nested files read with the reader of the Spark workers and
  ``scale.summarise`` (the baseline of the ``_files`` summaries); the nested files read and
  every household's amounts written as Parquet, one file per input file, as
  ``spark_amounts_files`` does (the baseline of the ``_files`` amounts);
- single process, streamed: ``scale.summarise`` over a polars LazyFrame scan and a DuckDB
  query of the same files;
- Spark ``local[2]``, the population frame (households and persons in two tables, stacked,
  range-partitioned and sorted by ``scale.spark_frame``): ``spark_amounts(...)`` written to
  Spark's ``noop`` sink (every household's amounts computed and discarded) and
  ``spark_summarise`` (both passes), the frame built once before (its ``approxQuantile`` job
  untimed);
- Spark ``local[2]``, the nested population (one row per household, its members a list column,
  written by ``scale.nest_arrow`` with the other files, untimed): the same two, straight on the
  Parquet scan (no shuffle, no sort), the summaries in two passes and in one (``passes=1``);
  also the scan alone, and ``scale.summarise`` over a polars
  scan of the same nested files in one process;
- Spark ``local[2]`` scheduling the nested files, each task's Python worker reading them with
  pyarrow: ``spark_summarise_files`` with ``passes=2`` (the files read twice) and ``passes=1``
  (the default: read once, the ranked households ranked on the driver), and
  ``spark_amounts_files`` (every household's amounts written as Parquet files by the workers:
  more work than the noop sink), with every column (61) and with the household totals only
  (``columns=[...]``: 5 columns).

Per-core throughput = households ÷ wall time ÷ cores used. Each Spark row's ratio is printed
against the single process from memory (``simulate``) and against the single process reading
the same files (its summaries' or its amounts' row). Peak memory: the high-water mark
(``VmHWM``) of the Spark JVM and of each Python worker, read from /proc at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples" / "scale"))


def local_spark():  # type: ignore[no-untyped-def]
    """The Spark session of the scale-out benches: local[2], 2 GB for the driver, quiet."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.driver.memory", "2g")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def amounts_single(files, out, date, reform):  # type: ignore[no-untyped-def]
    """Every household's amounts of the nested ``files`` written as Parquet into ``out``, one
    file per input file, in one process on one thread, as a worker of ``spark_amounts_files``
    writes each of its files (the baseline of the ``_files`` amounts rows)."""
    from minzheng.analysis import scale

    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    schema = scale.amounts_schema([reform], date=date)
    rows = scale._worker_rows(scale.CHUNK_ROWS)
    for k, f in enumerate(files):
        scale._write_amounts(
            scale._scan(f, rows), str(out / f"part-{k:05d}.parquet"), None, date=date,
            reforms=[reform], common=None, ignore=[], batch_size=scale.CHUNK_ROWS,
            schema=schema, programmes=None,
        )


def hwm(pid: int) -> int:
    """Peak resident memory of a process, bytes (0 if gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*") if Path(f"/proc/{p}/task").exists() else []:
            try:
                kids = [int(k) for k in (task / "children").read_text().split()]
            except OSError:
                kids = []
            out += kids
            todo += kids
    return out


def name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode().rsplit("/", 1)[-1]
    except OSError:
        return "?"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--data", default="target/scale-bench")
    parser.add_argument(
        "--only-files",
        action="store_true",
        help="time the single-process rows and the _files rows only (no Spark scan, no frame)",
    )
    args = parser.parse_args()
    from spark_national import generate

    start = time.monotonic()
    root = Path(args.data)
    generate(root, args.households, args.files, 2025, start)
    n = args.households

    import duckdb
    import polars as pl
    import pyarrow.dataset as ds

    from minzheng import analysis as mza
    from minzheng.analysis import scale

    date = "2025-07-01"
    reform = mza.reform("dibao_1400", {"dibao.standard": "1400"}, start=date)
    h = ds.dataset(root / "households").to_table().sort_by("household_id")
    p = ds.dataset(root / "persons").to_table()
    results: list[tuple[str, float, int]] = []

    def timed(label: str, cores: int, fn):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        value = fn()
        elapsed = time.perf_counter() - t
        results.append((label, elapsed, cores))
        print(
            f"{label}: {elapsed:.2f} s, {n / elapsed / cores:,.0f} households/s per core",
            flush=True,
        )
        return value

    sim = timed(
        "single process, 1 thread: simulate (the engine, every programme, both scenarios)",
        1,
        lambda: mza.simulate(
            (h, p), date=date, reforms=[reform], weight="weight", threads=1, progress=False
        ),
    )
    single = sim.summarise()
    timed("single process, 1 thread: arrow() amounts (decimal)", 1, lambda: sim.arrow())
    import pyarrow.parquet as pq

    def from_tables():  # type: ignore[no-untyped-def]
        hh = pq.read_table(root / "households", use_threads=False).sort_by("household_id")
        pp = pq.read_table(root / "persons", use_threads=False)
        return mza.simulate(
            (hh, pp), date=date, reforms=[reform], weight="weight", threads=1, progress=False
        ).summarise()

    got = timed(
        "single process, 1 thread: reads the two tables' Parquet files, simulate, summarise",
        1,
        from_tables,
    )
    assert got.by_decile.equals(single.by_decile) and got.cost.equals(single.cost)
    nested_files = scale._files(root / "population")
    rows_per_batch = scale._worker_rows(scale.CHUNK_ROWS)
    got = timed(
        "single process, 1 thread: reads the nested Parquet files (the workers' reader), "
        "scale.summarise",
        1,
        lambda: scale.summarise(
            (b for f in nested_files for b in scale._scan(f, rows_per_batch)),
            date=date,
            reforms=[reform],
            weight="weight",
            threads=1,
        ),
    )
    assert got.by_decile.equals(single.by_decile) and got.cost.equals(single.cost)
    single_out = root / "amounts-single"
    timed(
        "single process, 1 thread: reads the nested Parquet files, every household's amounts "
        "written as Parquet (as spark_amounts_files does)",
        1,
        lambda: amounts_single(nested_files, single_out, date, reform),
    )
    shutil.rmtree(single_out, ignore_errors=True)
    if args.only_files:
        return spark_files(args, root, n, date, reform, single, results, timed)
    lf = scale.polars_frame(
        pl.scan_parquet(root / "households" / "*.parquet"),
        pl.scan_parquet(root / "persons" / "*.parquet"),
    )
    got = timed(
        "polars LazyFrame scan, scale.summarise (1 engine thread)",
        1,
        lambda: scale.summarise(lf, date=date, reforms=[reform], weight="weight", threads=1),
    )
    assert got.by_decile.equals(single.by_decile) and got.cost.equals(single.cost)
    con = duckdb.connect()
    con.sql("SET threads = 1")
    rel = scale.duckdb_relation(
        con,
        f"read_parquet('{root}/households/*.parquet')",
        f"read_parquet('{root}/persons/*.parquet')",
    )
    got = timed(
        "DuckDB query, scale.summarise (1 engine thread, DuckDB 1 thread)",
        1,
        lambda: scale.summarise(rel, date=date, reforms=[reform], weight="weight", threads=1),
    )
    assert got.by_decile.equals(single.by_decile) and got.cost.equals(single.cost)
    nested_lf = pl.scan_parquet(root / "population" / "*.parquet")
    got = timed(
        "polars scan of the nested population, scale.summarise (1 engine thread)",
        1,
        lambda: scale.summarise(nested_lf, date=date, reforms=[reform], weight="weight", threads=1),
    )
    assert got.by_decile.equals(single.by_decile) and got.cost.equals(single.cost)

    spark = local_spark()
    households = spark.read.parquet(str(root / "households"))
    persons = spark.read.parquet(str(root / "persons"))
    frame = scale.spark_frame(households, persons, partitions=args.partitions)
    timed(
        "Spark local[2]: population frame shuffled and sorted (noop sink), no engine",
        2,
        lambda: frame.write.format("noop").mode("overwrite").save(),
    )
    timed(
        "Spark local[2]: population frame, spark_amounts to the noop sink",
        2,
        lambda: (
            scale.spark_amounts(frame, date=date, reforms=[reform])
            .write.format("noop")
            .mode("overwrite")
            .save()
        ),
    )
    got = timed(
        "Spark local[2]: population frame, spark_summarise (two passes)",
        2,
        lambda: scale.spark_summarise(frame, date=date, reforms=[reform], weight="weight"),
    )
    for table in ("cost", "winners_losers", "by_decile", "by_district"):
        assert getattr(got, table).equals(getattr(single, table)), table
    print("Spark summaries equal the single-process ones: yes")
    nested = spark.read.parquet(str(root / "population"))
    timed(
        "Spark local[2]: the nested population scanned alone (noop sink), no engine",
        2,
        lambda: nested.write.format("noop").mode("overwrite").save(),
    )
    timed(
        "Spark local[2]: spark_amounts on the nested population's scan, to the noop sink",
        2,
        lambda: (
            scale.spark_amounts(nested, date=date, reforms=[reform])
            .write.format("noop")
            .mode("overwrite")
            .save()
        ),
    )
    got = timed(
        "Spark local[2]: spark_summarise on the nested population's scan (two passes)",
        2,
        lambda: scale.spark_summarise(nested, date=date, reforms=[reform], weight="weight"),
    )
    for table in ("cost", "winners_losers", "by_decile", "by_district"):
        assert getattr(got, table).equals(getattr(single, table)), table
    print("Spark summaries of the nested population equal the single-process ones: yes")
    got = timed(
        "Spark local[2]: spark_summarise on the nested population's scan (one pass)",
        2,
        lambda: scale.spark_summarise(
            nested, date=date, reforms=[reform], weight="weight", passes=1
        ),
    )
    for table in ("cost", "winners_losers", "by_decile", "by_district"):
        assert getattr(got, table).equals(getattr(single, table)), table
    print("Spark summaries of the nested population in one pass equal the single-process: yes")
    return files_rows(spark, args, root, n, date, reform, single, results, timed)


def spark_files(  # type: ignore[no-untyped-def]
    args, root, n, date, reform, single, results, timed
):
    """The Spark session, then the ``_files`` rows only (``--only-files``)."""
    spark = local_spark()
    from minzheng.analysis import scale

    # Warm-up, untimed: the Python workers started and the module imported in them.
    scale.spark_summarise_files(spark, root / "population", date=date, reforms=[reform])
    return files_rows(spark, args, root, n, date, reform, single, results, timed)


def files_rows(  # type: ignore[no-untyped-def]
    spark, args, root, n, date, reform, single, results, timed
):
    """The ``_files`` rows, the ratios, the peak memory."""
    from minzheng.analysis import scale

    files = root / "population"
    got = timed(
        "Spark local[2]: spark_summarise_files (the workers read the nested files; two passes)",
        2,
        lambda: scale.spark_summarise_files(
            spark, files, date=date, reforms=[reform], weight="weight", passes=2
        ),
    )
    for table in ("cost", "winners_losers", "by_decile", "by_district"):
        assert getattr(got, table).equals(getattr(single, table)), table
    print("Summaries of the nested files read by the workers equal the single-process ones: yes")
    got = timed(
        "Spark local[2]: spark_summarise_files (the workers read the nested files; one pass)",
        2,
        lambda: scale.spark_summarise_files(
            spark, files, date=date, reforms=[reform], weight="weight", passes=1
        ),
    )
    for table in ("cost", "winners_losers", "by_decile", "by_district"):
        assert getattr(got, table).equals(getattr(single, table)), table
    print("Summaries in one pass equal the single-process ones: yes")
    out = root / "amounts-files"
    shutil.rmtree(out, ignore_errors=True)
    timed(
        "Spark local[2]: spark_amounts_files (the workers read the nested files, write Parquet)",
        2,
        lambda: scale.spark_amounts_files(spark, files, out, date=date, reforms=[reform]),
    )
    shutil.rmtree(out, ignore_errors=True)
    totals = ["members", "district", "annual_total", "annual_change"]
    timed(
        "Spark local[2]: spark_amounts_files(columns=household totals), 6 columns",
        2,
        lambda: scale.spark_amounts_files(
            spark, files, out, date=date, reforms=[reform], columns=totals
        ),
    )
    shutil.rmtree(out, ignore_errors=True)
    base = results[0][1]
    rates = {label: elapsed for label, elapsed, _ in results}
    read_summary = next(v for k, v in rates.items() if "nested Parquet files (the" in k)
    read_amounts = next(v for k, v in rates.items() if "amounts written as Parquet (as" in k)
    read_tables = next((v for k, v in rates.items() if "two tables' Parquet" in k), None)
    print(f"single process from the nested files: summaries {read_summary / base:.2f}x and "
          f"amounts {read_amounts / base:.2f}x the in-memory simulate's time")
    for label, elapsed, cores in results[1:]:
        if label.startswith("Spark"):
            ratio = elapsed * cores / base
            # The single process reading the same files: the two tables' for the population
            # frame, the nested files' (summaries, or amounts written as Parquet) otherwise.
            against = (
                read_amounts
                if "amounts" in label
                else read_tables
                if "population frame" in label and read_tables
                else read_summary
            )
            print(
                f"{ratio:5.1f}x slower per core than the single process from memory, "
                f"{elapsed * cores / against:4.2f}x than from the same Parquet files: {label}"
            )
    memory = [(pid, name(pid), hwm(pid)) for pid in descendants(os.getpid())]
    for pid, proc, peak in memory:
        if peak > 50 * 2**20:
            print(f"peak RSS {proc} (pid {pid}): {peak / 2**20:,.0f} MB")
    print(f"driver (this process): {hwm(os.getpid()) / 2**20:,.0f} MB")
    print(f"machine: {os.cpu_count()} cores, {platform.platform()}; load average {os.getloadavg()}")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
