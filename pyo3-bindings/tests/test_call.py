"""The generic wire API: ``call(api, request)`` and ``call_json(api, request)``."""

from __future__ import annotations

import json
from typing import Any

import pytest

import minzheng
from minzheng import InputError
from support import decimals_to_str


def test_api_names() -> None:
    assert "calculate" in minzheng.API_NAMES


def test_call_calculate_equals_calculate(request_dict: dict[str, Any]) -> None:
    assert minzheng.call("calculate", request_dict) == minzheng.calculate(request_dict)
    text = json.dumps(request_dict)
    assert minzheng.call_json("calculate", text) == minzheng.calculate_json(text)
    assert json.loads(minzheng.call_json("calculate", text)) == decimals_to_str(
        minzheng.call("calculate", request_dict)
    )


@pytest.mark.parametrize("request_value", [{}, {"x": 1.5}, "not a dict"])
def test_unknown_api_is_reported_first(request_value: Any) -> None:
    with pytest.raises(InputError) as info:
        minzheng.call("no_such_api", request_value)
    assert (info.value.code, info.value.path) == ("invalid_value", "api")
    with pytest.raises(InputError) as info:
        minzheng.call_json("no_such_api", "{")
    assert (info.value.code, info.value.path) == ("invalid_value", "api")


@pytest.mark.parametrize("api", [None, 1, b"calculate", ["calculate"]])
def test_api_must_be_a_str(request_dict: dict[str, Any], api: Any) -> None:
    with pytest.raises(InputError) as info:
        minzheng.call(api, request_dict)
    assert (info.value.code, info.value.path) == ("invalid_type", "api")
    with pytest.raises(InputError) as info:
        minzheng.call_json(api, json.dumps(request_dict))
    assert (info.value.code, info.value.path) == ("invalid_type", "api")


def test_api_with_a_lone_surrogate_is_a_typed_error(request_dict: dict[str, Any]) -> None:
    with pytest.raises(InputError) as info:
        minzheng.call("calc\ud800", request_dict)
    assert (info.value.code, info.value.path) == ("invalid_json", "api")
