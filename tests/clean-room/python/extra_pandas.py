"""The pandas extra's path (scripts/test-clean-room.sh python-pandas): a small population as
pandas tables (and as pyarrow tables, which the extra brings), a reform, the summary.

    MINZHENG_VERSION=0.1.0 venv-pandas/bin/python -I extra_pandas.py
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pyarrow as pa

from minzheng import analysis

population = analysis.synthetic_population(300, seed=7)
assert isinstance(population.households, pd.DataFrame), type(population.households)
raise_1400 = analysis.reform("dibao_1400", {"dibao.standard": "1400"}, start="2025-01-01")
sim = analysis.simulate(population, date="2025-07-01", reforms=[raise_1400])
households = sim.households()
assert isinstance(households, pd.DataFrame), type(households)
assert len(households) == 600, "one row per household and scenario"
cost = sim.summarise().cost
assert isinstance(cost, pd.DataFrame), type(cost)
dibao = cost[(cost["scenario"] == "dibao_1400") & (cost["programme"] == "dibao")].iloc[0]
print(dibao.to_string())
change = dibao["annual_cost_change"]
assert isinstance(change, Decimal) and change > 0, repr(change)

tables = analysis.synthetic_population(50, seed=7, kind="pyarrow")
result = analysis.simulate(tables, date="2025-07-01").households()
assert isinstance(result, pa.Table) and result.num_rows == 50, (type(result), len(result))
print("pandas extra: 300 households as pandas and 50 as pyarrow, baseline and reform")
