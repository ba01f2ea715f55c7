"""Population runs: batch results equal single-household results, every table kind in and out,
errors with table paths, traces, requests, progress."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

import minzheng
from analysis_support import DIBAO_1400, SMALL, require, rows, small_tables
from minzheng import InputError, ParameterError
from minzheng import analysis as mza
from support import VECTORS_DIR, vector_files

require("pandas")  # every analysis test returns tables; skipped without pandas


@pytest.fixture(scope="module")
def sample() -> mza.Population:
    require("pandas")
    return mza.synthetic_population(300, seed=11)


def test_batch_equals_single_household_on_a_synthetic_sample(sample: mza.Population) -> None:
    sim = mza.simulate(sample, date="2025-07-01", reforms=[DIBAO_1400], trace=[3])
    table = rows(sim.households())
    assert len(table) == 2 * 300
    by_key = {(r["household_id"], r["scenario"]): r for r in table}
    eligible = 0
    for hid in sim.household_ids[:120]:
        request = sim.request(hid)
        single = {"baseline": minzheng.calculate(request)}
        difference = mza.explain_difference(request, DIBAO_1400)
        single["dibao_1400"] = difference.reformed
        for scenario, result in single.items():
            row = by_key[(hid, scenario)]
            assert row["monthly_total"] == result["monthly_total"], (hid, scenario)
            for p in result["programmes"]:
                name = p["programme"]
                assert row[f"{name}.status"] == p["status"], (hid, scenario, name)
                assert row[f"{name}.monthly"] == p["monthly_amount"], (hid, scenario, name)
                eligible += p["status"] == "eligible" and p["monthly_amount"] > 0
    assert eligible > 20
    # A traced household keeps its full explained results, equal to the single calculation
    # (formulas may print an omitted amount as 0 where the rebuilt request says 0.00).
    traced = sim.traces[3]
    assert essentials(traced["baseline"]) == essentials(minzheng.calculate(sim.request(3)))
    assert traced["baseline"]["programmes"][0]["steps"], "a trace is explained"


def essentials(result: dict[str, Any]) -> Any:
    return (
        result["monthly_total"],
        [
            (
                p["programme"],
                p["status"],
                p["monthly_amount"],
                [(i["id"], i["amount"]) for i in p["line_items"]],
            )
            for p in result["programmes"]
        ],
        sorted(w["code"] for w in result["warnings"]),
    )


def test_batch_equals_single_on_every_calculate_vector() -> None:
    requests, expected = [], []
    for path in vector_files():
        vector = json.loads(path.read_text(encoding="utf-8"))
        if (
            vector.get("api", "calculate") != "calculate"
            or "request" not in vector
            or "expect" not in vector
        ):
            continue
        requests.append(vector["request"])
        expected.append(minzheng.call_json("calculate", json.dumps(vector["request"])))
    assert len(requests) >= 50, VECTORS_DIR
    sim = mza.simulate(requests, errors="record")
    require("pandas")
    table = {r["household_id"]: r for r in rows(sim.households())}
    for i, text in enumerate(expected):
        result = json.loads(text)
        for p in result["programmes"]:
            assert table[i][f"{p['programme']}.monthly"] == Decimal(p["monthly_amount"]), (
                i,
                p["programme"],
            )
            assert table[i][f"{p['programme']}.status"] == p["status"], (i, p["programme"])


@pytest.mark.parametrize("kind", ["pandas", "pyarrow", "polars"])
def test_every_kind_in_gives_the_same_kind_out(kind: str) -> None:
    households, persons = small_tables(kind)
    sim = mza.simulate((households, persons), date="2025-07-01", reforms=DIBAO_1400)
    out = sim.households()
    assert type(out).__module__.split(".")[0] == kind
    summary = sim.summarise()
    for table in (summary.cost, summary.winners_losers, summary.by_decile, summary.by_district):
        assert type(table).__module__.split(".")[0] == kind
    money = {
        r["household_id"]: r["dibao.monthly"] for r in rows(out) if r["scenario"] == "baseline"
    }
    assert money == {11: Decimal("1118.00"), 12: Decimal("0.00"), 13: Decimal("309.00")}
    if kind == "pyarrow":
        assert str(out.schema.field("dibao.monthly").type) == "decimal128(18, 2)"
        assert str(summary.cost.schema.field("annual_cost").type) == "decimal128(38, 2)"
    if kind == "polars":
        assert str(out["dibao.monthly"].dtype).startswith("Decimal")


@pytest.mark.parametrize("kind", ["pandas", "pyarrow", "polars"])
def test_decimal_and_integer_money_columns_are_accepted(kind: str) -> None:
    households, persons = small_tables("pandas")
    persons["income.wages"] = [Decimal("1500.00"), None, 5000, Decimal("1000")]
    persons["income.wages"] = persons["income.wages"].astype(object)
    if kind == "pyarrow":
        pa = require("pyarrow")
        persons = pa.table(
            {
                **{c: persons[c].tolist() for c in persons.columns if c != "income.wages"},
                "income.wages": pa.array(
                    [Decimal("1500.00"), None, Decimal(5000), Decimal("1000")], pa.decimal128(18, 2)
                ),
            }
        )
        households = pa.Table.from_pandas(households, preserve_index=False)
    if kind == "polars":
        pl = require("polars")
        persons = pl.DataFrame(
            {
                **{c: persons[c].tolist() for c in persons.columns if c != "income.wages"},
                "income.wages": pl.Series(
                    [Decimal("1500.00"), None, Decimal(5000), Decimal("1000")],
                    dtype=pl.Decimal(18, 2),
                ),
            }
        )
        households = pl.from_pandas(households)
    sim = mza.simulate((households, persons), date="2025-07-01")
    table = rows(sim.households())
    assert [r["dibao.monthly"] for r in table] == [
        Decimal("1118.00"),
        Decimal("0.00"),
        Decimal("309.00"),
    ]


def test_a_float_money_column_is_an_error_naming_row_and_column() -> None:
    pd = require("pandas")
    households, persons = small_tables("pandas")
    persons["income.wages"] = [1500.5, None, 5000.0, 1000.0]
    assert persons["income.wages"].dtype == "float64"
    with pytest.raises(InputError) as info:
        mza.simulate((households, persons), date="2025-07-01")
    assert info.value.code == "invalid_money"
    assert info.value.path == "persons[0].income.wages"
    assert "household 11" in info.value.message and "float" in info.value.message
    # Shuffled person rows: the path is the caller's row.
    shuffled = persons.iloc[[3, 2, 1, 0]].reset_index(drop=True)
    with pytest.raises(InputError) as info:
        mza.simulate((households, shuffled), date="2025-07-01")
    assert info.value.path == "persons[3].income.wages"
    assert isinstance(pd, object)


def test_errors_can_be_recorded_and_left_out_of_summaries() -> None:
    households, persons = small_tables("pandas")
    persons.loc[2, "age"] = 200
    with pytest.raises(InputError) as info:
        mza.simulate((households, persons), date="2025-07-01")
    assert (info.value.code, info.value.path) == ("out_of_range", "persons[2].age")
    sim = mza.simulate((households, persons), date="2025-07-01", errors="record", weight="weight")
    assert list(sim.errors) == [12]
    assert sim.errors[12][:2] == ("out_of_range", "persons[2].age")
    (w,) = rows(sim.summarise().cost)[:1]
    assert w["recipients"] == 7
    table = rows(sim.households())
    assert [r["error"] is not None for r in table] == [False, True, False]


def test_table_errors() -> None:
    households, persons = small_tables("pandas")
    with pytest.raises(InputError) as info:
        mza.simulate((households, persons))
    assert (info.value.code, info.value.path) == ("missing_field", "date")
    bad = persons.copy()
    bad.loc[3, "household_id"] = 99
    with pytest.raises(InputError) as info:
        mza.simulate((households, bad), date="2025-07-01")
    assert (info.value.code, info.value.path) == ("invalid_value", "persons[3].household_id")
    twice = households.copy()
    twice.loc[2, "household_id"] = 11
    with pytest.raises(InputError) as info:
        mza.simulate((twice, persons), date="2025-07-01")
    assert info.value.code == "duplicate_id"
    unknown = persons.assign(colour="red")
    with pytest.raises(InputError) as info:
        mza.simulate((households, unknown), date="2025-07-01")
    assert (info.value.code, info.value.path) == ("unknown_field", "persons[0].colour")
    # Ignored and underscored columns are not sent.
    mza.simulate((households, unknown.rename(columns={"colour": "_colour"})), date="2025-07-01")
    mza.simulate((households, unknown), date="2025-07-01", ignore=["colour"])
    with pytest.raises(ParameterError) as info:
        mza.simulate((households, persons), date="2018-01-01")
    assert (info.value.code, info.value.path) == ("parameter_not_in_force", "date")
    with pytest.raises(InputError) as info:
        mza.simulate("not a population", date="2025-07-01")
    assert info.value.code == "invalid_type"
    with pytest.raises(InputError) as info:
        mza.simulate((households, persons), date="2025-07-01", weight="nope")
    assert info.value.code == "missing_field"
    negative = households.assign(weight=[1, -1, 1])
    with pytest.raises(InputError) as info:
        mza.simulate((negative, persons), date="2025-07-01", weight="weight")
    assert (info.value.code, info.value.path) == ("out_of_range", "households[1].weight")


def test_common_fields_reach_every_household() -> None:
    households, persons = small_tables("pandas")
    indices = {"cpi_yoy_percent": "3.6", "food_cpi_yoy_percent": "1.0"}
    sim = mza.simulate((households, persons), date="2025-07-01", common={"price_indices": indices})
    table = rows(sim.households())
    assert table[0]["price_subsidy.status"] != "not_assessed"
    assert sim.request(11)["price_indices"]["cpi_yoy_percent"] == "3.6"


def test_members_without_person_id_get_ids() -> None:
    households, persons = small_tables("pandas")
    sim = mza.simulate((households, persons.drop(columns=["person_id"])), date="2025-07-01")
    assert [m["id"] for m in sim.request(11)["household"]["members"]] == ["p1", "p2"]


def test_request_rebuilds_what_the_engine_calculated() -> None:
    households, persons = small_tables("pandas")
    sim = mza.simulate((households, persons), date="2025-07-01")
    request = sim.request(13)
    assert request["household"]["district"] == "yuexiu"
    assert minzheng.calculate(request)["monthly_total"] == Decimal("309.00")
    with pytest.raises(InputError):
        sim.request(999)


def test_progress_bar_without_tqdm(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_tqdm(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("tqdm"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_tqdm)
    mza.simulate(SMALL, progress=True)
    err = capsys.readouterr().err
    assert "100%" in err and "3/3 households" in err
    mza.simulate(SMALL)
    assert capsys.readouterr().err == ""


def test_several_blocks_give_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    require("pandas")
    from minzheng.analysis import _simulate

    pop = mza.synthetic_population(60, seed=5)
    whole = rows(
        mza.simulate(pop, date="2025-07-01", reforms=DIBAO_1400, weight="weight").households()
    )
    monkeypatch.setattr(_simulate, "BLOCK", 7)
    blocks = rows(
        mza.simulate(
            pop, date="2025-07-01", reforms=DIBAO_1400, weight="weight", threads=1
        ).households()
    )
    assert blocks == whole
