"""The spark extra's path (scripts/test-clean-room.sh python-spark): a small synthetic
population through a real Spark in local mode (minzheng.analysis.scale), its amounts and
summaries equal to the single-process run.

    MINZHENG_VERSION=0.1.0 venv-spark/bin/python -I extra_spark.py
"""

from __future__ import annotations

import os
import sys

import pyarrow as pa
from pyspark.sql import SparkSession

from minzheng import analysis
from minzheng.analysis import scale

os.environ["PYSPARK_PYTHON"] = sys.executable
spark = (
    SparkSession.builder.master("local[2]")
    .config("spark.ui.enabled", "false")
    .config("spark.ui.showConsoleProgress", "false")
    .config("spark.sql.shuffle.partitions", "2")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
population = analysis.synthetic_population(2_000, seed=7, kind="pyarrow")
raise_1400 = analysis.reform("dibao_1400", {"dibao.standard": "1400"}, start="2025-01-01")
single = analysis.simulate(population, date="2025-07-01", reforms=[raise_1400], weight="weight")
frame = scale.spark_frame(
    spark.createDataFrame(population.households),
    spark.createDataFrame(population.persons),
    partitions=3,
)
amounts = scale.spark_amounts(frame, date="2025-07-01", reforms=[raise_1400])
assert amounts.schema["dibao.monthly"].dataType.simpleString() == "decimal(18,2)", amounts.schema
got = amounts.toArrow().sort_by([("scenario", "ascending"), ("household_id", "ascending")])
want = single.arrow()
scenario = want.schema.get_field_index("scenario")
want = want.set_column(scenario, "scenario", want.column(scenario).cast(pa.string()))
want = want.sort_by([("scenario", "ascending"), ("household_id", "ascending")])
for name in ("household_id", "monthly_total", "annual_total", "dibao.monthly"):
    assert got.column(name).cast(want.schema.field(name).type).equals(want.column(name)), name
summary = scale.spark_summarise(frame, date="2025-07-01", reforms=[raise_1400], weight="weight")
expected = single.summarise()
for table in ("cost", "winners_losers", "by_decile", "by_district"):
    assert getattr(summary, table).equals(getattr(expected, table)), table
assert isinstance(summary.cost, pa.Table)
print(summary.cost.filter(pa.compute.equal(summary.cost.column("programme"), "total")).to_pylist())
spark.stop()
print("spark extra: 2,000 households through Spark local[2], equal to the single-process run")
