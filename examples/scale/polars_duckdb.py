"""The same run in one process over Parquet: a polars LazyFrame scan and a DuckDB query, each
streamed through ``minzheng.analysis.scale`` in chunks of whole households. SYNTHETIC
households (see docs/analysis.md, "The synthetic population").

    .venv/bin/python examples/scale/polars_duckdb.py --households 1000000

Writes the Parquet files as examples/scale/spark_national.py does (reused when present), then:
polars streams every household's amounts into one Parquet file (``--amounts``) and summarises;
DuckDB summarises the same files; both summaries are printed side by side and must be equal.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--data", default="target/scale-example-local")
    parser.add_argument("--amounts", default=None, help="Parquet file for the amounts")
    args = parser.parse_args()
    from spark_national import generate, log

    start = time.monotonic()
    root = Path(args.data)
    generate(root, args.households, args.files, 2025, start)

    import duckdb
    import polars as pl
    import pyarrow.parquet as pq

    from minzheng import analysis as mza
    from minzheng.analysis import scale

    date = "2025-07-01"
    dibao_1400 = mza.reform("dibao_1400", {"dibao.standard": "1400"}, start=date)
    households = pl.scan_parquet(root / "households" / "*.parquet")
    persons = pl.scan_parquet(root / "persons" / "*.parquet")
    frame = scale.polars_frame(households, persons)  # a LazyFrame, collected in batches

    out = Path(args.amounts or root / "amounts.parquet")
    writer = None
    rows = 0
    for batch in scale.amounts(frame, date=date, reforms=[dibao_1400]):
        if writer is None:
            writer = pq.ParquetWriter(out, batch.schema, **scale.parquet_options())
        writer.write_batch(batch)
        rows += batch.num_rows
    if writer is not None:
        writer.close()
    log(start, f"polars: {rows:,} rows of amounts (household × scenario) written to {out}")

    by_polars = scale.summarise(frame, date=date, reforms=[dibao_1400], weight="weight")
    log(start, "polars: summaries")
    con = duckdb.connect()
    relation = scale.duckdb_relation(
        con,
        f"read_parquet('{root}/households/*.parquet')",
        f"read_parquet('{root}/persons/*.parquet')",
    )
    by_duckdb = scale.summarise(relation, date=date, reforms=[dibao_1400], weight="weight")
    log(start, "DuckDB: summaries")
    for name in ("cost", "winners_losers", "by_decile", "by_district"):
        assert getattr(by_polars, name).equals(getattr(by_duckdb, name)), name
    total = [r for r in by_duckdb.cost.to_pylist() if r["programme"] == "total"]
    print("\nTotal annual cost (SYNTHETIC population), the same from polars and DuckDB:")
    for r in total:
        print(f"  {r['scenario']:<12} {r['annual_cost']:>22} 元  change {r['annual_cost_change']}")
    print("\nWinners and losers:")
    for r in by_duckdb.winners_losers.to_pylist():
        print(
            f"  {r['scenario']}: {r['winners']} winners, {r['losers']} losers, "
            f"net {r['net_change']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
