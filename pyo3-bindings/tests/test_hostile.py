"""Hostile and careless input at the Python boundary: every case is a typed MinzhengError with
a code and a path, never a raw Python exception (wire API and analysis API)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

import minzheng
from minzheng import InputError

REQUEST = (
    '{"calculation_date":"2025-07-01","household":{"district":"tianhe","area":"urban",'
    '"members":[{"id":"a","age":40,"hukou":"guangzhou","income":{"wages":"1500"}}]}}'
)


def test_request_bytes_are_read_as_strict_utf8() -> None:
    assert minzheng.call_json("calculate", REQUEST.encode()) == minzheng.call_json(
        "calculate", REQUEST
    )
    for bad in (REQUEST.encode().replace(b'"a"', b'"a\xff"'), REQUEST.encode().replace(b'"a"', b'"\xed\xa0\x80"')):
        with pytest.raises(InputError) as info:
            minzheng.call_json("calculate", bad)
        assert (info.value.code, info.value.path) == ("invalid_json", "")
    with pytest.raises(InputError) as info:
        minzheng.call_json("calculate", REQUEST.replace('"a"', '"a\ud800"'))
    assert (info.value.code, info.value.path) == ("invalid_json", "")


def test_duplicate_rescued_person_is_refused() -> None:
    with pytest.raises(InputError) as info:
        minzheng.call(
            "rescue_food_allowance",
            {"calculation_date": "2025-07-01", "persons": [{"id": "p", "age": 30}] * 2},
        )
    assert (info.value.code, info.value.path) == ("duplicate_id", "persons[1].id")


def test_null_explain_means_not_given() -> None:
    import json

    request = json.loads(REQUEST)
    request["options"] = {"explain": None}
    assert minzheng.calculate(request)["programmes"][0]["steps"]


analysis = pytest.importorskip("minzheng.analysis")
pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def pop() -> Any:
    return analysis.synthetic_population(40, seed=3)


def _error(fn: Any) -> tuple[str, str]:
    with pytest.raises(minzheng.MinzhengError) as info:
        fn()
    assert isinstance(info.value, InputError), repr(info.value)
    return info.value.code, info.value.path


def test_arguments_are_typed_errors(pop: Any) -> None:
    run = lambda **kw: analysis.simulate(pop, date="2025-07-01", **kw)  # noqa: E731
    assert _error(lambda: run(threads=-1)) == ("out_of_range", "threads")
    assert _error(lambda: run(threads="2")) == ("invalid_type", "threads")
    n = len(pop.households)
    for w in (float("inf"), Decimal("Infinity"), 10**30, Decimal("1E+999999999999")):
        assert _error(lambda: run(weight=[w] * n)) == ("out_of_range", "households[0].weight")
    assert _error(lambda: analysis.synthetic_population(0)) == ("out_of_range", "n")
    assert _error(lambda: analysis.synthetic_population(True)) == ("invalid_type", "n")
    assert _error(lambda: analysis.simulate([{"calculation_date": "2025-07-01", "household": []}]))[0] == "invalid_type"


def test_dates_are_accepted_as_date_objects(pop: Any) -> None:
    text = analysis.simulate(pop, date="2025-07-01").households()
    for d in (datetime.date(2025, 7, 1), datetime.datetime(2025, 7, 1, 9, 30), pd.Timestamp("2025-07-01")):
        assert analysis.simulate(pop, date=d).households().equals(text)
    assert _error(lambda: analysis.simulate(pop, date=20250701)) == ("invalid_type", "date")


def test_cliff_bounds_are_named_as_the_caller_wrote_them() -> None:
    import json

    request = json.loads(REQUEST)
    assert _error(lambda: analysis.cliff(request, start="abc")) == ("invalid_value", "start")
    assert _error(lambda: analysis.cliff(request, start="1E+999999999999")) == ("out_of_range", "start")
    assert _error(lambda: analysis.cliff(request, stop=Decimal("Infinity")))[1] == "stop"


def test_duplicate_column_names_are_refused(pop: Any) -> None:
    h = pd.concat([pop.households, pop.households["district"]], axis=1)
    assert _error(lambda: analysis.simulate((h, pop.persons), date="2025-07-01")) == (
        "invalid_value",
        "households.district",
    )


@pytest.mark.parametrize("bad", [float("inf"), float("-inf"), Decimal("Infinity"), Decimal("-Infinity"), 1.5])
def test_non_finite_or_inexact_money_cells_name_row_and_column(pop: Any, bad: Any) -> None:
    p = pop.persons.copy()
    p["income.wages"] = p["income.wages"].astype(object)
    p.loc[2, "income.wages"] = bad
    assert _error(lambda: analysis.simulate((pop.households, p), date="2025-07-01")) == (
        "invalid_money",
        "persons[2].income.wages",
    )


# -- one bad cell of an object column costs its household, not the run (items 4 and 5) ----------


def _without(pop: Any, hid: Any) -> tuple[Any, Any]:
    h, p = pop.households, pop.persons
    return (
        h[h["household_id"] != hid].reset_index(drop=True),
        p[p["household_id"] != hid].reset_index(drop=True),
    )


def _check_recorded(pop: Any, h: Any, p: Any, table: str, row: int, column: str, code: str) -> None:
    """``errors="raise"`` raises the cell's typed error; ``errors="record"`` records it for its
    household only, resets that household's cells and calculates every other one, the
    summaries leaving it out."""
    with pytest.raises(InputError) as info:
        analysis.simulate((h, p), date="2025-07-01", weight="weight")
    assert (info.value.code, info.value.path) == (code, f"{table}[{row}].{column}")
    sim = analysis.simulate((h, p), date="2025-07-01", weight="weight", errors="record")
    source = h if table == "households" else p
    hid = source["household_id"].iloc[row]
    assert list(sim.errors) == [hid]
    assert sim.errors[hid][:2] == (code, f"{table}[{row}].{column}")
    assert f"household {hid}:" in sim.errors[hid][2]
    out = sim.households()
    bad = out[out["household_id"] == hid].iloc[0]
    assert bad["error"] is not None and bad["monthly_total"] == 0 and bad["income"] == 0
    assert bad["members"] == (p["household_id"] == hid).sum()  # person rows, as for any error
    assert all(bad[f"{q['programme']}.status"] == "not_assessed" for q in sim.programmes)
    good = out[out["household_id"] != hid].drop(columns=["income_decile", "error"])
    good = good.reset_index(drop=True)
    others = analysis.simulate(_without(pop, hid), date="2025-07-01", weight="weight")
    expected = others.households().drop(columns=["income_decile"])
    pd.testing.assert_frame_equal(good, expected)
    assert sim.summarise().cost.equals(others.summarise().cost)


@pytest.mark.parametrize(
    "column,bad,code",
    [
        ("age", b"40", "invalid_type"),
        ("age", "forty", "invalid_type"),
        ("age", Decimal("40"), "invalid_type"),
        ("age", 2**70, "out_of_range"),
        ("income.wages", b"1500", "invalid_type"),
        ("income.wages", [1500], "invalid_type"),
        ("hukou", b"guangzhou", "invalid_type"),
        ("hukou", 7, "invalid_type"),
        ("person_id", b"a", "invalid_type"),
        ("flags.orphan", "yes", "invalid_type"),
        ("birth_date", 1985, "invalid_type"),
    ],
)
def test_an_unsendable_cell_is_an_error_of_its_household(
    pop: Any, column: str, bad: Any, code: str
) -> None:
    p = pop.persons.copy()
    row = len(p) - 1
    if column not in p.columns:
        p[column] = None
    p[column] = p[column].astype(object)
    p.loc[row, column] = bad
    if column == "birth_date":
        p.loc[row, "age"] = None
    _check_recorded(pop, pop.households, p, "persons", row, column, code)


@pytest.mark.parametrize(
    "bad,code",
    [
        (float("inf"), "invalid_money"),
        (float("-inf"), "invalid_money"),
        (Decimal("Infinity"), "invalid_money"),
        (Decimal("-Infinity"), "invalid_money"),
        (Decimal("NaN"), "invalid_money"),
        (1.5, "invalid_money"),
    ],
)
def test_non_finite_or_float_money_is_recorded_per_household(pop: Any, bad: Any, code: str) -> None:
    p = pop.persons.copy()
    p["income.wages"] = p["income.wages"].astype(object)
    p.loc[5, "income.wages"] = bad
    _check_recorded(pop, pop.households, p, "persons", 5, "income.wages", code)


def test_an_unsendable_household_cell_names_the_households_row(pop: Any) -> None:
    h = pop.households.copy()
    h["district"] = h["district"].astype(object)
    h.loc[7, "district"] = b"tianhe"
    _check_recorded(pop, h, pop.persons, "households", 7, "district", "invalid_type")
    h = pop.households.copy()
    h["assets.deposits"] = pd.Series([Decimal("100")] * len(h), dtype=object)
    h.loc[3, "assets.deposits"] = float("nan")  # missing: no error
    h.loc[9, "assets.deposits"] = Decimal("-Infinity")
    with pytest.raises(InputError) as info:
        analysis.simulate((h, pop.persons), date="2025-07-01")
    assert (info.value.code, info.value.path) == ("invalid_money", "households[9].assets.deposits")


def test_an_unsendable_household_id_stops_the_run(pop: Any) -> None:
    h = pop.households.copy()
    h["household_id"] = h["household_id"].astype(object)
    h.loc[4, "household_id"] = b"x"
    for errors in ("raise", "record"):
        assert _error(
            lambda: analysis.simulate((h, pop.persons), date="2025-07-01", errors=errors)
        ) == ("invalid_type", "households[4].household_id")


def test_ignored_and_weight_object_columns_are_not_field_cells(pop: Any) -> None:
    h = pop.households.copy()
    h["notes"] = pd.Series([b"raw"] * len(h), dtype=object)
    h["weight"] = pd.Series([1.5] * len(h), dtype=object)
    sim = analysis.simulate((h, pop.persons), date="2025-07-01", weight="weight", ignore=["notes"])
    assert not sim.errors and sim.weights[0] == Decimal("1.5")


def test_streamed_pandas_pairs_record_cells_at_rows_of_the_whole_tables(pop: Any) -> None:
    h, p = pop.households, pop.persons.copy()
    p["age"] = p["age"].astype(object)
    last = len(p) - 1
    p.loc[last, "age"] = b"1"
    hid = p["household_id"].iloc[last]
    cut = 20
    ids = list(h["household_id"])[:cut]
    pairs = [
        (h.iloc[:cut].reset_index(drop=True), p[p["household_id"].isin(ids)].reset_index(drop=True)),
        (h.iloc[cut:].reset_index(drop=True), p[~p["household_id"].isin(ids)].reset_index(drop=True)),
    ]
    sim = analysis.simulate_batches(pairs, date="2025-07-01", errors="record")
    assert list(sim.errors) == [hid]
    assert sim.errors[hid][:2] == ("invalid_type", f"persons[{last}].age")
    with pytest.raises(InputError) as info:
        analysis.simulate_batches(pairs, date="2025-07-01")
    assert (info.value.code, info.value.path) == ("invalid_type", f"persons[{last}].age")


# -- the dict API checks sizes before converting (item 13) ----------------------------------------


def test_an_oversized_dict_request_is_refused_before_it_is_converted() -> None:
    import json
    import time

    base = json.loads(REQUEST)
    member = base["household"]["members"][0]
    huge = dict(base, household=dict(base["household"], members=[member] * 1_000_000))
    start = time.perf_counter()
    assert _error(lambda: minzheng.calculate(huge)) == ("input_too_large", "")
    assert time.perf_counter() - start < 0.5
    # As the engine answers for the same request as text.
    assert _error(lambda: minzheng.call_json("calculate", json.dumps(huge))) == ("input_too_large", "")
    wide = dict(base, household=dict(base["household"], members=[member] * 20_000))
    assert _error(lambda: minzheng.calculate(wide)) == ("input_too_large", "")
    # Over the member limit but small: the engine's own limit, at the list.
    many = dict(base, household=dict(base["household"], members=[dict(member, id=str(i)) for i in range(101)]))
    assert _error(lambda: minzheng.calculate(many)) == ("input_too_large", "household.members")
    for amount in (Decimal("1E-999999999"), Decimal("1E+999999999999")):
        m = dict(member, income={"wages": amount})
        big = dict(base, household=dict(base["household"], members=[m]))
        start = time.perf_counter()
        assert _error(lambda: minzheng.calculate(big)) == ("input_too_large", "")
        assert time.perf_counter() - start < 0.5
    m = dict(member, age=10**5000)
    assert _error(lambda: minzheng.calculate(dict(base, household=dict(base["household"], members=[m])))) == (
        "out_of_range",
        "household.members[0].age",
    )
    # Just under the limit is still converted and answered by the engine.
    text = "x" * (minzheng._convert.MAX_REQUEST_BYTES - len(REQUEST) - 100)
    padded = dict(base, household=dict(base["household"], members=[dict(member, id=text)]))
    assert len(json.dumps(padded, ensure_ascii=False, separators=(",", ":"))) <= 1 << 20
    assert minzheng.calculate(padded)["monthly_total"] == minzheng.calculate(base)["monthly_total"]


def test_paths_name_the_callers_arguments(pop: Any) -> None:
    import json

    run = lambda **kw: analysis.simulate(pop, date="2025-07-01", **kw)  # noqa: E731
    assert _error(lambda: run(common={"price_indices": {"cpi_yoy_percent": 1.5}})) == (
        "invalid_money",
        "common.price_indices.cpi_yoy_percent",
    )
    assert _error(lambda: run(common=[1])) == ("invalid_type", "common")
    request = json.loads(REQUEST)
    with pytest.raises(InputError) as info:
        analysis.cliff(request, step="0")
    assert info.value.path == "step" and "`from`" not in info.value.message
    assert "`start`" in info.value.message
    # A missing household id is missing, not "not in the table"; two are not duplicates.
    h, p = pop.households.copy(), pop.persons.copy()
    h["household_id"] = h["household_id"].astype(object)
    p["household_id"] = p["household_id"].astype(object)
    first = p.index[p["household_id"] == h.loc[1, "household_id"]]
    h.loc[[1, 2], "household_id"] = None
    p.loc[first, "household_id"] = None
    assert _error(lambda: analysis.simulate((h, p), date="2025-07-01")) == (
        "missing_field",
        "households[1].household_id",
    )
