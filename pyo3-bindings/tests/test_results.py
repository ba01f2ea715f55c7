"""The result side of the API: Decimal money, plain JSON elsewhere, agreement with the wire API."""

from __future__ import annotations

import copy
import doctest
import importlib.metadata
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import minzheng
from support import BASE_REQUEST, decimals_to_str, load_vector, vector_files


def walk(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair of a decoded result, depth first."""
    yield key, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v, key)


def test_money_comes_back_as_decimal(request_dict: dict[str, Any]) -> None:
    result = minzheng.calculate(request_dict)
    assert isinstance(result["monthly_total"], Decimal)
    assert result["monthly_total"] == Decimal("1118.00")
    assert str(result["monthly_total"]) == "1118.00"
    dibao = result["programmes"][0]
    assert str(dibao["monthly_amount"]) == "1118.00"
    assert str(dibao["line_items"][0]["amount"]) == "1118.00"


def test_decimal_fields_are_decimal_and_nothing_else_is(request_dict: dict[str, Any]) -> None:
    result = minzheng.calculate(request_dict)
    seen = set()
    for key, value in walk(result):
        if key in minzheng.DECIMAL_FIELDS and not isinstance(value, (dict, list)):
            assert isinstance(value, Decimal), (key, value)
            seen.add(key)
        else:
            assert not isinstance(value, Decimal), (key, value)
        assert not isinstance(value, float), (key, value)
    # One-off amounts appear only when a programme pays one; the rest are always there.
    assert {"value", "amount", "monthly_amount", "monthly_total", "one_off_total"} <= seen
    assert seen <= set(minzheng.DECIMAL_FIELDS)


def test_decimal_fields_match_the_engine() -> None:
    assert minzheng.DECIMAL_FIELDS == {
        "value",
        "amount",
        "monthly_amount",
        "monthly_total",
        "one_off_amount",
        "one_off_total",
    }


def round_trip_requests() -> list[tuple[str, dict[str, Any]]]:
    """(api, request) pairs that calculate: the base request and every such vector's."""
    requests = [
        ("calculate", BASE_REQUEST),
        ("calculate", {**BASE_REQUEST, "options": {"explain": False}}),
    ]
    for path in vector_files():
        vector = load_vector(path)
        if "request" in vector and "expect" in vector:
            requests.append((vector.get("api", "calculate"), vector["request"]))
    return requests


def test_calculate_json_round_trip_equals_calculate() -> None:
    for api, request in round_trip_requests():
        from_dict = decimals_to_str(minzheng.call(api, copy.deepcopy(request)))
        from_json = json.loads(minzheng.call_json(api, json.dumps(request)))
        assert from_dict == from_json
        if api == "calculate":
            assert decimals_to_str(minzheng.calculate(request)) == from_dict


def money(result: dict[str, Any]) -> list[str]:
    """The payable figures of a result, as strings."""
    figures = [str(result["monthly_total"])]
    for programme in result["programmes"]:
        figures.append(str(programme["monthly_amount"]))
        figures.extend(str(item["amount"]) for item in programme["line_items"])
    return figures


def test_decimal_inputs_are_exact(request_dict: dict[str, Any]) -> None:
    expected = money(minzheng.calculate(request_dict))
    assert expected[:3] == ["1118.00", "1118.00", "1118.00"]
    wages = request_dict["household"]["members"][0]["income"]
    for value in (Decimal("1500"), Decimal("1500.00"), Decimal("1.5E+3"), Decimal("15E2"), 1500):
        wages["wages"] = value
        assert money(minzheng.calculate(request_dict)) == expected, value
    wages["wages"] = Decimal("1499.99")
    assert money(minzheng.calculate(request_dict))[0] == "1118.01"


def test_request_is_not_mutated(request_dict: dict[str, Any]) -> None:
    request_dict["household"]["members"][0]["income"]["wages"] = Decimal("1500")
    before = copy.deepcopy(request_dict)
    minzheng.calculate(request_dict)
    assert request_dict == before


def test_calculations_in_threads_agree(request_dict: dict[str, Any]) -> None:
    text = json.dumps(request_dict)
    expected = minzheng.calculate_json(text)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: minzheng.calculate_json(text), range(32)))
    assert results == [expected] * 32


def test_versions(request_dict: dict[str, Any]) -> None:
    assert minzheng.__version__ == importlib.metadata.version("minzheng")
    result = minzheng.calculate(request_dict)
    assert result["receipt"]["engine_version"] == minzheng.engine_version()


def test_package_is_typed() -> None:
    package = Path(minzheng.__file__).parent
    for name in ("py.typed", "__init__.pyi", "errors.pyi", "_native.pyi"):
        assert (package / name).is_file(), name


def test_docstring_example_runs() -> None:
    failures, tried = doctest.testmod(minzheng)
    assert tried and not failures
