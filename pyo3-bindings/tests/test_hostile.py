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
