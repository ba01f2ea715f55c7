"""The columnar path: tables cross as Arrow, results come back as Arrow; every table kind gives
the same amounts, bad values give stable codes and the caller's paths, streaming equals the
in-memory run."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import minzheng
from analysis_support import DIBAO_1400, require, rows, small_tables
from minzheng import InputError
from minzheng import analysis as mza

require("pandas")
require("pyarrow")

DATE = "2025-07-01"


@pytest.fixture(scope="module")
def population() -> mza.Population:
    return mza.synthetic_population(400, seed=21, kind="pyarrow")


def _amounts(sim: mza.Simulation) -> list[tuple[Any, ...]]:
    """Every household's statuses and amounts, as plain values (kind-independent)."""
    out = []
    for r in rows(sim.households()):
        key = (str(r["household_id"]), r["scenario"])
        cells = tuple(
            (r[f"{p['programme']}.status"], r[f"{p['programme']}.monthly"]) for p in sim.programmes
        )
        out.append((key, r["monthly_total"], r["one_off_total"], r["income"], cells))
    return out


def test_pandas_pyarrow_and_polars_give_identical_amounts(population: mza.Population) -> None:
    pa = require("pyarrow")
    require("polars")
    results = {}
    for kind in ("pandas", "pyarrow", "polars"):
        tables = mza.synthetic_population(400, seed=21, kind=kind)
        sim = mza.simulate(tables, date=DATE, reforms=[DIBAO_1400], weight="weight")
        assert sim.kind == kind and not sim.errors
        results[kind] = _amounts(sim)
    assert results["pandas"] == results["pyarrow"] == results["polars"]
    assert any(r[1] > 0 for r in results["pyarrow"])
    # The Arrow result: dictionary-encoded statuses and reasons, exact decimals.
    table = sim.arrow()
    assert table.num_rows == 2 * 400
    assert pa.types.is_dictionary(table.schema.field("dibao.status").type)
    assert pa.types.is_dictionary(table.schema.field("dibao.reason").type)
    assert str(table.schema.field("dibao.monthly").type) == "decimal128(18, 2)"
    assert str(table.schema.field("income").type) == "decimal128(18, 2)"
    reasons = set(table.column("dibao.reason").to_pylist()) - {None}
    assert reasons and all(isinstance(x, str) for x in reasons)


def test_the_arrow_result_matches_the_single_calculation(population: mza.Population) -> None:
    sim = mza.simulate(
        population, date=DATE, trace=[population.households["household_id"][0].as_py()]
    )
    table = sim.arrow().to_pylist()
    for row in table[:60]:
        result = minzheng.calculate(sim.request(row["household_id"]))
        assert row["monthly_total"] == result["monthly_total"], row["household_id"]
        for p in result["programmes"]:
            name = p["programme"]
            assert row[f"{name}.status"] == p["status"], (row["household_id"], name)
            assert row[f"{name}.monthly"] == p["monthly_amount"], (row["household_id"], name)
    assert sim.traces, "a traced household keeps its explained results"


def test_the_fen_table_shares_the_engines_columns_and_equals_the_decimal_one(
    population: mza.Population,
) -> None:
    pa = require("pyarrow")
    sim = mza.simulate(population, date=DATE, reforms=[DIBAO_1400])
    decimal, fen = sim.arrow(), sim.arrow(money="fen")
    decimal.validate(full=True)
    fen.validate(full=True)
    assert fen.num_rows == decimal.num_rows == 2 * 400
    assert sim.arrow(money="fen") is fen, "built once per money kind"
    money = [n for n in decimal.column_names if pa.types.is_decimal(decimal.schema.field(n).type)]
    assert {"income", "dibao.monthly", "annual_change"} <= set(money)
    for name in money:
        assert fen.schema.field(f"{name}_fen").type == pa.int64(), name
        want = [None if v is None else int(v * 100) for v in decimal.column(name).to_pylist()]
        assert fen.column(f"{name}_fen").to_pylist() == want, name
    for name in decimal.column_names:
        if name not in money:
            assert fen.column(name).to_pylist() == decimal.column(name).to_pylist(), name
    assert sum(fen.column("dibao.monthly_fen").to_pylist()) > 0
    # The amounts are the engine's own memory: a second export views the same buffer.
    again = sim.outcome.table("fen")
    first = fen.column("dibao.monthly_fen").chunk(0).buffers()[1]
    second = again.column("dibao.monthly_fen").chunk(0).buffers()[1]
    assert first.address == second.address
    with pytest.raises(ValueError, match="money"):
        sim.arrow(money="yuan")
    with pytest.raises(InputError) as raised:
        sim.outcome.table("yuan")
    assert raised.value.code == "invalid_value" and raised.value.path == "money"


def test_chunked_tables_run_chunk_by_chunk_with_the_same_results_and_paths(
    population: mza.Population,
) -> None:
    pa = require("pyarrow")
    pc = require("pyarrow.compute")
    h, p = population.households, population.persons
    # Household and person chunks that do not line up: a household's members span two chunks.
    hc = pa.Table.from_batches(h.to_batches(max_chunksize=37))
    pcs = pa.Table.from_batches(p.to_batches(max_chunksize=53))
    assert hc.column(0).num_chunks > 5 and pcs.column(0).num_chunks > 5
    whole = mza.simulate((h, p), date=DATE, reforms=[DIBAO_1400])
    chunked = mza.simulate((hc, pcs), date=DATE, reforms=[DIBAO_1400])
    assert chunked.arrow(money="fen").to_pylist() == whole.arrow(money="fen").to_pylist()
    # Persons not in household order: the tables are joined whole, with the same results.
    shuffled = pa.Table.from_batches(p.take(list(range(p.num_rows))[::-1]).to_batches(53))
    reordered = mza.simulate((hc, shuffled), date=DATE, reforms=[DIBAO_1400])
    assert reordered.arrow(money="fen").to_pylist() == whole.arrow(money="fen").to_pylist()
    # A bad value in a later chunk is reported at its row of the whole table.
    row = 301
    ages = p.column("age").to_pylist()
    ages[row] = -4
    bad = p.set_column(p.schema.get_field_index("age"), "age", pa.array(ages, p.schema.field("age").type))
    bad = pa.Table.from_batches(bad.to_batches(max_chunksize=53))
    sim = mza.simulate((hc, bad), date=DATE, errors="record")
    hid = p.column("household_id")[row].as_py()
    assert list(sim.errors) == [hid]
    assert sim.errors[hid][:2] == ("out_of_range", f"persons[{row}].age"), sim.errors[hid]
    assert pc.sum(pc.equal(h.column("household_id"), hid)).as_py() == 1


def _bad(kind: str) -> tuple[Any, Any]:
    """The small population (11, 12, 13) in ``kind``, with a fourth household (14) to break."""
    pd = require("pandas")
    households, persons = small_tables("pandas")
    households = pd.concat(
        [
            households,
            pd.DataFrame(
                {"household_id": [14], "district": ["tianhe"], "area": ["urban"], "weight": [1]}
            ),
        ],
        ignore_index=True,
    )
    persons = pd.concat(
        [
            persons,
            pd.DataFrame(
                {
                    "household_id": [14],
                    "person_id": ["a"],
                    "age": [50],
                    "hukou": ["guangzhou"],
                    "income.wages": ["800"],
                }
            ),
        ],
        ignore_index=True,
    )
    return households, persons


def _convert(kind: str, households: Any, persons: Any) -> tuple[Any, Any]:
    if kind == "pandas":
        return households, persons
    pa = require("pyarrow")
    h = pa.Table.from_pandas(households, preserve_index=False)
    p = pa.Table.from_pandas(persons, preserve_index=False)
    if kind == "pyarrow":
        return h, p
    pl = require("polars")
    return pl.from_arrow(h), pl.from_arrow(p)


BAD_VALUES = [
    # (description, table, column, row, value, code)
    ("unknown district", "households", "district", 1, "atlantis", "invalid_value"),
    ("negative wage", "persons", "income.wages", 2, "-5", "negative_amount"),
    ("grade 5", "persons", "disability.grade", 3, 5, "out_of_range"),
]


@pytest.mark.parametrize("kind", ["pandas", "pyarrow", "polars"])
@pytest.mark.parametrize("case", BAD_VALUES, ids=[c[0] for c in BAD_VALUES])
def test_a_bad_value_names_its_code_and_the_callers_path(kind: str, case: tuple[Any, ...]) -> None:
    _, table, column, row, value, code = case
    households, persons = _bad(kind)
    target = households if table == "households" else persons
    if column == "disability.grade":
        persons["disability.category"] = [None, None, None, "physical", None]
        persons["disability.grade"] = __import__("pandas").array(
            [None, None, None, value, None], dtype="Int64"
        )
    else:
        target[column] = target[column].astype(object)
        target.loc[row, column] = value
    households, persons = _convert(kind, households, persons)
    with pytest.raises(InputError) as info:
        mza.simulate((households, persons), date=DATE)
    path = f"{table}[{row}].{column}"
    assert (info.value.code, info.value.path) == (code, path)
    sim = mza.simulate((households, persons), date=DATE, errors="record")
    bad_household = {("households", 1): 12, ("persons", 2): 12, ("persons", 3): 13}[(table, row)]
    assert list(sim.errors) == [bad_household]
    assert sim.errors[bad_household][:2] == (code, path)
    table_rows = rows(sim.households())
    good = {r["household_id"]: r["dibao.monthly"] for r in table_rows if r["error"] is None}
    assert good[11] == Decimal("1118.00") and good[14] == Decimal("509.00")
    assert bad_household not in good


@pytest.mark.parametrize("kind", ["pandas", "pyarrow", "polars"])
def test_a_members_id_used_twice_in_a_household_is_its_error(kind: str) -> None:
    households, persons = _bad(kind)
    # Household 11's two members (rows 0 and 1) share an id; the same id in another household
    # is allowed.
    persons["person_id"] = persons["person_id"].astype(object)
    persons.loc[0, "person_id"] = "x"
    persons.loc[1, "person_id"] = "x"
    persons.loc[3, "person_id"] = "x"
    assert list(persons["household_id"][0:2]) == [11, 11]
    households, persons = _convert(kind, households, persons)
    with pytest.raises(InputError) as info:
        mza.simulate((households, persons), date=DATE)
    assert (info.value.code, info.value.path) == ("duplicate_id", "persons[1].person_id")
    sim = mza.simulate((households, persons), date=DATE, errors="record")
    assert list(sim.errors) == [11]
    good = {r["household_id"] for r in rows(sim.households()) if r["error"] is None}
    assert good == {12, 13, 14}


@pytest.mark.parametrize("kind", ["pandas", "pyarrow", "polars"])
def test_a_float_money_column_is_invalid_money_and_never_rounded(kind: str) -> None:
    households, persons = _bad(kind)
    persons["income.wages"] = [1500.0, None, 5000.5, 1000.0, None]
    assert persons["income.wages"].dtype == "float64"
    households, persons = _convert(kind, households, persons)
    with pytest.raises(InputError) as info:
        mza.simulate((households, persons), date=DATE)
    assert (info.value.code, info.value.path) == ("invalid_money", "persons[0].income.wages")
    assert "float" in info.value.message and "household 11" in info.value.message
    sim = mza.simulate((households, persons), date=DATE, errors="record")
    # Households whose float cells are all missing (14) are calculated; the others are errors.
    assert sorted(sim.errors) == [11, 12, 13]
    assert all(e[0] == "invalid_money" for e in sim.errors.values())
    good = [r for r in rows(sim.households()) if r["error"] is None]
    assert [r["household_id"] for r in good] == [14]


def _write_parquet(population: mza.Population, tmp: Path, row_group: int) -> tuple[Path, Path]:
    pq = require("pyarrow.parquet")
    h, p = tmp / "households.parquet", tmp / "persons.parquet"
    pq.write_table(population.households, h, row_group_size=row_group)
    pq.write_table(population.persons, p, row_group_size=row_group)
    return h, p


def test_streaming_parquet_equals_the_in_memory_run(
    population: mza.Population, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    h, p = _write_parquet(population, tmp_path, 64)
    whole = mza.simulate(population, date=DATE, reforms=[DIBAO_1400], weight="weight")
    pairs = mza.pair_batches(h, p, batch_size=37)
    streamed = mza.simulate_batches(
        pairs, date=DATE, reforms=[DIBAO_1400], weight="weight", progress=True, total=400
    )
    assert "100%" in capsys.readouterr().err
    assert streamed.n == whole.n == 400
    assert streamed.arrow().equals(whole.arrow())
    assert rows(streamed.households()) == rows(whole.households())
    assert rows(streamed.summarise().cost) == rows(whole.summarise().cost)
    # simulate() takes the two Parquet paths too; requests are read back from the file.
    by_path = mza.simulate((h, p), date=DATE, reforms=[DIBAO_1400], weight="weight")
    assert by_path.arrow().equals(whole.arrow())
    hid = whole.household_ids[5]
    assert by_path.request(hid) == whole.request(hid)


def test_streaming_parquet_datasets_equals_the_in_memory_run(
    population: mza.Population, tmp_path: Path
) -> None:
    # Datasets are scanned with lean options (no pre-buffering, one batch of read-ahead): the
    # pairs, and so the results, are the same as from the paths and from memory.
    ds = require("pyarrow.dataset")
    h, p = _write_parquet(population, tmp_path, 64)
    whole = mza.simulate(population, date=DATE, reforms=[DIBAO_1400], weight="weight")
    pairs = mza.pair_batches(ds.dataset(h), ds.dataset(p), batch_size=37)
    streamed = mza.simulate_batches(pairs, date=DATE, reforms=[DIBAO_1400], weight="weight")
    assert streamed.n == whole.n == 400
    assert streamed.arrow().equals(whole.arrow())
    # A dataset of another format is scanned with its defaults.
    csv = tmp_path / "households.csv"
    require("pyarrow.csv").write_csv(population.households.drop_columns(["synthetic"]), csv)
    from minzheng.analysis._simulate import _lean_scan

    assert _lean_scan(ds.dataset(csv, format="csv")) == {}
    assert "fragment_scan_options" in _lean_scan(ds.dataset(h))


def _summary_rows(summary: Any) -> dict[str, Any]:
    return {
        name: rows(getattr(summary, name))
        for name in ("cost", "winners_losers", "by_decile", "by_district")
    }


@pytest.mark.parametrize("weights", ["int", "decimal"])
def test_a_summary_only_stream_summarises_as_the_whole_run(
    population: mza.Population, tmp_path: Path, weights: str
) -> None:
    pa = require("pyarrow")
    households, persons = population.households, population.persons
    if weights == "decimal":
        # Weights with two decimals, given as decimal128 (exact).
        w = [Decimal(v) + Decimal("0.25") for v in households.column("weight").to_pylist()]
        households = households.set_column(
            households.schema.get_field_index("weight"),
            "weight",
            pa.array(w, type=pa.decimal128(12, 2)),
        )
    # One bad value, so that one household is left out of both.
    wages = persons.column("income.wages").to_pylist()
    wages[250] = Decimal("-1.00")
    persons = persons.set_column(
        persons.schema.get_field_index("income.wages"),
        "income.wages",
        pa.array(wages, type=pa.decimal128(18, 2)),
    )
    bad = mza.Population(households, persons, synthetic=True)
    h, p = _write_parquet(bad, tmp_path, 50)
    whole = mza.simulate(
        bad, date=DATE, reforms=[DIBAO_1400], weight="weight", errors="record"
    )
    streamed = mza.simulate_batches(
        mza.pair_batches(h, p, batch_size=37),
        date=DATE,
        reforms=[DIBAO_1400],
        weight="weight",
        errors="record",
        keep="summary",
    )
    assert streamed.n == whole.n == 400
    assert streamed.errors == whole.errors and len(streamed.errors) == 1
    assert _summary_rows(streamed.summarise()) == _summary_rows(whole.summarise())
    with pytest.raises(InputError) as info:
        streamed.households()
    assert info.value.path == "keep"
    with pytest.raises(InputError) as raised:
        mza.simulate_batches(
            mza.pair_batches(h, p, batch_size=37), date=DATE, weight="weight", keep="summary"
        )
    assert (raised.value.code, raised.value.path) == (
        "negative_amount",
        "persons[250].income.wages",
    )


def test_a_summary_only_stream_reads_weights_exactly_or_not_at_all(
    population: mza.Population,
) -> None:
    pa = require("pyarrow")
    h = population.households
    floats = h.set_column(
        h.schema.get_field_index("weight"),
        "weight",
        pa.array([float(v) for v in h.column("weight").to_pylist()]),
    )
    with pytest.raises(InputError) as info:
        mza.simulate_batches(
            [(floats, population.persons)], date=DATE, weight="weight", keep="summary"
        )
    assert (info.value.code, info.value.path) == ("invalid_type", "households.weight")


def test_streaming_errors_are_rows_of_the_whole_tables(
    population: mza.Population, tmp_path: Path
) -> None:
    pa = require("pyarrow")
    persons = population.persons
    wages = persons.column("income.wages").to_pylist()
    wages[250] = Decimal("-1.00")
    persons = persons.set_column(
        persons.schema.get_field_index("income.wages"),
        "income.wages",
        pa.array(wages, type=pa.decimal128(18, 2)),
    )
    bad = mza.Population(population.households, persons, synthetic=True)
    h, p = _write_parquet(bad, tmp_path, 50)
    with pytest.raises(InputError) as whole_info:
        mza.simulate(bad, date=DATE)
    with pytest.raises(InputError) as info:
        mza.simulate_batches(mza.pair_batches(h, p, batch_size=30), date=DATE)
    assert (info.value.code, info.value.path) == ("negative_amount", "persons[250].income.wages")
    assert (whole_info.value.code, whole_info.value.path) == (info.value.code, info.value.path)
    recorded = mza.simulate_batches(
        mza.pair_batches(h, p, batch_size=30), date=DATE, errors="record"
    )
    assert len(recorded.errors) == 1
    (error,) = recorded.errors.values()
    assert error[:2] == ("negative_amount", "persons[250].income.wages")


def test_unsorted_streams_are_refused(population: mza.Population, tmp_path: Path) -> None:
    pq = require("pyarrow.parquet")
    h = population.households
    reversed_h = h.take(list(range(h.num_rows - 1, -1, -1)))
    pq.write_table(reversed_h, tmp_path / "h.parquet")
    pq.write_table(population.persons, tmp_path / "p.parquet")
    with pytest.raises(InputError) as info:
        mza.simulate((tmp_path / "h.parquet", tmp_path / "p.parquet"), date=DATE)
    assert info.value.code == "invalid_value" and "sorted" in info.value.message


def test_requests_go_through_the_columnar_engine() -> None:
    households, persons = small_tables("pyarrow")
    from_tables = mza.simulate((households, persons), date=DATE, reforms=[DIBAO_1400])
    requests = [from_tables.request(h) for h in from_tables.household_ids]
    from_requests = mza.simulate(requests, reforms=[DIBAO_1400])
    a = [r["dibao.monthly"] for r in from_tables.arrow().to_pylist()]
    b = [r["dibao.monthly"] for r in from_requests.arrow().to_pylist()]
    assert (
        a
        == b
        == [Decimal("1118.00"), 0, Decimal("309.00"), Decimal("1300.00"), 0, Decimal("400.00")]
    )


def test_requests_of_several_dates_keep_each_households_totals() -> None:
    """Requests of two dates run as two groups whose results are put back in the callers'
    order: every household's totals are the sum of its programmes and the single calculation's."""
    households, persons = small_tables("pyarrow")
    sim = mza.simulate((households, persons), date=DATE)
    requests = []
    for k, h in enumerate(sim.household_ids):
        request = sim.request(h)
        request["calculation_date"] = "2025-10-15" if k == len(sim.household_ids) - 1 else DATE
        requests.append(request)
    mixed = mza.simulate(requests)
    table = mixed.arrow().to_pylist()
    assert len(table) == len(requests)
    paid = set()
    for row, request in zip(table, requests):
        single = minzheng.calculate(request)
        total = sum(row[f"{p['programme']}.monthly"] for p in mixed.programmes)
        assert row["monthly_total"] == total == Decimal(single["monthly_total"])
        assert row["one_off_total"] == Decimal(single["one_off_total"])
        if row["monthly_total"] > 0:
            paid.add(request["calculation_date"])
    assert paid == {DATE, "2025-10-15"}  # not vacuous: households of both dates are paid


@pytest.mark.parametrize("weights", ["int", "decimal"])
def test_income_deciles_from_the_columns_match_the_summary_definition(
    population: mza.Population, weights: str
) -> None:
    import summary_reference

    from minzheng.analysis import _simulate, _summary

    n = population.households.num_rows
    w = (
        [1 + i % 7 for i in range(n)]
        if weights == "int"
        else [Decimal(i % 5) / 4 + Decimal("0.1") for i in range(n)]
    )
    sim = mza.simulate(population, date=DATE, weight=w)
    expected = summary_reference._Frame(sim).deciles()
    assert _simulate.income_deciles(sim) == expected == _summary._deciles(sim)
    table = sim.arrow()
    assert table.column("income").to_pylist()[:n] == [_summary.money(x) for x in sim._income]


def test_a_run_of_some_programmes_decides_them_as_a_run_of_all(
    population: mza.Population, tmp_path: Path
) -> None:
    # Only the programmes asked for (and what they rest on) run; each is decided as in a run of
    # every programme, the others are not assessed, and the cost summary lists only them.
    wanted = ["dibao", "tekun", "disability_living_subsidy", "disability_care_subsidy"]
    whole = mza.simulate(population, date=DATE, reforms=[DIBAO_1400], weight="weight")
    some = mza.simulate(
        population, date=DATE, reforms=[DIBAO_1400], weight="weight", programmes=wanted
    )
    a, b = whole.arrow(money="fen"), some.arrow(money="fen")
    for name in b.column_names:
        programme = name.split(".")[0]
        if programme in wanted:
            assert b.column(name).equals(a.column(name)), name
        elif name.endswith(".status"):
            assert set(b.column(name).to_pylist()) == {"not_assessed"}, name
        elif name.endswith("monthly_fen"):
            assert set(b.column(name).to_pylist()) == {0}, name
    paid = sum(1 for v in a.column("dibao.monthly_fen").to_pylist() if v > 0)
    assert paid > 0
    cost = rows(some.summarise().cost)
    assert {r["programme"] for r in cost} == set(wanted) | {"total"}
    whole_cost = {(r["scenario"], r["programme"]): r for r in rows(whole.summarise().cost)}
    for r in cost:
        if r["programme"] != "total":
            assert r == whole_cost[(r["scenario"], r["programme"])]
        else:
            # The total is over the programmes decided.
            own = [x for x in cost if x["scenario"] == r["scenario"] and x is not r]
            assert r["monthly_cost"] == sum(x["monthly_cost"] for x in own)
    # The same through a stream, summaries only.
    h, p = _write_parquet(population, tmp_path, 64)
    streamed = mza.simulate_batches(
        mza.pair_batches(h, p, batch_size=37),
        date=DATE,
        reforms=[DIBAO_1400],
        weight="weight",
        keep="summary",
        programmes=wanted,
    )
    assert rows(streamed.summarise().cost) == cost


def test_an_unknown_programme_is_named_with_its_place(population: mza.Population) -> None:
    with pytest.raises(minzheng.InputError) as e:
        mza.simulate(population, date=DATE, programmes=["dibao", "temporary_assistance"])
    assert (e.value.code, e.value.path) == ("invalid_value", "programmes[1]")
    with pytest.raises(minzheng.InputError) as e:
        mza.simulate(population, date=DATE, programmes="dibao")
    assert (e.value.code, e.value.path) == ("invalid_type", "programmes")
