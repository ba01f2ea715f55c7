"""The Rust reader of ``dict`` requests (``_native.calculate_dict``, ``_native.call_dict``)
against the pure-Python encoder and the text path (``encode_request`` then
``calculate_object`` / ``call_json``): for every golden vector, every malformed case parsed into
Python objects, and the values only Python can make, both give the same result or the same error
(class, code, path and message). The reader may decline a request (``NotImplemented``), which
sends it down the text path; it must take the common shapes."""

from __future__ import annotations

import json
from collections import OrderedDict
from decimal import Decimal
from enum import IntEnum
from types import MappingProxyType
from typing import Any, Callable

import pytest

import minzheng
from minzheng import MinzhengError, _native
from minzheng._convert import encode_request
from support import BASE_REQUEST, REPO_ROOT, load_vector, vector_files

VECTORS = [p for p in vector_files() if "request" in load_vector(p)]
MALFORMED = sorted((REPO_ROOT / "tests" / "malformed").glob("*.json"))


def _outcome(f: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return ("ok", f())
    except MinzhengError as e:
        return (type(e).__name__, (e.code, e.path, e.message))


def _same(a: Any, b: Any, path: str = "result") -> None:
    assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, dict):
        assert list(a) == list(b), f"{path}: keys differ"
        for k in a:
            _same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), f"{path}: lengths differ"
        for x, y, i in zip(a, b, range(len(a))):
            _same(x, y, f"{path}[{i}]")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def _check(api: str, request: Any) -> bool:
    """Both paths agree; returns whether the Rust reader took the request."""
    if api == "calculate":
        fast = _outcome(lambda: _native.calculate_dict(request))
        slow = _outcome(lambda: _native.calculate_object(encode_request(request)))
    else:
        fast = _outcome(lambda: _native.call_dict(api, request))
        slow = _outcome(lambda: _native.call_json(api, encode_request(request)))
    if fast == ("ok", NotImplemented):
        # Declined: calculate() takes the text path, which gives `slow` by definition.
        return False
    assert fast[0] == slow[0], f"{fast} != {slow}"
    if fast[0] == "ok":
        _same(fast[1], slow[1])
    else:
        assert fast[1] == slow[1]
    return True


def test_every_vector_request_is_read_as_the_text_is() -> None:
    taken = 0
    for path in VECTORS:
        vector = load_vector(path)
        api = vector.get("api", "calculate")
        request = json.loads(json.dumps(vector["request"]), parse_float=Decimal)
        taken += _check(api, request)
    # Every vector's request is a dict of the common shapes.
    assert taken == len(VECTORS) > 100


def test_every_malformed_case_parsed_is_read_as_the_text_is() -> None:
    seen = 0
    for path in MALFORMED:
        case = json.loads(path.read_text(encoding="utf-8"))
        text = case.get("request_json")
        if not isinstance(text, str):
            continue
        try:
            request = json.loads(text, parse_float=Decimal)
        except (ValueError, RecursionError):
            continue
        if not isinstance(request, dict):
            continue
        _check(case.get("api", "calculate"), request)
        seen += 1
    assert seen > 50


def _with(path: list[Any], value: Any) -> dict[str, Any]:
    request: dict[str, Any] = json.loads(json.dumps(BASE_REQUEST))
    node: Any = request
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return request


WAGES = ["household", "members", 0, "income", "wages"]
AGE = ["household", "members", 0, "age"]

PYTHON_VALUES: list[tuple[str, list[Any], Any]] = [
    ("decimal", WAGES, Decimal("1500.00")),
    ("decimal_exponent", WAGES, Decimal("1.5E+3")),
    ("decimal_small", WAGES, Decimal("1E-7")),
    ("decimal_negative_zero", WAGES, Decimal("-0")),
    ("decimal_nan", WAGES, Decimal("NaN")),
    ("decimal_snan", WAGES, Decimal("sNaN")),
    ("decimal_infinity", WAGES, Decimal("-Infinity")),
    ("decimal_huge_exponent", WAGES, Decimal("1E+999999999")),
    ("decimal_tiny_exponent", WAGES, Decimal("1E-999999999")),
    ("float", WAGES, 1500.0),
    ("float_nan", WAGES, float("nan")),
    ("int", WAGES, 1500),
    ("int_negative", WAGES, -1500),
    ("int_64", WAGES, 2**63),
    ("int_u64", WAGES, 2**64 - 1),
    ("int_65", WAGES, 2**64),
    ("int_i64_min", WAGES, -(2**63)),
    ("int_below_i64", WAGES, -(2**63) - 1),
    ("int_huge", WAGES, 10**400),
    ("int_too_many_bits", WAGES, 1 << 5000),
    ("bool_money", WAGES, True),
    ("none_money", WAGES, None),
    ("age_bool", AGE, False),
    ("age_big", AGE, 2**70),
    ("age_str", AGE, "45"),
    ("age_tuple", AGE, (45,)),
    ("int_enum", AGE, IntEnum("Age", {"A": 45}).A),
    ("str_subclass", ["household", "district"], type("S", (str,), {})("tianhe")),
    ("lone_surrogate", ["household", "members", 0, "id"], "a\udc00"),
    ("escapes", ["household", "members", 0, "id"], 'a"\\\n\t\x00\x1f\x7f'),
    ("chinese", ["household", "members", 0, "id"], "甲乙丙"),
    ("astral", ["household", "members", 0, "id"], "a\U0001f600"),
    ("set", ["household", "members"], {1, 2}),
    ("bytes", ["household", "district"], b"tianhe"),
    ("tuple_members", ["household", "members"], tuple(BASE_REQUEST["household"]["members"])),
    ("ordered_dict", ["household"], OrderedDict(BASE_REQUEST["household"])),
    ("mapping_proxy", ["household"], MappingProxyType(dict(BASE_REQUEST["household"]))),
    ("int_key", ["household", "members", 0, "income"], {1: "2"}),
    ("unknown_key", ["household", "members", 0, "income"], {"tips": "2"}),
    ("empty_list", ["household", "members"], []),
    ("empty_dict", ["household"], {}),
    ("long_text", ["household", "members", 0, "id"], "x" * (1 << 20)),
    ("long_chinese", ["household", "members", 0, "id"], "甲" * 400_000),
    ("near_limit", ["household", "members", 0, "id"], "x" * ((1 << 20) - 300)),
    ("many_members", ["household", "members"], [{"id": "x"}] * 300_000),
]


@pytest.mark.parametrize(
    ("path", "value"), [c[1:] for c in PYTHON_VALUES], ids=[c[0] for c in PYTHON_VALUES]
)
def test_python_values_are_read_as_the_encoder_writes_them(path: list[Any], value: Any) -> None:
    _check("calculate", _with(path, value))
    # And `calculate` gives what the text path gives, whichever path it took.
    fast = _outcome(lambda: minzheng.calculate(_with(path, value)))
    slow = _outcome(lambda: _native.calculate_object(encode_request(_with(path, value))))
    assert fast[0] == slow[0]
    if fast[0] != "ok":
        assert fast[1] == slow[1]


def _nested(depth: int) -> dict[str, Any]:
    value: Any = "1500"
    for _ in range(depth):
        value = [value]
    return _with(WAGES, value)


@pytest.mark.parametrize("depth", [120, 122, 123, 124, 126, 127, 128, 129, 130])
def test_nesting_near_the_limit(depth: int) -> None:
    _check("calculate", _nested(depth))
    fast = _outcome(lambda: minzheng.calculate(_nested(depth)))
    slow = _outcome(lambda: _native.calculate_object(encode_request(_nested(depth))))
    assert fast[0] == slow[0] and fast[0] != "ok"
    assert fast[1] == slow[1]


def test_the_common_shapes_are_read_in_rust() -> None:
    request = _with(WAGES, Decimal("1500.00"))
    request["household"]["members"][1]["age"] = 30
    assert _native.calculate_dict(request) is not NotImplemented
    assert _native.calculate_dict(_with(WAGES, 1500.0)) is NotImplemented
    assert _native.calculate_dict("{}") is NotImplemented
    assert _native.call_dict("calculate", request) is not NotImplemented


def test_the_request_is_not_changed() -> None:
    request = _with(WAGES, Decimal("1500.00"))
    before = json.dumps(request, default=str)
    minzheng.calculate(request)
    assert json.dumps(request, default=str) == before


def _containers(value: Any) -> list[Any]:
    found: list[Any] = []
    if isinstance(value, dict):
        found.append(value)
        for v in value.values():
            found += _containers(v)
    elif isinstance(value, list):
        found.append(value)
        for v in value:
            found += _containers(v)
    return found


def test_results_do_not_share_mutable_objects() -> None:
    a = minzheng.calculate(BASE_REQUEST)
    b = minzheng.calculate(BASE_REQUEST)
    assert a == b
    # No dict or list of one result is one of another's.
    ids = {id(c) for c in _containers(a)}
    assert not ids & {id(c) for c in _containers(b)}
    a["programmes"][0]["line_items"].clear()
    a["summary"]["household"].append("x")
    for c in _containers(a):
        if isinstance(c, dict):
            c["changed"] = True
    assert a != b and b == minzheng.calculate(BASE_REQUEST)
    fresh = minzheng.calculate(BASE_REQUEST)
    assert all("changed" not in c for c in _containers(fresh) if isinstance(c, dict))


def test_unknown_api_through_call() -> None:
    with pytest.raises(minzheng.InputError) as e:
        minzheng.call("nope", BASE_REQUEST)
    assert e.value.path == "api"


def test_threads_get_the_results_of_one_thread() -> None:
    from concurrent.futures import ThreadPoolExecutor

    requests = []
    for wages in ("0", "800", "1500", "2600.50"):
        for district in ("tianhe", "yuexiu"):
            request = _with(WAGES, Decimal(wages))
            request["household"]["district"] = district
            requests.append(request)
    expected = [_native.calculate_object(encode_request(r)) for r in requests]

    def run(i: int) -> bool:
        picks = [(i + k) % len(requests) for k in range(50)]
        return all(minzheng.calculate(requests[j]) == expected[j] for j in picks)

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(run, range(16)))


def test_requests_read_in_turn_are_read_as_the_text_is() -> None:
    # The reader fills the value of the request before it again where the shapes agree: a
    # request read after others of the same, more or fewer keys, longer or shorter lists and
    # other types at the same place reads as it does alone.
    requests = [
        json.loads(json.dumps(load_vector(p)["request"]), parse_float=Decimal)
        for p in VECTORS
        if load_vector(p).get("api", "calculate") == "calculate"
    ]
    turns = requests + requests[::-1] + requests[::3] + requests[1::2][::-1]
    for request in turns:
        _check("calculate", request)
    for _, path, value in PYTHON_VALUES:
        _check("calculate", _with(path, value))
        _check("calculate", _with(WAGES, "1500"))
    one = json.loads(json.dumps(BASE_REQUEST))
    one["household"]["members"] = one["household"]["members"][:1]
    for request in [BASE_REQUEST, one, BASE_REQUEST, _with(WAGES, None), _with(WAGES, [1, 2])]:
        _check("calculate", request)
