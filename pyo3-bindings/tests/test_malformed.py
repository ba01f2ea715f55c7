"""Runs the malformed-input corpus (tests/malformed/, format in its README) through the Python
package, and the inputs only Python can make (floats, NaN and infinite Decimals, lone
surrogates, bytes, sets, deep nesting, huge ints). Each must raise the documented error class
with its code and path, within the time bound, without crashing the interpreter, and with
bounded memory.
"""

from __future__ import annotations

import copy
import json
import resource
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pytest

import minzheng
from minzheng import InputError, MinzhengError, ParameterError
from minzheng.errors import PARAMETER_ERROR_CODES
from support import BASE_REQUEST, REPO_ROOT

#: The corpus, shared with the Rust and Node runners.
CORPUS_DIR = REPO_ROOT / "tests" / "malformed"
CASE_FILES = sorted(CORPUS_DIR.glob("*.json"))

#: The time bound of one case, in seconds.
TIME_BOUND = 2.0
#: The bound on the growth of the process's peak memory over this file, in KiB.
MEMORY_BOUND_KIB = 512 * 1024

_PEAK_BEFORE = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def request_text(case: dict[str, Any]) -> str:
    """The request text of a case: ``request_json``, or its ``generate`` rule expanded."""
    if "request_json" in case:
        text: str = case["request_json"]
        return text
    g = case["generate"]
    items = [g["item"].replace("{i}", str(i)) for i in range(g["count"])]
    return g["prefix"] + g["separator"].join(items) + g["close"] * g["count"] + g["suffix"]


def expect_error(run: Callable[[], Any], code: str, path: str) -> MinzhengError:
    """Runs ``run``, which must raise the engine error ``code`` at ``path`` within the bound."""
    start = time.perf_counter()
    with pytest.raises(MinzhengError) as info:
        run()
    took = time.perf_counter() - start
    error = info.value
    assert (error.code, error.path) == (code, path), str(error)
    assert error.message
    expected_class = ParameterError if code in PARAMETER_ERROR_CODES else InputError
    assert type(error) is expected_class
    assert took < TIME_BOUND, f"took {took:.2f} s"
    return error


def test_the_corpus_has_at_least_50_cases() -> None:
    assert len(CASE_FILES) >= 50, f"{len(CASE_FILES)} cases in {CORPUS_DIR}"


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_malformed_case(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    assert case["name"] == path.stem
    assert ("request_json" in case) != ("generate" in case)
    expected = case["expect_error"]
    assert expected["code"] in minzheng.ERROR_CODES
    api = case["api"]
    text = request_text(case)
    if api == "calculate_reform" and api not in minzheng.API_NAMES:
        # Not a wire API of this build: the reform goes through the Python reform entry, which
        # applies it to the parameters the same way (its errors are under `reform.`).
        from minzheng.analysis import load_reform

        reform = json.dumps(json.loads(text)["reform"])
        expect_error(lambda: load_reform(reform), expected["code"], expected["path"])
        return
    if api not in minzheng.API_NAMES and api != "no_such_api":
        pytest.skip(f"{api} is not a wire API of this build")
    expect_error(lambda: minzheng.call_json(api, text), expected["code"], expected["path"])


def request() -> dict[str, Any]:
    return copy.deepcopy(BASE_REQUEST)


def with_value(keys: list[Any], value: Any) -> dict[str, Any]:
    """A fresh valid request with ``value`` at ``keys``."""
    req = request()
    at: Any = req
    for key in keys[:-1]:
        at = at[key]
    at[keys[-1]] = value
    return req


WAGES = ["household", "members", 0, "income", "wages"]
WAGES_PATH = "household.members[0].income.wages"
AGE = ["household", "members", 0, "age"]
ID = ["household", "members", 0, "id"]


def nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"x": value}
    return value


def many_members(count: int) -> dict[str, Any]:
    members = [{"id": f"m{i}", "age": 40, "hukou": "guangzhou"} for i in range(count)]
    return with_value(["household", "members"], members)


#: (name, request, code, path) for the dict API ``minzheng.calculate``.
PYTHON_VALUES: list[tuple[str, Any, str, str]] = [
    ("a float amount", with_value(WAGES, 1500.0), "invalid_money", WAGES_PATH),
    ("float NaN", with_value(WAGES, float("nan")), "invalid_money", WAGES_PATH),
    ("float infinity", with_value(WAGES, float("inf")), "invalid_money", WAGES_PATH),
    ("a float age", with_value(AGE, 40.0), "invalid_money", "household.members[0].age"),
    ("Decimal NaN", with_value(WAGES, Decimal("NaN")), "invalid_money", WAGES_PATH),
    ("Decimal sNaN", with_value(WAGES, Decimal("sNaN")), "invalid_money", WAGES_PATH),
    ("Decimal infinity", with_value(WAGES, Decimal("Infinity")), "invalid_money", WAGES_PATH),
    ("Decimal with 30 digits", with_value(WAGES, Decimal("1E+29")), "invalid_money", WAGES_PATH),
    (
        "Decimal with three decimals",
        with_value(WAGES, Decimal("1.005")),
        "invalid_money",
        WAGES_PATH,
    ),
    ("a negative Decimal", with_value(WAGES, Decimal("-1")), "negative_amount", WAGES_PATH),
    (
        "an int of 2**70 as an age",
        with_value(AGE, 2**70),
        "out_of_range",
        "household.members[0].age",
    ),
    ("an int of 2**70 as an amount", with_value(WAGES, 2**70), "invalid_money", WAGES_PATH),
    ("a bool as an amount", with_value(WAGES, True), "invalid_type", WAGES_PATH),
    ("None as an amount", with_value(WAGES, None), "invalid_type", WAGES_PATH),
    (
        "a lone surrogate in a value",
        with_value(ID, "a\ud800"),
        "invalid_json",
        "household.members[0].id",
    ),
    (
        "a lone surrogate in a key",
        with_value(["household", "\udc00"], 1),
        "invalid_json",
        "household",
    ),
    ("bytes as a value", with_value(ID, b"a"), "invalid_type", "household.members[0].id"),
    (
        "a set as a value",
        with_value(["household", "members"], {1, 2}),
        "invalid_type",
        "household.members",
    ),
    ("a non-str key", with_value(["household", 5], 1), "invalid_type", "household"),
    (
        "a dict nested 10,000 deep",
        with_value(["household", "assets"], nested(10_000)),
        "invalid_json",
        "household.assets" + ".x" * 126,
    ),
    ("100,000 members", many_members(100_000), "input_too_large", ""),
    ("101 members", many_members(101), "input_too_large", "household.members"),
    ("a str as the request", "{}", "invalid_type", ""),
    ("a list as the request", [BASE_REQUEST], "invalid_type", ""),
    ("None as the request", None, "invalid_type", ""),
]


@pytest.mark.parametrize(
    ("request_value", "code", "path"),
    [(r, c, p) for _, r, c, p in PYTHON_VALUES],
    ids=[name for name, *_ in PYTHON_VALUES],
)
def test_python_value(request_value: Any, code: str, path: str) -> None:
    expect_error(lambda: minzheng.calculate(request_value), code, path)


@pytest.mark.parametrize(
    ("text", "code", "path"),
    [
        ('{"calculation_date": "2025-07-01", "household": "\ud800"}', "invalid_json", ""),
        # bytes are read as strict UTF-8, as in Node: not valid UTF-8 is invalid_json.
        (b'{"calculation_date": "\xff"}', "invalid_json", ""),
        (bytearray(b"{}"), "invalid_type", ""),
        (None, "invalid_type", ""),
        (42, "invalid_type", ""),
    ],
    ids=["lone surrogate in the text", "bytes not UTF-8", "bytearray", "None", "int"],
)
def test_text_api_rejects_what_is_not_text(text: Any, code: str, path: str) -> None:
    expect_error(lambda: minzheng.call_json("calculate", text), code, path)
    expect_error(lambda: minzheng.calculate_json(text), code, path)


def test_the_api_name_must_be_text() -> None:
    expect_error(lambda: minzheng.call_json(b"calculate", "{}"), "invalid_type", "api")
    expect_error(lambda: minzheng.call_json("calc\ud800", "{}"), "invalid_json", "api")


def test_the_package_still_works_within_the_memory_bound() -> None:
    """After every malformed input: a valid request still calculates, and the peak memory of
    the process grew by less than the bound."""
    result = minzheng.calculate(request())
    assert result["monthly_total"] == Decimal("1118.00")
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - _PEAK_BEFORE
    assert grown < MEMORY_BOUND_KIB, f"peak memory grew by {grown} KiB"
