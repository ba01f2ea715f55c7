"""Runs every golden vector in tests/vectors/ through the Python package.

Each vector calls the wire API it names (``"api"``, default ``"calculate"``). `request` vectors go
through ``call`` (the dict API) and through ``call_json`` of the same request re-encoded as JSON
(the wire API): both must meet the expectation. A `request` that holds a JSON float is the
exception: the dict API rejects every float by design (``invalid_money``), so the vector's
expectation is checked on the wire API only and the dict API is checked to reject it.
`request_json` vectors go through ``call_json`` unchanged.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pytest

import minzheng
from minzheng import InputError, MinzhengError, ParameterError
from minzheng.errors import PARAMETER_ERROR_CODES
from support import VECTORS_DIR, contains_float, load_vector, subset_mismatch, vector_files

VECTOR_FILES = vector_files()


def test_vectors_are_present() -> None:
    assert VECTOR_FILES, f"no golden vectors found in {VECTORS_DIR}"


@pytest.mark.parametrize("path", VECTOR_FILES, ids=[p.stem for p in VECTOR_FILES])
def test_vector(path: Path) -> None:
    vector = load_vector(path)
    api = vector.get("api", "calculate")
    if "request_json" in vector:
        text = vector["request_json"]
        check(vector, lambda: json.loads(minzheng.call_json(api, text)))
        return
    request = vector["request"]
    check(vector, lambda: json.loads(minzheng.call_json(api, json.dumps(request))))
    if contains_float(request) and api in minzheng.API_NAMES:
        with pytest.raises(InputError) as info:
            minzheng.call(api, request)
        assert info.value.code == "invalid_money"
    else:
        check(vector, lambda: minzheng.call(api, request))


def check(vector: dict[str, Any], run: Callable[[], Any]) -> None:
    """Runs one calculation and matches it against the vector's expectation."""
    if "expect" in vector:
        mismatch = subset_mismatch(vector["expect"], run(), "result")
        assert mismatch is None, f"{vector['name']}: {mismatch}"
        return
    expected = vector["expect_error"]
    with pytest.raises(MinzhengError) as info:
        run()
    error = info.value
    assert (error.code, error.path) == (expected["code"], expected["path"]), str(error)
    if expected["code"] in PARAMETER_ERROR_CODES:
        assert type(error) is ParameterError
        assert not isinstance(error, ValueError)
    else:
        assert type(error) is InputError
        assert isinstance(error, ValueError)
    assert error.code in minzheng.ERROR_CODES
    assert error.message


def test_matcher_accepts_subsets_and_rejects_mismatches() -> None:
    actual = {"total": Decimal("1118.00"), "ok": True, "n": 1, "items": [{"id": "a"}, {"id": "b"}]}
    assert subset_mismatch({"items": [{}, {"id": "b"}], "total": "1118.00"}, actual) is None
    for expected in (
        {"total": "1118.0"},
        {"total": 1118},
        {"ok": 1},
        {"n": True},
        {"n": 1.0},
        {"missing": None},
        {"items": [{"id": "a"}]},
        {"items": {"id": "a"}},
        {"items": [{"id": "a"}, {"id": "c"}]},
    ):
        assert subset_mismatch(expected, actual) is not None, expected


def error_vector(code: str, path: str) -> dict[str, Any]:
    return {"name": "x", "request_json": "{", "expect_error": {"code": code, "path": path}}


def test_error_vectors_are_checked() -> None:
    def truncated() -> Any:
        return minzheng.calculate_json("{")

    check(error_vector("invalid_json", ""), truncated)
    with pytest.raises(AssertionError):
        check(error_vector("invalid_type", ""), truncated)
    with pytest.raises(AssertionError):
        check(error_vector("invalid_json", "x"), truncated)
    with pytest.raises(pytest.fail.Exception):
        check(error_vector("invalid_json", ""), lambda: {"a": 1})
