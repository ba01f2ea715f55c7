"""The warning-code catalogue as Python sees it: ``minzheng.WARNING_CODES`` is the engine's
catalogue (``schema/warnings.json``) and every warning a golden vector's result gives is in it."""

from __future__ import annotations

import json
from typing import Any

import minzheng
from support import REPO_ROOT, load_vector, vector_files


def warnings_in(value: Any) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        for w in value.get("warnings", []) or []:
            if isinstance(w, dict) and isinstance(w.get("code"), str):
                found.append(w["code"])
        for v in value.values():
            found.extend(warnings_in(v))
    elif isinstance(value, list):
        for v in value:
            found.extend(warnings_in(v))
    return found


def test_the_catalogue_is_the_published_one() -> None:
    published = json.loads((REPO_ROOT / "schema" / "warnings.json").read_text(encoding="utf-8"))
    assert [(w["code"], (w["title_zh"], w["title_en"])) for w in published["warnings"]] == list(
        minzheng.WARNING_CODES.items()
    )
    assert len(minzheng.WARNING_CODES) >= 10
    assert all(zh and en for zh, en in minzheng.WARNING_CODES.values())


def test_every_warning_a_result_gives_is_catalogued() -> None:
    seen: set[str] = set()
    for path in vector_files():
        vector = load_vector(path)
        if "request" not in vector:
            continue
        try:
            result = minzheng.call(vector.get("api", "calculate"), vector["request"])
        except minzheng.MinzhengError:
            continue
        seen.update(warnings_in(result))
    assert len(seen) >= 4, sorted(seen)
    assert seen <= set(minzheng.WARNING_CODES), sorted(seen - set(minzheng.WARNING_CODES))
