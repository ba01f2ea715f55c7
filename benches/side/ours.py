"""minzheng's side of the side-by-side benchmark (runs in the project's .venv).

  ours.py population N SEED DIR     seeded synthetic population -> DIR/pop-N.pkl (pandas),
                                    DIR/pop-N.{households,persons}.parquet (the same tables as
                                    Arrow), DIR/of-N.npz (OpenFisca's inputs) and DIR/np-N.npz
                                    (the numpy model's inputs, int64 fen)
  ours.py batch KIND N DIR OUT.json simulate(baseline + reform) from in-memory tables of KIND
                                    (pyarrow or pandas) to the per-household amounts table
                                    (the engine's `arrow(money="fen")` table, else
                                    `households()`), then
                                    `summarise()`, each timed; peak RSS;
                                    with pyarrow also the per-household fen in OUT.npz
  ours.py stream-write N DIR        N households as Parquet (households and persons, sorted by
                                    household_id): the seeded population of 10^6 (or fewer)
                                    households repeated with shifted ids
  ours.py stream N DIR OUT.json     those Parquet files streamed through the columnar engine;
                                    peak RSS (skipped, with the reason in OUT.json, when the
                                    package has no streaming entry point)
  ours.py latency OUT.json          one household through minzheng.calculate (Python)
  ours.py import OUT.json           resident memory added by `import minzheng, minzheng.analysis`

Every timed step runs in a fresh process (benches/run.sh starts one per step), so each peak RSS
(`ru_maxrss`) is that step's own.
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
    made = [pkl, os.path.join(out, f"of-{n}.npz"), os.path.join(out, f"np-{n}.npz"),
            os.path.join(out, f"pop-{n}.households.parquet"),
            os.path.join(out, f"pop-{n}.persons.parquet")]
    if all(os.path.exists(path) for path in made):
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
    # The numpy model's inputs: the same arrays, money as int64 fen (exact, from the Decimals).
    def fen(values):
        return np.array([0 if v is None else int(v.scaleb(2)) for v in values], dtype=np.int64)

    of = dict(np.load(os.path.join(out, f"of-{n}.npz")))
    np.savez(
        os.path.join(out, f"np-{n}.npz"),
        **{k: of[k] for k in ("household_index", "age", "disability_grade",
                              "disability_category", "supporters", "hukou", "serious_illness",
                              "district_floor")},
        wages=fen(p["income.wages"].tolist()),
        employment_costs=fen(p["income.employment_costs"].tolist()),
        pension=fen(p["income.pension"].tolist()),
        basic_pension_central=fen(p["income.basic_pension_central"].tolist()),
        deposits=fen(h["assets.deposits"].tolist()),
    )
    write_parquet(pop, os.path.join(out, f"pop-{n}"))
    with open(pkl, "wb") as f:
        pickle.dump(pop, f, protocol=pickle.HIGHEST_PROTOCOL)


MONEY_COLUMNS = ("assets.deposits", "income.wages", "income.employment_costs",
                 "income.pension", "income.basic_pension_central")


def to_arrow(frame):
    """A pandas table of the synthetic population as a pyarrow Table with the documented types
    (money decimal128(18, 2), nullable integers, booleans, strings)."""
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    fields = []
    for field in table.schema:
        if field.name in MONEY_COLUMNS:
            fields.append(pa.field(field.name, pa.decimal128(18, 2)))
        else:
            fields.append(field.remove_metadata())
    return table.cast(pa.schema(fields))


def write_parquet(pop, prefix: str) -> None:
    import pyarrow.parquet as pq

    for name, frame in (("households", pop.households), ("persons", pop.persons)):
        pq.write_table(to_arrow(frame), f"{prefix}.{name}.parquet")


def fen_of(table, kind: str, scenario: str, programme: str):
    """One scenario's `<programme>.monthly` of an amounts table as int64 fen."""
    import numpy as np

    if kind == "fen":
        import pyarrow as pa
        import pyarrow.compute as pc

        rows = table.filter(pc.equal(table.column("scenario").cast(pa.string()), scenario))
        return np.asarray(rows.column(f"{programme}.monthly_fen").to_numpy())
    if kind == "pyarrow":
        from decimal import Decimal

        import pyarrow as pa
        import pyarrow.compute as pc

        rows = table.filter(pc.equal(table.column("scenario").cast(pa.string()), scenario))
        col = rows.column(f"{programme}.monthly")
        hundred = pa.scalar(Decimal(100), pa.decimal128(3, 0))
        scaled = pc.multiply(col.cast(pa.decimal128(18, 2)), hundred)
        return np.asarray(pc.cast(scaled, pa.int64()).to_numpy(zero_copy_only=False))
    rows = table[table["scenario"] == scenario]
    return np.array([int(v.scaleb(2)) for v in rows[f"{programme}.monthly"].tolist()],
                    dtype=np.int64)


def load_tables(kind: str, n: int, cache: str):
    if kind == "pyarrow":
        import pyarrow.parquet as pq

        prefix = os.path.join(cache, f"pop-{n}")
        return (pq.read_table(f"{prefix}.households.parquet"),
                pq.read_table(f"{prefix}.persons.parquet"))
    with open(os.path.join(cache, f"pop-{n}.pkl"), "rb") as f:
        pop = pickle.load(f)
    return pop.households, pop.persons


def batch(kind: str, n: int, cache: str, out: str) -> None:
    import numpy as np

    import minzheng.analysis as mza

    households, persons = load_tables(kind, n, cache)
    before = rss_mb()
    reform = mza.reform("dibao_1400", {"dibao.standard": REFORM_STANDARD}, start="2025-01-01")
    t = time.perf_counter()
    sim = mza.simulate((households, persons), date=DATE, reforms=[reform], progress=False)
    simulate_s = time.perf_counter() - t
    # The per-household amounts table: the engine's Arrow table in whole fen (`arrow(money=
    # "fen")`, which shares the engine's columns) where the Simulation has one, else the
    # `households()` table.
    native_table = hasattr(sim, "arrow")
    table = sim.arrow(money="fen") if native_table else sim.households()
    table_kind = "fen" if native_table else kind
    seconds = time.perf_counter() - t
    peak_simulate = peak_mb()
    t = time.perf_counter()
    sim.summarise()
    summarise_s = time.perf_counter() - t
    peak_summary = peak_mb()
    result = {"n": n, "kind": kind, "seconds": seconds, "simulate_s": simulate_s,
              "households_table_s": seconds - simulate_s, "households_per_s": n / seconds,
              "amounts_table": 'arrow(money="fen")' if native_table else "households()",
              "summarise_s": summarise_s, "rss_before_mb": before,
              "peak_rss_mb": peak_simulate, "peak_rss_with_summary_mb": peak_summary,
              "threads": os.cpu_count(), "errors": len(sim.errors),
              "programmes": len(sim.programmes)}
    if native_table:
        # The same table with decimal128 amounts, and the public households() table (decimals
        # in the caller's kind), each timed for reference.
        t = time.perf_counter()
        sim.arrow()
        result["decimal_table_s"] = time.perf_counter() - t
        result["peak_rss_with_decimal_table_mb"] = peak_mb()
        t = time.perf_counter()
        sim.households()
        result["households_s"] = time.perf_counter() - t
    if kind == "pyarrow":
        np.savez(out.replace(".json", ".npz"),
                 **{f"{s}.{p}": fen_of(table, table_kind, s, p)
                    for s in sim.scenarios for p in PROGRAMMES})
    json.dump(result, open(out, "w"))


STREAM_CHUNK = 1_000_000


def stream_files(n: int, cache: str) -> tuple[str, str]:
    prefix = os.path.join(cache, f"stream-{n}")
    return f"{prefix}.households.parquet", f"{prefix}.persons.parquet"


def stream_write(n: int, cache: str, seed: int = 7) -> None:
    """N households as Parquet, sorted by household_id: the seeded population of
    min(N, 10^6) households repeated, each copy's ids shifted past the previous copy's."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    hpath, ppath = stream_files(n, cache)
    if os.path.exists(hpath) and os.path.exists(ppath):
        return
    base = min(n, STREAM_CHUNK)
    population(base, seed, cache)
    prefix = os.path.join(cache, f"pop-{base}")
    h = pq.read_table(f"{prefix}.households.parquet")
    p = pq.read_table(f"{prefix}.persons.parquet")
    writers = {}
    try:
        for copy, start in enumerate(range(0, n, base)):
            take = min(base, n - start)
            hh = h.slice(0, take)
            last = pc.max(hh.column("household_id")).as_py()
            pp = p.filter(pc.less_equal(p.column("household_id"), last))
            shift = pa.scalar(copy * base, pa.int64())
            for name, t in (("households", hh), ("persons", pp)):
                i = t.schema.get_field_index("household_id")
                t = t.set_column(i, "household_id", pc.add(t.column(i), shift))
                if name not in writers:
                    path = hpath if name == "households" else ppath
                    writers[name] = pq.ParquetWriter(path + ".part", t.schema)
                writers[name].write_table(t, row_group_size=128 * 1024)
    finally:
        for w in writers.values():
            w.close()
    os.replace(hpath + ".part", hpath)
    os.replace(ppath + ".part", ppath)


def stream(n: int, cache: str, out: str) -> None:
    """Streams the Parquet files of `stream-write` through `simulate_batches(pair_batches(…))`
    (baseline + the reform), holding one batch of households at a time; records the time and
    the process's peak RSS. Skipped, with the reason, when the package has no streaming API."""
    import minzheng.analysis as mza

    entry = getattr(mza, "simulate_batches", None)
    pairs = getattr(mza, "pair_batches", None)
    if entry is None or pairs is None:
        json.dump({"n": n, "skipped": "minzheng.analysis has no streaming entry point "
                   "(simulate_batches, pair_batches) in this build"}, open(out, "w"))
        return
    hpath, ppath = stream_files(n, cache)
    before = rss_mb()
    reform = mza.reform("dibao_1400", {"dibao.standard": REFORM_STANDARD}, start="2025-01-01")
    # Summary-only where the package has it: the summaries of 10^7 households are the result
    # an analyst streams for; per-household columns of that many do not fit the memory target.
    import inspect

    keep = ({"keep": "summary"} if "keep" in inspect.signature(entry).parameters else {})
    t = time.perf_counter()
    sim = entry(pairs(hpath, ppath), date=DATE, reforms=[reform], weight="weight",
                progress=False, total=n, **keep)
    summary = sim.summarise()
    seconds = time.perf_counter() - t
    cost = summary.cost
    json.dump({"n": n, "households": sim.n, "seconds": seconds, "households_per_s": n / seconds,
               "rss_before_mb": before, "peak_rss_mb": peak_mb(), "errors": len(sim.errors),
               "keep": keep.get("keep", "all"), "cost_rows": len(cost)},
              open(out, "w"))


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
    # The golden vectors' requests in turn (explanation off): households that differ from call
    # to call, so no part of one result is met again as in the loop above.
    vectors = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "vectors")
    varied = []
    for name in sorted(os.listdir(vectors)):
        if name.endswith(".json"):
            case = json.load(open(os.path.join(vectors, name)))
            if case.get("api", "calculate") == "calculate" and "request" in case \
                    and "expect" in case:
                varied.append(dict(case["request"], options={"explain": False}))
    for request in varied:
        minzheng.calculate(request)
    runs3, t3 = 0, time.perf_counter()
    while time.perf_counter() - t3 < 2.0:
        for request in varied:
            minzheng.calculate(request)
        runs3 += len(varied)
    json.dump({"python_us": (time.perf_counter() - t2) and 2e6 / runs,
               "python_explain_us": 2e6 / runs2,
               "python_varied_us": (time.perf_counter() - t3) * 1e6 / runs3,
               "python_varied_requests": len(varied)}, open(out, "w"))


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
        batch(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    elif cmd == "stream-write":
        stream_write(int(sys.argv[2]), sys.argv[3])
    elif cmd == "stream":
        stream(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    elif cmd == "latency":
        latency(sys.argv[2])
    elif cmd == "import":
        import_memory(sys.argv[2])
