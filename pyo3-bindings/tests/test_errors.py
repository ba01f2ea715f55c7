"""The exception hierarchy."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

import minzheng
from minzheng import InputError, MinzhengError, ParameterError
from minzheng.errors import INTERNAL_ERROR_CODE, PARAMETER_ERROR_CODES, error_class


def test_hierarchy() -> None:
    assert issubclass(MinzhengError, Exception)
    assert issubclass(InputError, MinzhengError)
    assert issubclass(InputError, ValueError)
    assert issubclass(ParameterError, MinzhengError)
    assert not issubclass(ParameterError, ValueError)
    assert not issubclass(ParameterError, InputError)


def test_attributes_text_and_pickling() -> None:
    error = InputError("invalid_value", "household.district", "unknown district")
    assert (error.code, error.path, error.message) == (
        "invalid_value",
        "household.district",
        "unknown district",
    )
    assert str(error) == "invalid_value at household.district: unknown district"
    assert str(InputError("invalid_json", "", "truncated")) == "invalid_json: truncated"
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is InputError
    assert (copy.code, copy.path, copy.message) == (error.code, error.path, error.message)


def test_every_code_has_a_class() -> None:
    assert PARAMETER_ERROR_CODES <= set(minzheng.ERROR_CODES)
    assert INTERNAL_ERROR_CODE in minzheng.ERROR_CODES
    assert len(minzheng.ERROR_CODES) == len(set(minzheng.ERROR_CODES)) == 16
    for code in minzheng.ERROR_CODES:
        if code == INTERNAL_ERROR_CODE:
            expected: type[minzheng.MinzhengError] = minzheng.InternalError
        elif code in PARAMETER_ERROR_CODES:
            expected = ParameterError
        else:
            expected = InputError
        assert error_class(code) is expected
    # Neither a bad request nor bad data: not a ValueError a caller might catch as bad input.
    assert not issubclass(minzheng.InternalError, ValueError)


def test_parameter_not_in_force_is_a_parameter_error(request_dict: dict[str, Any]) -> None:
    request_dict["calculation_date"] = "1990-01-01"
    with pytest.raises(ParameterError) as info:
        minzheng.calculate(request_dict)
    assert (info.value.code, info.value.path) == ("parameter_not_in_force", "calculation_date")
    assert not isinstance(info.value, ValueError)


def test_engine_raises_the_python_classes() -> None:
    with pytest.raises(MinzhengError) as info:
        minzheng.calculate_json("{")
    assert type(info.value) is InputError
    assert info.value.code == "invalid_json"
    assert isinstance(info.value, ValueError)
