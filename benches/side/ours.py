"""minzheng's side of the side-by-side benchmark (runs in the project's .venv).

  ours.py population N SEED DIR   seeded synthetic population -> DIR/pop-N.pkl and DIR/of-N.npz
  ours.py batch N DIR OUT.json    simulate(baseline + reform) from the DataFrames; time, RSS, fen
  ours.py latency OUT.json        one household through minzheng.calculate (Python)
  ours.py import OUT.json         resident memory added by `import minzheng, minzheng.analysis`
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import sys
import time

DATE = "2025-09-01"
REFORM_STANDARD = "1400"
PROGRAMMES = ("dibao", "tekun", "disability_living_subsidy", "disability_care_subsidy")
DISTRICT_FLOORS = ("huangpu", "panyu", "nansha")  # index 1.. in the OpenFisca model
CATEGORIES = ("none", "physical", "visual", "hearing", "speech", "intellectual", "mental", "multiple")
SUPPORTERS = ("unknown", "none", "unable", "able")
HUKOU = ("guangzhou", "other_guangdong", "other")

HOUSEHOLD = {
    "calculation_date": DATE,
    "options": {"explain": False},
    "household": {
        "district": "tianhe",
        "area": "urban",
        "members": [
            {"id": "a", "age": 45, "hukou": "guangzhou",
             "income": {"wages": "2800", "employment_costs": "300"}},
            {"id": "b", "age": 43, "hukou": "guangzhou",
             "disability": {"category": "physical", "grade": 2}},
            {"id": "c", "age": 10, "hukou": "guangzhou"},
        ],
        "assets": {"deposits": "8000"},
    },
}


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def population(n: int, seed: int, out: str) -> None:
    import numpy as np

    import minzheng.analysis as mza

    pkl = os.path.join(out, f"pop-{n}.pkl")
    if os.path.exists(pkl):
        return
    pop = mza.synthetic_population(n, seed=seed)
    h, p = pop.households, pop.persons

    def money(col):
        return np.array([0.0 if v is None else float(v) for v in p[col].tolist()])

    hid = h["household_id"].to_numpy(dtype=np.int64)
    index = {v: i for i, v in enumerate(hid.tolist())}
    grade = p["disability.grade"].to_numpy(dtype=np.float64, na_value=0).astype(np.int64)
    code = lambda col, names: np.array(  # noqa: E731
        [names.index(v if v is not None else names[0]) for v in p[col].tolist()], dtype=np.int8
    )
    np.savez(
        os.path.join(out, f"of-{n}.npz"),
        household_index=np.array([index[v] for v in p["household_id"].tolist()], dtype=np.int64),
        age=p["age"].to_numpy(dtype=np.int64),
        wages=money("income.wages"),
        employment_costs=money("income.employment_costs"),
        pension=money("income.pension"),
        basic_pension_central=money("income.basic_pension_central"),
        disability_grade=grade,
        disability_category=code("disability.category", CATEGORIES),
        supporters=code("supporters", SUPPORTERS),
        hukou=code("hukou", HUKOU),
        serious_illness=p["flags.serious_illness"].to_numpy(dtype=bool),
        deposits=np.array([float(v) for v in h["assets.deposits"].tolist()]),
        # The district figures of 黄埔, 番禺 and 南沙 apply to their rural areas only.
        district_floor=np.array(
            [DISTRICT_FLOORS.index(d) + 1 if d in DISTRICT_FLOORS and a == "rural" else 0
             for d, a in zip(h["district"].tolist(), h["area"].tolist())], dtype=np.int64),
    )
    with open(pkl, "wb") as f:
        pickle.dump(pop, f, protocol=pickle.HIGHEST_PROTOCOL)


def batch(n: int, cache: str, out: str) -> None:
    import numpy as np

    import minzheng.analysis as mza

    with open(os.path.join(cache, f"pop-{n}.pkl"), "rb") as f:
        pop = pickle.load(f)
    before = rss_mb()
    reform = mza.make_reform("dibao_1400", {"dibao.standard": REFORM_STANDARD}, start="2025-01-01")
    t = time.perf_counter()
    sim = mza.simulate(pop, date=DATE, reforms=[reform], progress=False)
    seconds = time.perf_counter() - t
    names = [p["programme"] for p in sim.programmes]
    width = len(names)
    fen = {}
    for scenario in sim.scenarios:
        table = np.frombuffer(sim._monthly[scenario], dtype=np.int64).reshape(-1, width)
        fen[scenario] = {p: table[:, names.index(p)] for p in PROGRAMMES}
    np.savez(out.replace(".json", ".npz"),
             **{f"{s}.{p}": a for s, d in fen.items() for p, a in d.items()})
    json.dump({"n": n, "seconds": seconds, "households_per_s": n / seconds,
               "rss_before_mb": before, "peak_rss_mb": peak_mb(),
               "threads": os.cpu_count(), "errors": len(sim.errors)}, open(out, "w"))


def latency(out: str) -> None:
    import minzheng

    request = HOUSEHOLD
    minzheng.calculate(request)
    runs, t = 0, time.perf_counter()
    while time.perf_counter() - t < 2.0:
        minzheng.calculate(request)
        runs += 1
    explained = dict(request, options={"explain": True})
    runs2, t2 = 0, time.perf_counter()
    while time.perf_counter() - t2 < 2.0:
        minzheng.calculate(explained)
        runs2 += 1
    json.dump({"python_us": (time.perf_counter() - t2) and 2e6 / runs,
               "python_explain_us": 2e6 / runs2}, open(out, "w"))


def import_memory(out: str) -> None:
    import gc

    gc.collect()
    before = rss_mb()
    t = time.perf_counter()
    import minzheng  # noqa: F401
    import minzheng.analysis  # noqa: F401

    seconds = time.perf_counter() - t
    after = rss_mb()
    json.dump({"rss_before_mb": before, "rss_after_mb": after, "added_mb": after - before,
               "import_s": seconds}, open(out, "w"))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "population":
        population(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif cmd == "batch":
        batch(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    elif cmd == "latency":
        latency(sys.argv[2])
    elif cmd == "import":
        import_memory(sys.argv[2])
