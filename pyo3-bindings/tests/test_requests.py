"""The request side of the API: floats, wrong types and invalid text give typed InputErrors."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest

import minzheng
from minzheng import InputError

WAGES = "household.members[0].income.wages"


def raises_input(code: str, path: str, request: Any) -> InputError:
    with pytest.raises(InputError) as info:
        minzheng.calculate(request)
    assert (info.value.code, info.value.path) == (code, path), str(info.value)
    return info.value


@pytest.mark.parametrize("value", [1500.5, 1500.0, 0.0, float("nan"), float("inf")])
def test_float_money_is_rejected_not_converted(request_dict: dict[str, Any], value: float) -> None:
    request_dict["household"]["members"][0]["income"]["wages"] = value
    error = raises_input("invalid_money", WAGES, request_dict)
    assert "float" in error.message


def test_float_anywhere_is_rejected(request_dict: dict[str, Any]) -> None:
    request_dict["household"]["members"][1]["age"] = 12.0
    raises_input("invalid_money", "household.members[1].age", request_dict)


def test_float_path_agrees_with_the_wire_api(request_dict: dict[str, Any]) -> None:
    request_dict["household"]["members"][0]["income"]["wages"] = 1500.5
    with pytest.raises(InputError) as wire:
        minzheng.calculate_json(json.dumps(request_dict))
    dict_error = raises_input("invalid_money", WAGES, request_dict)
    assert (wire.value.code, wire.value.path) == (dict_error.code, dict_error.path)


@pytest.mark.parametrize("request_value", [[], "{}", b"{}", None, 42, 1.5, ("a", 1)])
def test_non_dict_request_is_rejected(request_value: Any) -> None:
    raises_input("invalid_type", "", request_value)


@pytest.mark.parametrize(
    "value", [datetime.date(2025, 7, 1), {1, 2}, object(), b"1500", complex(1, 2)]
)
def test_non_json_values_are_rejected(request_dict: dict[str, Any], value: Any) -> None:
    request_dict["household"]["members"][0]["income"]["wages"] = value
    raises_input("invalid_type", WAGES, request_dict)


def test_non_str_keys_are_rejected(request_dict: dict[str, Any]) -> None:
    request_dict["household"][1] = "x"
    raises_input("invalid_type", "household", request_dict)


def test_lone_surrogate_in_a_value_is_a_typed_error(request_dict: dict[str, Any]) -> None:
    request_dict["household"]["district"] = "tian\ud800he"
    raises_input("invalid_json", "household.district", request_dict)


def test_lone_surrogate_in_a_key_is_a_typed_error(request_dict: dict[str, Any]) -> None:
    request_dict["household"]["\udc00"] = "x"
    raises_input("invalid_json", "household", request_dict)


def test_lone_surrogate_in_json_text_is_a_typed_error(request_dict: dict[str, Any]) -> None:
    text = json.dumps(request_dict, ensure_ascii=False).replace("tianhe", "tian\ud800he")
    with pytest.raises(InputError) as info:
        minzheng.calculate_json(text)
    assert (info.value.code, info.value.path) == ("invalid_json", "")


@pytest.mark.parametrize("value", [bytearray(b"{}"), {"a": 1}, None, 42])
def test_calculate_json_needs_a_str(value: Any) -> None:
    with pytest.raises(InputError) as info:
        minzheng.calculate_json(value)
    assert (info.value.code, info.value.path) == ("invalid_type", "")


def test_deep_nesting_is_a_typed_error(request_dict: dict[str, Any]) -> None:
    nested: Any = "x"
    for _ in range(5000):
        nested = [nested]
    request_dict["household"]["members"][0]["income"]["wages"] = nested
    with pytest.raises(InputError) as info:
        minzheng.calculate(request_dict)
    assert info.value.code == "invalid_json"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (Decimal("NaN"), "invalid_money"),
        (Decimal("1.234"), "invalid_money"),
        (Decimal("-1"), "negative_amount"),
    ],
)
def test_bad_decimals_are_rejected_by_the_engine(
    request_dict: dict[str, Any], value: Decimal, code: str
) -> None:
    request_dict["household"]["members"][0]["income"]["wages"] = value
    raises_input(code, WAGES, request_dict)


def test_tuples_are_arrays(request_dict: dict[str, Any]) -> None:
    household = request_dict["household"]
    household["members"] = tuple(household["members"])
    assert str(minzheng.calculate(request_dict)["monthly_total"]) == "1118.00"


def test_engine_errors_keep_code_and_path(request_dict: dict[str, Any]) -> None:
    request_dict["household"]["district"] = "shenzhen"
    raises_input("invalid_value", "household.district", request_dict)
