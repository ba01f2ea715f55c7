"""A hand-written numpy model of the four core programmes, for the side-by-side benchmark.

The rules are those of benches/openfisca/minzheng_openfisca.py (dibao top-up with the income
exclusions and the marginal single-person route, 特困 basic + care, the two disability
subsidies), written as whole-array numpy in int64 fen: every amount is a whole number of fen,
every multiplier an exact fraction (1.6 = 16/10, 1.5 = 3/2, 0.6 = 60/100), and the only
rounding (to the fen, of 1.6 × standard and share × minimum wage) is half away from zero with
integer operations. So, unlike the OpenFisca model (float32, half to even), it is exact: it can
differ from minzheng only where the two models' rules differ.

  numpy_model.py batch N NPZ OUT.json   build from the arrays of NPZ (np-N.npz from
                                        `ours.py population`) + calculate, baseline and the
                                        reform (dibao standard 1400); time, peak RSS, and the
                                        per-household fen in OUT.npz (and, untimed, with
                                        minzheng's reading of the dibao asset test in
                                        OUT-counted-assets.npz)
  numpy_model.py check                  the rounding and a hand-checked household

Runs in the project's .venv (numpy only).
"""

from __future__ import annotations

import json
import resource
import sys
import time

import numpy as np

# Parameters in fen (amounts) or as exact fractions (num, den); the same figures and dates as
# core/parameters/*.toml for 2025-09 (and the OpenFisca model's PARAMETERS).
BASELINE = {
    "standard": 130_900,  # dibao.standard 1309 元
    "marginal": (3, 2),  # dibao.marginal_multiplier 1.5
    "asset_months": 24,  # dibao.financial_asset_limit_months
    "basic_multiplier": (16, 10),  # tekun.basic_multiplier 1.6
    # tekun.basic_standard: city-wide 2094.4, then huangpu, panyu, nansha (rural areas)
    "basic_floor": (209_440, 241_300, 251_200, 212_100),
    # tekun.care_share: full self-care, partial self-care, full care (per cent of minimum wage)
    "care_share": (2, 30, 60),
    "minimum_wage": 250_000,
    "living_subsidy": 20_900,
    "care_subsidy": 28_000,
}
REFORM = dict(BASELINE, standard=140_000)
SCENARIOS = {"baseline": BASELINE, "dibao_1400": REFORM}
PROGRAMMES = ("dibao", "tekun", "disability_living_subsidy", "disability_care_subsidy")

# Codes of the enumerations (as benches/side/ours.py writes them).
PHYSICAL, VISUAL, INTELLECTUAL, MENTAL = 1, 2, 5, 6
SUPPORTERS_NONE, SUPPORTERS_UNABLE = 1, 2
HUKOU_GUANGZHOU = 0


def round_div(num, den: int):
    """num / den rounded to an integer, half away from zero (den > 0); arrays or ints."""
    if isinstance(num, np.ndarray):
        q = (np.abs(num) * 2 + den) // (2 * den)
        return np.where(num < 0, -q, q)
    q = (abs(num) * 2 + den) // (2 * den)
    return -q if num < 0 else q


class Population:
    """The arrays and the household structure the formulas read (persons grouped by household,
    in household order)."""

    def __init__(self, data: dict[str, np.ndarray]):
        hidx = data["household_index"]
        n_h = len(data["deposits"])
        if len(hidx) and np.any(hidx[1:] < hidx[:-1]):
            raise ValueError("persons must be grouped by household, in household order")
        sizes = np.bincount(hidx, minlength=n_h).astype(np.int64)
        if np.any(sizes == 0):
            raise ValueError("every household needs a member")
        self.n = n_h
        self.hidx = hidx
        self.sizes = sizes
        self.starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        self.age = data["age"]
        wages_net = np.maximum(data["wages"] - data["employment_costs"], 0)
        # Counted for 特困 (pensions not counted) and for dibao (pensions counted; the residents'
        # basic pension, basic_pension_central, is excluded from both).
        self.tekun_income = wages_net
        self.counted = np.maximum(wages_net + data["pension"], 0)
        g = data["disability_grade"]
        c = data["disability_category"]
        self.grade = g
        self.disabled = c != 0
        self.im = (c == INTELLECTUAL) | (c == MENTAL)
        by_disability = (
            (self.im & (g <= 3)) | ((c == PHYSICAL) & (g <= 2)) | ((c == VISUAL) & (g == 1))
        )
        self.no_work = (self.age < 16) | (self.age >= 60) | by_disability
        sup = data["supporters"]
        self.supporters_ok = (sup == SUPPORTERS_NONE) | (sup == SUPPORTERS_UNABLE)
        self.severe = self.disabled & ((g <= 2) | self.im)
        self.single_route = (
            self.disabled & ((g <= 2) | ((g == 3) & self.im))
        ) | data["serious_illness"]
        self.disability_common = self.disabled & (data["hukou"] == HUKOU_GUANGZHOU)
        # 特困 care share by tier: full care (intellectual/mental grade 1-2), partial (grade 3),
        # else full self-care.
        self.care_tier = np.where(self.im & (g <= 2), 2, np.where(self.im & (g == 3), 1, 0))
        self.deposits = data["deposits"]
        self.district_floor = data["district_floor"]

    def household_sum(self, values: np.ndarray) -> np.ndarray:
        """Per household, the sum over its members (exact: int64)."""
        return np.add.reduceat(values.astype(np.int64, copy=False), self.starts)


def calculate(pop: Population, p: dict, asset_test: str = "all") -> dict[str, np.ndarray]:
    """The four programmes' monthly amounts per household, int64 fen.

    ``asset_test``: ``"all"`` (the OpenFisca model's rule) tests the household's financial
    assets for dibao against the limit for every member; ``"counted"`` (minzheng's reading)
    against the limit for the members not supported as 特困 only. 特困 itself is tested against
    the limit for every member either way."""
    s = p["standard"]
    hidx = pop.hidx
    assets_ok_h = pop.deposits <= p["asset_months"] * s * pop.sizes
    supported = pop.no_work & (pop.tekun_income < s) & assets_ok_h[hidx] & pop.supporters_ok

    # 特困: basic = max(1.6 × standard, the district's floor), care = share × minimum wage.
    num, den = p["basic_multiplier"]
    floors = np.maximum(round_div(num * s, den), np.array(p["basic_floor"], dtype=np.int64))
    care = np.array([round_div(x * p["minimum_wage"], 100) for x in p["care_share"]],
                    dtype=np.int64)
    tekun_p = np.where(supported, floors[pop.district_floor][hidx] + care[pop.care_tier], 0)
    tekun = pop.household_sum(tekun_p)

    # Dibao over the members not supported as 特困.
    counted_member = ~supported
    n = pop.household_sum(counted_member)
    income = pop.household_sum(np.where(counted_member, pop.counted, 0))
    line = s * n
    if asset_test == "counted":
        assets_ok_h = pop.deposits <= p["asset_months"] * line
    mnum, mden = p["marginal"]
    is_dibao = assets_ok_h & (n > 0) & (income < line)
    is_marginal = assets_ok_h & (n > 0) & ~is_dibao & (income * mden < mnum * line)
    single = np.where(pop.single_route & counted_member, np.maximum(s - pop.counted, 0), 0)
    dibao = np.where(is_dibao, line - income, np.where(is_marginal, pop.household_sum(single), 0))

    # The disability subsidies (Guangzhou hukou, not supported as 特困).
    common = pop.disability_common & ~supported
    assisted = (is_dibao | is_marginal)[hidx]
    living = p["living_subsidy"]
    living_p = common & (assisted | (pop.severe & (pop.counted < living)))
    care_p = common & pop.severe
    return {
        "dibao": dibao,
        "tekun": tekun,
        "disability_living_subsidy": pop.household_sum(living_p) * living,
        "disability_care_subsidy": pop.household_sum(care_p) * p["care_subsidy"],
    }


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def batch(n: int, npz: str, out: str) -> None:
    data = dict(np.load(npz))
    before = rss_mb()
    t = time.perf_counter()
    pop = Population(data)
    results = {}
    for scenario, params in SCENARIOS.items():
        for k, v in calculate(pop, params).items():
            results[f"{scenario}.{k}"] = v
    seconds = time.perf_counter() - t
    figures = {"n": n, "seconds": seconds, "households_per_s": n / seconds,
               "rss_before_mb": before, "peak_rss_mb": peak_mb(), "numpy": np.__version__}
    np.savez(out.replace(".json", ".npz"), **results)
    # Not timed: the same with minzheng's reading of the dibao asset test, to check that it is
    # the whole of the difference against minzheng.
    np.savez(out.replace(".json", "-counted-assets.npz"),
             **{f"{scenario}.{k}": v for scenario, params in SCENARIOS.items()
                for k, v in calculate(pop, params, asset_test="counted").items()})
    json.dump(figures, open(out, "w"))


def check() -> None:
    assert round_div(5, 10) == 1 and round_div(-5, 10) == -1 and round_div(4, 10) == 0
    assert list(round_div(np.array([15, 25, -15, 14]), 10)) == [2, 3, -2, 1]
    # The default household of the latency benches: wages 2800 − costs 300, a physical grade 2
    # member, a child; deposits 8000: dibao 3 × 1309 − 2500 = 1427 元; the grade-2 member gets
    # both disability subsidies (dibao household), nobody is 特困 (supporters unknown).
    data = {
        "household_index": np.array([0, 0, 0]),
        "age": np.array([45, 43, 10]),
        "wages": np.array([280_000, 0, 0]),
        "employment_costs": np.array([30_000, 0, 0]),
        "pension": np.zeros(3, dtype=np.int64),
        "basic_pension_central": np.zeros(3, dtype=np.int64),
        "disability_grade": np.array([0, 2, 0]),
        "disability_category": np.array([0, PHYSICAL, 0], dtype=np.int8),
        "supporters": np.zeros(3, dtype=np.int8),
        "hukou": np.zeros(3, dtype=np.int8),
        "serious_illness": np.zeros(3, dtype=bool),
        "deposits": np.array([800_000]),
        "district_floor": np.array([0]),
    }
    r = calculate(Population(data), BASELINE)
    assert [int(r[p][0]) for p in PROGRAMMES] == [142_700, 0, 20_900, 28_000], r
    # A 70-year-old alone, no supporters, no income: 特困 basic 2094.40 + care 2 % × 2500 = 50.
    one = {k: v[:1].copy() for k, v in data.items()}
    one.update(age=np.array([70]), wages=np.array([0]), employment_costs=np.array([0]),
               disability_category=np.array([0], dtype=np.int8), disability_grade=np.array([0]),
               supporters=np.array([SUPPORTERS_NONE], dtype=np.int8))
    r = calculate(Population(one), BASELINE)
    assert [int(r[p][0]) for p in PROGRAMMES] == [0, 214_440, 0, 0], r
    r = calculate(Population(one), REFORM)
    assert int(r["tekun"][0]) == 224_000 + 5_000, r
    print("numpy model: checks passed")


if __name__ == "__main__":
    if sys.argv[1] == "batch":
        batch(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "check":
        check()
    else:
        sys.exit(__doc__)
