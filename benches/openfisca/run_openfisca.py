"""OpenFisca's side of the side-by-side benchmark (runs in its own venv).

  run_openfisca.py latency OUT.json          one household: build_from_entities + calculate
  run_openfisca.py batch N NPZ OUT.json      build from arrays + calculate, baseline and reform
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

import numpy as np
from openfisca_core.simulation_builder import SimulationBuilder

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from minzheng_openfisca import OUTPUTS, MinzhengTBS  # noqa: E402

PERIOD = "2025-09"
REFORM_STANDARD = 1400.0
ENUMS = {
    "disability_category": ("none", "physical", "visual", "hearing", "speech", "intellectual",
                            "mental", "multiple"),
    "supporters": ("unknown", "none", "unable", "able"),
    "hukou": ("guangzhou", "other_guangdong", "other"),
}
PERSON_INPUTS = ("age", "wages", "employment_costs", "pension", "basic_pension_central",
                 "disability_grade", "serious_illness")

SITUATION = {
    "persons": {
        "a": {"age": {PERIOD: 45}, "hukou": {PERIOD: "guangzhou"},
              "wages": {PERIOD: 2800}, "employment_costs": {PERIOD: 300}},
        "b": {"age": {PERIOD: 43}, "hukou": {PERIOD: "guangzhou"},
              "disability_category": {PERIOD: "physical"}, "disability_grade": {PERIOD: 2}},
        "c": {"age": {PERIOD: 10}, "hukou": {PERIOD: "guangzhou"}},
    },
    "households": {"h": {"members": ["a", "b", "c"], "deposits": {PERIOD: 8000}}},
}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(tbs):
    sim = SimulationBuilder().build_from_entities(tbs, SITUATION)
    return [float(sim.calculate(v, PERIOD)[0]) for v in OUTPUTS]


def latency(out: str) -> None:
    tbs = MinzhengTBS()
    values = one(tbs)
    runs, t = 0, time.perf_counter()
    while time.perf_counter() - t < 3.0:
        one(tbs)
        runs += 1
    json.dump({"openfisca_us": (time.perf_counter() - t) * 1e6 / runs, "values": values},
              open(out, "w"))


def build(tbs, data):
    hidx = data["household_index"]
    n_h = len(data["deposits"])
    b = SimulationBuilder()
    b.create_entities(tbs)
    b.declare_person_entity("person", np.arange(len(hidx)))
    hh = b.declare_entity("household", np.arange(n_h))
    b.join_with_persons(hh, hidx, np.array(["member"] * len(hidx)))
    sim = b.build(tbs)
    for name in PERSON_INPUTS:
        sim.set_input(name, PERIOD, data[name])
    for name, values in ENUMS.items():
        sim.set_input(name, PERIOD, np.array(values)[data[name]])
    sim.set_input("deposits", PERIOD, data["deposits"])
    sim.set_input("district_floor", PERIOD, data["district_floor"])
    return sim


def batch(n: int, npz: str, out: str) -> None:
    data = dict(np.load(npz))
    tbs = {"baseline": MinzhengTBS(), "dibao_1400": MinzhengTBS(REFORM_STANDARD)}
    t = time.perf_counter()
    results = {}
    for scenario, system in tbs.items():
        sim = build(system, data)
        for v in OUTPUTS:
            results[f"{scenario}.{v}"] = sim.calculate(v, PERIOD)
    seconds = time.perf_counter() - t
    np.savez(out.replace(".json", ".npz"), **results)
    json.dump({"n": n, "seconds": seconds, "households_per_s": n / seconds,
               "peak_rss_mb": peak_mb(), "dtype": str(results["baseline.dibao"].dtype)},
              open(out, "w"))


if __name__ == "__main__":
    if sys.argv[1] == "latency":
        latency(sys.argv[2])
    else:
        batch(int(sys.argv[2]), sys.argv[3], sys.argv[4])
