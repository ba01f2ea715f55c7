"""A national-scale run in Spark local mode: SYNTHETIC households as partitioned Parquet,
baseline + a reform through ``minzheng.analysis.scale``, the cost table and the by-district
winners and losers printed. By default Spark reads the nested population (one row per
household, its members a list column: ``scale.nest_arrow``), so no shuffle or sort runs;
``--layout frame`` reads the households and persons tables through ``scale.spark_frame``.
The figures say nothing about the real city: the population is synthetic (see
docs/analysis.md, "The synthetic population").

    .venv/bin/python examples/scale/spark_national.py                      # 10^7 households
    .venv/bin/python examples/scale/spark_national.py --households 1000000 --files 8

Needs pyspark 4 and a Java 17 runtime (``bash scripts/test-scale.sh`` installs both into the
repository's .venv). The Parquet files are written to ``--data`` (kept: a re-run with the same
size reuses them); ``--amounts DIR`` also writes every household's amounts as Parquet. Spark's
console progress bar shows each stage's tasks; each phase prints its elapsed time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def log(start: float, text: str) -> None:
    print(f"[{time.monotonic() - start:7.1f} s] {text}", flush=True)


def generate(root: Path, households: int, files: int, seed: int, start: float) -> None:
    """``files`` pairs of Parquet files (households/part-k, persons/part-k), each a synthetic
    population of its own seed, its ids shifted so that file k holds the k-th id range, and the
    same households nested (population/part-k: one row per household, its members in a list
    column, ``scale.nest_arrow``). Money is stored as Spark itself stores ``decimal(18, 2)``, as
    ``INT64`` (``scale.parquet_options``)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from minzheng import analysis as mza
    from minzheng.analysis import scale

    marker = root / f"complete-v3-{households}-{files}-{seed}"
    if marker.exists():
        log(start, f"reusing the Parquet files in {root}")
        return
    for name in ("households", "persons", "population"):
        (root / name).mkdir(parents=True, exist_ok=True)
        for old in (root / name).glob("*.parquet"):
            old.unlink()
    size = -(-households // files)
    for k in range(files):
        n = min(size, households - k * size)
        if n <= 0:
            break
        pop = mza.synthetic_population(n, seed=seed + k, kind="pyarrow")
        tables = {}
        for table, name in ((pop.households, "households"), (pop.persons, "persons")):
            ids = pc.add(table.column("household_id").cast(pa.int64()), k * size)
            table = table.set_column(
                table.schema.get_field_index("household_id"), "household_id", ids
            )
            pq.write_table(table, root / name / f"part-{k:04d}.parquet", **scale.parquet_options())
            tables[name] = table
        # The same households nested (one row each, its members in a list): no shuffle needed.
        nested = scale.nest_arrow(tables["households"], tables["persons"])
        pq.write_table(
            nested, root / "population" / f"part-{k:04d}.parquet", **scale.parquet_options()
        )
        log(start, f"wrote file {k + 1}/{files} ({(k * size + n):,} households so far)")
    marker.touch()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=10_000_000, help="default 10^7")
    parser.add_argument("--files", type=int, default=40, help="Parquet files per table")
    parser.add_argument(
        "--layout",
        choices=("nested", "files", "frame"),
        default="nested",
        help="nested: Spark scans the population/ files (one row per household, no shuffle; "
        "default); files: Spark schedules those files and its Python workers read them; "
        "frame: households/ and persons/ through scale.spark_frame (a shuffle and a sort)",
    )
    parser.add_argument(
        "--partitions",
        type=int,
        default=None,
        help="parts of the frame with --layout frame (default: 4 per core)",
    )
    parser.add_argument("--data", default="target/scale-example", help="where the Parquet files go")
    parser.add_argument("--amounts", default=None, help="also write the per-household amounts here")
    parser.add_argument("--master", default="local[*]", help="Spark master (default local[*])")
    parser.add_argument("--memory", default="2g", help="Spark driver memory (local mode)")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    start = time.monotonic()
    root = Path(args.data)
    generate(root, args.households, args.files, args.seed, start)

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    from minzheng import analysis as mza
    from minzheng.analysis import scale

    spark = (
        SparkSession.builder.master(args.master)
        .appName("minzheng national run")
        .config("spark.driver.memory", args.memory)
        .config("spark.ui.showConsoleProgress", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "20000")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    cores = spark.sparkContext.defaultParallelism
    log(start, f"Spark {spark.version}, {args.master}: {cores} cores")

    if args.layout == "files":
        frame = None
        log(start, "nested files listed; summarising (one pass, the workers reading the files)")
    elif args.layout == "nested":
        # One row per household, its members in a list: mapInArrow runs on the scan itself.
        frame = spark.read.parquet(str(root / "population"))
        log(start, "nested population scanned; summarising (two passes over the files)")
    else:
        households = spark.read.parquet(str(root / "households"))
        persons = spark.read.parquet(str(root / "persons"))
        frame = scale.spark_frame(households, persons, partitions=args.partitions or 4 * cores)
        log(start, "population frame planned; summarising (two passes over the frame)")
    dibao_1400 = mza.reform("dibao_1400", {"dibao.standard": "1400"}, start="2025-07-01")
    t = time.monotonic()
    if frame is None:
        summary = scale.spark_summarise_files(
            spark, root / "population", date="2025-07-01", reforms=[dibao_1400], weight="weight"
        )
    else:
        summary = scale.spark_summarise(
            frame, date="2025-07-01", reforms=[dibao_1400], weight="weight"
        )
    elapsed = time.monotonic() - t
    log(
        start,
        f"summaries of {args.households:,} households in {elapsed:.1f} s "
        f"({args.households / elapsed / cores:,.0f} households per second per core, "
        f"{'one pass' if frame is None else 'both passes'})",
    )

    import pyarrow as pa

    def show(table: pa.Table, columns: list[str], title: str) -> None:
        print(f"\n{title} (SYNTHETIC population)")
        rows = table.select(columns).to_pylist()
        widths = [max(len(c), *(len(str(r[c])) for r in rows)) for c in columns]
        print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
        for r in rows:
            print("  ".join(str(r[c]).ljust(w) for c, w in zip(columns, widths)))

    show(
        summary.cost,
        ["scenario", "programme", "recipients", "annual_cost", "annual_cost_change"],
        "Cost",
    )
    show(
        summary.by_district,
        ["district", "households", "winners", "losers", "change", "mean_change"],
        "Winners and losers by district, dibao_1400 against the baseline",
    )
    if args.amounts:
        t = time.monotonic()
        if frame is None:
            scale.spark_amounts_files(
                spark, root / "population", args.amounts, date="2025-07-01", reforms=[dibao_1400]
            )
        else:
            amounts = scale.spark_amounts(frame, date="2025-07-01", reforms=[dibao_1400])
            amounts.write.mode("overwrite").parquet(args.amounts)
        log(
            start,
            f"per-household amounts written to {args.amounts} in {time.monotonic() - t:.1f} s",
        )
    spark.stop()
    log(start, "done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
