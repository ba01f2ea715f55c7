"""Population microsimulation and reforms for analysts (民政 benefits, Guangzhou).

>>> from minzheng import analysis as mza
>>> pop = mza.synthetic_population(2_000, seed=1)            # SYNTHETIC data, pandas tables
>>> raise_1400 = mza.reform("dibao_1400", {"dibao.standard": "1400"}, start="2025-07-01")
>>> sim = mza.simulate(pop, date="2025-07-01", reforms=[raise_1400], weight="weight")
>>> summary = sim.summarise()                                  # cost, winners, deciles, districts
>>> summary.cost.columns[:3].tolist()
['scenario', 'programme', 'label_zh']

Everything is calculated by the same Rust core as :func:`minzheng.calculate`, household by
household, on all cores; amounts are exact decimals (never floats). Tables come in as pandas
DataFrames, pyarrow Tables or polars DataFrames and go out as the same kind. The input schema,
the money types, the reform format and the definitions of every summary are in
``docs/analysis.md``; the typed signatures and their documentation in ``__init__.pyi``.
"""

from __future__ import annotations

from ._cliff import Cliff, cliff
from ._reform import Difference, explain_difference, make_reform, reform_json
from ._simulate import Simulation, pair_batches, simulate, simulate_batches
from ._summary import Summary, summarise
from ._synthetic import Population, synthetic_population

from . import _guard

# The public functions raise only minzheng errors: a raw Python exception a check did not
# foresee becomes InputError (see _guard.boundary).
cliff = _guard.boundary()(cliff)
explain_difference = _guard.boundary("reform")(explain_difference)
make_reform = _guard.boundary("reform")(make_reform)
simulate = _guard.boundary()(simulate)
simulate_batches = _guard.boundary()(simulate_batches)
synthetic_population = _guard.boundary("n")(synthetic_population)

# Scaling out (PySpark, polars, DuckDB): imports none of them until used.
from . import scale  # noqa: E402

#: Build a reform dict: ``reform(name, {key: value}, start=…, end=…, region=…, area=…)``.
reform = make_reform

__all__ = [
    "Cliff",
    "Difference",
    "Population",
    "Simulation",
    "Summary",
    "cliff",
    "explain_difference",
    "load_reform",
    "pair_batches",
    "reform",
    "scale",
    "simulate",
    "simulate_batches",
    "summarise",
    "synthetic_population",
]


@_guard.boundary("reform")
def load_reform(source: object) -> dict:  # type: ignore[type-arg]
    """A reform as a dict, from a dict, JSON text or a path to a JSON file (checked by the
    engine: an invalid reform raises :class:`minzheng.InputError` with its path)."""
    import json

    from .. import _native

    text = reform_json(source)  # type: ignore[arg-type]
    _native.reform_scenario(text)
    value: dict = json.loads(text)  # type: ignore[type-arg]
    return value
