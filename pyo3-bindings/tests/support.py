"""Helpers shared by the tests: a valid request, and loading and matching golden vectors
(tests/vectors/README.md)."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

#: Two working-age adults, one earning 1500 元: dibao top-up 1309 × 2 − 1500 = 1118.00 and no
#: other programme (no child, elderly or disabled member), so the monthly total is 1118.00 too.
BASE_REQUEST: dict[str, Any] = {
    "calculation_date": "2025-07-01",
    "household": {
        "district": "tianhe",
        "area": "urban",
        "members": [
            {"id": "a", "age": 45, "hukou": "guangzhou", "income": {"wages": "1500"}},
            {"id": "b", "age": 30, "hukou": "guangzhou"},
        ],
    },
}

#: The repository root: pyo3-bindings/tests/ is two levels below it.
REPO_ROOT = Path(__file__).resolve().parents[2]

#: The golden vectors, shared with the Rust and Node runners.
VECTORS_DIR = Path(os.environ.get("MINZHENG_VECTORS_DIR", REPO_ROOT / "tests" / "vectors"))


def vector_files() -> list[Path]:
    """Every vector file, sorted by name (new files are picked up automatically)."""
    return sorted(VECTORS_DIR.glob("*.json"))


def load_vector(path: Path) -> dict[str, Any]:
    """Reads a vector and checks its shape against the README."""
    vector = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(vector, dict), f"{path.name}: a vector is a JSON object"
    assert vector.get("name") == path.stem, f"{path.name}: `name` must be the file name"
    assert ("request" in vector) != ("request_json" in vector), (
        f"{path.name}: exactly one of `request` / `request_json`"
    )
    assert ("expect" in vector) != ("expect_error" in vector), (
        f"{path.name}: exactly one of `expect` / `expect_error`"
    )
    if "request_json" in vector:
        assert isinstance(vector["request_json"], str), f"{path.name}: `request_json` is a string"
    if "expect_error" in vector:
        error = vector["expect_error"]
        assert isinstance(error.get("code"), str) and isinstance(error.get("path"), str), (
            f"{path.name}: `expect_error` needs string `code` and `path`"
        )
    return vector


def contains_float(value: Any) -> bool:
    """Whether a decoded JSON value holds a float anywhere."""
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(contains_float(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_float(v) for v in value)
    return False


def decimals_to_str(value: Any) -> Any:
    """A copy of a result with every ``Decimal`` replaced by its ``str()``."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: decimals_to_str(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decimals_to_str(v) for v in value]
    return value


def subset_mismatch(expected: Any, actual: Any, path: str = "") -> str | None:
    """The first place where ``actual`` does not contain ``expected``, or ``None``.

    Objects match as subsets, arrays element by element with equal length, scalars exactly (with
    their JSON type: ``true`` is not ``1``); a ``Decimal`` actual value matches its ``str()``.
    """
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{path or '.'}: expected an object, got {actual!r}"
        for key, value in expected.items():
            if key not in actual:
                return f"{path}.{key}: missing in actual"
            found = subset_mismatch(value, actual[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"{path or '.'}: expected an array, got {actual!r}"
        if len(expected) != len(actual):
            return f"{path or '.'}: expected {len(expected)} elements, got {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            found = subset_mismatch(e, a, f"{path}[{i}]")
            if found:
                return found
        return None
    if isinstance(actual, Decimal):
        ok = isinstance(expected, str) and str(actual) == expected
    else:
        ok = type(expected) is type(actual) and expected == actual
    return None if ok else f"{path or '.'}: expected {expected!r}, got {actual!r}"
