"""The polars extra's path (scripts/test-clean-room.sh python-polars): a small population as
polars tables, a reform, the summary, in a venv without pandas.

    MINZHENG_VERSION=0.1.0 venv-polars/bin/python -I extra_polars.py
"""

from __future__ import annotations

import importlib.util

import polars as pl

from minzheng import analysis

assert importlib.util.find_spec("pandas") is None, "the polars extra brings no pandas"
population = analysis.synthetic_population(300, seed=7, kind="polars")
assert isinstance(population.households, pl.DataFrame), type(population.households)
raise_1400 = analysis.reform("dibao_1400", {"dibao.standard": "1400"}, start="2025-01-01")
sim = analysis.simulate(population, date="2025-07-01", reforms=[raise_1400])
households = sim.households()
assert isinstance(households, pl.DataFrame), type(households)
assert households.height == 600, "one row per household and scenario"
cost = sim.summarise().cost
assert isinstance(cost, pl.DataFrame), type(cost)
dibao = cost.filter((pl.col("scenario") == "dibao_1400") & (pl.col("programme") == "dibao"))
print(dibao)
assert isinstance(dibao.schema["annual_cost_change"], pl.Decimal), dibao.schema
assert dibao["annual_cost_change"][0] > 0, dibao
print("polars extra: 300 households as polars tables, baseline and reform")
