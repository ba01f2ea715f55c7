"""Where the time of ``spark_summarise_files`` goes: its stages timed one at a time in one
process (one core), then the Spark jobs (``local[2]``) timed interleaved with the
single-process ``simulate`` they are compared against.

    .venv/bin/python benches/scale/profile_files.py --households 200000 --rounds 2

In one process, summed over the nested files (what the two Spark tasks share): the Parquet
decoding alone (``iter_batches``), the unnesting alone, pass 1 (histogram; no scenario),
pass 2 (the engine, both scenarios, with the deciles' boundaries), the one pass (the engine,
and the ranked households as bytes) and the driver's merge of the one-pass results. In Spark:
a job that only lists the files (the job and task start-up, the Python workers), a job whose
workers only decode the files, ``spark_summarise_files`` with ``passes=2`` and ``passes=1``,
and ``spark_amounts_files``; besides the single process from memory, the single process
reading the same nested files (the workers' reader, ``scale.summarise``; and every household's
amounts written as Parquet, as ``spark_amounts_files`` does). Ratios: the single-process
(from memory) rate ÷ the row's rate per core, the single process timed in the same round; the
Spark rows also against the single process reading the files, same round.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples" / "scale"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from spark_vs_single import amounts_single, local_spark  # noqa: E402  (as the bench)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=200_000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--data", default="target/scale-bench")
    args = parser.parse_args()
    from spark_national import generate

    root = Path(args.data)
    generate(root, args.households, args.files, 2025, time.monotonic())
    n = args.households

    import pyarrow.dataset as ds

    from minzheng import _native
    from minzheng import analysis as mza
    from minzheng.analysis import scale

    date = "2025-07-01"
    reform = mza.reform("dibao_1400", {"dibao.standard": "1400"}, start=date)
    files = scale._files(root / "population")
    options = scale._options(date, [reform], "weight", None, (), scale.CHUNK_ROWS)
    rows_per_batch = scale._worker_rows(scale.CHUNK_ROWS)

    def scan(f: str):  # type: ignore[no-untyped-def]
        return scale._scan(f, rows_per_batch)

    def stage(label: str, fn):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        out = fn()
        print(f"  {label}: {time.perf_counter() - t:.2f} s", flush=True)
        return out

    print(f"one process, one core, {len(files)} files, {n:,} households:")
    stage("Parquet decoding alone (iter_batches, plain strings)", lambda: [
        list(scale._open(f).iter_batches(batch_size=rows_per_batch, use_threads=False))
        for f in files
    ])
    stage("Parquet decoding alone (the workers' reader: small dictionaries as dictionaries)",
          lambda: [list(scan(f)) for f in files])
    decoded = [list(scan(f)) for f in files]
    stage("unnesting alone", lambda: [[scale._unnest(b) for b in bs] for bs in decoded])
    first = stage(
        "pass 1 (decode + histogram)",
        lambda: [scale._partial(scan(f), k, None, **options) for k, f in enumerate(files)],
    )
    boundaries = bytes(_native.decile_boundaries([(k, r[0]) for k, r in enumerate(first)]))
    stage(
        "pass 2 (decode + engine, both scenarios)",
        lambda: [scale._partial(scan(f), k, boundaries, **options) for k, f in enumerate(files)],
    )
    one = stage(
        "one pass (decode + engine + ranked rows)",
        lambda: [scale._one_pass(scan(f), **options) for f in files],
    )
    print(f"  ranked rows collected: {sum(len(r[1]) for r in one) / 2**20:.1f} MB")
    stage(
        "driver: merge_one_pass",
        lambda: _native.merge_one_pass([r[0] for r in one], [r[1] for r in one]),
    )

    h = ds.dataset(root / "households").to_table().sort_by("household_id")
    p = ds.dataset(root / "persons").to_table()
    single = mza.simulate((h, p), date=date, reforms=[reform], weight="weight", progress=False)
    expected = single.summarise()

    spark = local_spark()
    listing = scale._listing(spark, files, None)

    def listed() -> None:
        import pyarrow as pa

        def run(batches):  # type: ignore[no-untyped-def]
            for b in batches:
                yield pa.record_batch([b.column(0)], names=["id"])

        listing.mapInArrow(run, "id long").collect()

    def decoded_only() -> None:
        import pyarrow as pa

        paths = files

        def run(batches):  # type: ignore[no-untyped-def]
            for b in batches:
                for k in b.column(0).to_pylist():
                    for _ in scale._open(paths[k]).iter_batches(batch_size=rows_per_batch):
                        pass
                yield pa.record_batch([b.column(0)], names=["id"])

        listing.mapInArrow(run, "id long").collect()

    out = root / "amounts-files"

    def check(s):  # type: ignore[no-untyped-def]
        for table in ("cost", "winners_losers", "by_decile", "by_district"):
            assert getattr(s, table).equals(getattr(expected, table)), table

    single_out = root / "amounts-single"

    jobs = [
        (
            "single process, simulate, threads=1",
            1,
            lambda: mza.simulate(
                (h, p), date=date, reforms=[reform], weight="weight", threads=1, progress=False
            ),
        ),
        (
            "single process reading the nested files, scale.summarise, threads=1",
            1,
            lambda: check(scale.summarise(
                (b for f in files for b in scan(f)), date=date, reforms=[reform],
                weight="weight", threads=1,
            )),
        ),
        ("single process reading the nested files, amounts written as Parquet", 1,
         lambda: amounts_single(files, single_out, date, reform)),
        ("Spark: list the files only (job + task start-up)", 2, listed),
        ("Spark: the workers decode the files only", 2, decoded_only),
        (
            "Spark: spark_summarise_files passes=2",
            2,
            lambda: check(
                scale.spark_summarise_files(
                    spark, root / "population", date=date, reforms=[reform], weight="weight",
                    passes=2,
                )
            ),
        ),
        (
            "Spark: spark_summarise_files passes=1",
            2,
            lambda: check(
                scale.spark_summarise_files(
                    spark, root / "population", date=date, reforms=[reform], weight="weight",
                    passes=1,
                )
            ),
        ),
        (
            "Spark: spark_amounts_files",
            2,
            lambda: (
                shutil.rmtree(out, ignore_errors=True),
                scale.spark_amounts_files(spark, root / "population", out, date=date,
                                          reforms=[reform]),
            ),
        ),
    ]
    for label, _, fn in jobs[3:]:  # warm-up: the Python workers started, the JIT
        fn()
    for r in range(args.rounds):
        print(f"round {r + 1} (load average {os.getloadavg()[0]:.2f}):")
        base = None
        took: dict[str, float] = {}
        for label, cores, fn in jobs:
            t = time.perf_counter()
            fn()
            elapsed = time.perf_counter() - t
            took[label] = elapsed
            base = base or elapsed
            ratio = elapsed * cores / base
            files_base = took.get(jobs[2][0] if "amounts" in label else jobs[1][0])
            against = (
                f", {elapsed * cores / files_base:.2f}x from the files"
                if cores > 1 and files_base
                else ""
            )
            print(f"  {label}: {elapsed:.2f} s, {n / elapsed / cores:,.0f} households/s per core,"
                  f" {ratio:.1f}x{against}", flush=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(single_out, ignore_errors=True)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
