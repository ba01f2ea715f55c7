"""The result of ``calculate`` built as Python objects in Rust (``_native.calculate_object``)
equals the JSON text of ``calculate_json`` parsed with the package's decimal hook: the same keys
in the same order, the same values and the same types, for every golden vector."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import minzheng
from minzheng import MinzhengError, _native
from minzheng._convert import decode_result
from support import load_vector, vector_files

CALCULATE = [
    p for p in vector_files() if load_vector(p).get("api", "calculate") == "calculate"
]


def _same(a: Any, b: Any, path: str = "result") -> None:
    assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, dict):
        assert list(a) == list(b), f"{path}: keys differ"
        for k in a:
            _same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), f"{path}: lengths differ"
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{path}[{i}]")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def test_there_are_calculate_vectors() -> None:
    assert len(CALCULATE) > 100


@pytest.mark.parametrize("path", CALCULATE, ids=[p.stem for p in CALCULATE])
def test_objects_equal_the_parsed_json(path: Path) -> None:
    vector = load_vector(path)
    text = vector.get("request_json") or json.dumps(vector["request"])
    try:
        expected = decode_result(_native.calculate_json(text))
    except MinzhengError as e:
        with pytest.raises(type(e)) as raised:
            _native.calculate_object(text)
        assert (raised.value.code, raised.value.path) == (e.code, e.path)
        return
    _same(_native.calculate_object(text), expected)


def test_money_fields_are_decimals_and_calculate_uses_objects() -> None:
    vector = load_vector(CALCULATE[0])
    if "request" not in vector:
        pytest.skip("the first vector is given as text")
    result = minzheng.calculate(vector["request"])
    assert isinstance(result["monthly_total"], Decimal)
    assert result == decode_result(minzheng.calculate_json(json.dumps(vector["request"])))


def _mutate(value: Any) -> None:
    """Changes every dict and list of a result in place."""
    if isinstance(value, dict):
        for v in list(value.values()):
            _mutate(v)
        value["mutated"] = True
    elif isinstance(value, list):
        for v in value:
            _mutate(v)
        value.append("mutated")


@pytest.mark.parametrize("path", CALCULATE[:40], ids=[p.stem for p in CALCULATE[:40]])
def test_repeated_results_are_equal_and_independent(path: Path) -> None:
    # The binding reuses the objects of a result met before (its strs, Decimals, and copies of
    # dicts of the same immutable values): every result is still new, equal to the first,
    # and changing one changes no later result.
    vector = load_vector(path)
    text = vector.get("request_json") or json.dumps(vector["request"])
    try:
        expected = decode_result(_native.calculate_json(text))
    except MinzhengError:
        return
    for _ in range(4):
        result = _native.calculate_object(text)
        _same(result, expected)
        _mutate(result)
    if "request" in vector and isinstance(vector["request"], dict):
        for _ in range(3):
            result = minzheng.calculate(vector["request"])
            _same(result, expected)
            _mutate(result)


def test_results_in_turn_equal_their_own() -> None:
    # The memo keeps each part's objects by its place in the result: households in turn, some
    # met again and some not, each get exactly their own result.
    texts, expected = [], []
    for path in CALCULATE[:60]:
        vector = load_vector(path)
        text = vector.get("request_json") or json.dumps(vector["request"])
        try:
            expected.append(decode_result(_native.calculate_json(text)))
        except MinzhengError:
            continue
        texts.append(text)
    order = [0, 0, 1, 0, 1, 1, 0, 2, 2, 2, 0, 1, 2] + list(range(len(texts))) * 2
    order += [i for i in range(len(texts)) for _ in range(3)]
    for i in order:
        result = _native.calculate_object(texts[i])
        _same(result, expected[i])
        _mutate(result)
