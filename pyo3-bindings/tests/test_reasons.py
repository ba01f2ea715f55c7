"""The reason-code catalogue as Python sees it: ``minzheng.REASON_CODES`` is the engine's
catalogue (``schema/reasons.json``), every reason a golden vector's result gives is in it, and a
population run's reason columns use its codes."""

from __future__ import annotations

import json
from typing import Any

import pytest

import minzheng
from support import REPO_ROOT, load_vector, vector_files


def reasons_in(value: Any) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        reason = value.get("reason")
        if isinstance(reason, dict) and isinstance(reason.get("code"), str):
            found.append(reason["code"])
        for v in value.values():
            found.extend(reasons_in(v))
    elif isinstance(value, list):
        for v in value:
            found.extend(reasons_in(v))
    return found


def test_the_catalogue_is_the_published_one() -> None:
    published = json.loads((REPO_ROOT / "schema" / "reasons.json").read_text(encoding="utf-8"))
    assert [(r["code"], (r["title_zh"], r["title_en"])) for r in published["reasons"]] == list(
        minzheng.REASON_CODES.items()
    )
    assert len(minzheng.REASON_CODES) >= 50
    assert all(zh and en for zh, en in minzheng.REASON_CODES.values())


def test_every_reason_a_result_gives_is_catalogued() -> None:
    seen: set[str] = set()
    for path in vector_files():
        vector = load_vector(path)
        if "request" not in vector:
            continue
        try:
            result = minzheng.call(vector.get("api", "calculate"), vector["request"])
        except minzheng.MinzhengError:
            continue
        seen.update(reasons_in(result))
    assert len(seen) >= 30, sorted(seen)
    assert seen <= set(minzheng.REASON_CODES), sorted(seen - set(minzheng.REASON_CODES))


def test_population_reason_columns_use_the_catalogue() -> None:
    pytest.importorskip("pyarrow")
    from minzheng import analysis as mza

    pop = mza.synthetic_population(300, seed=11)
    table = mza.simulate(pop, date="2025-07-01").arrow()
    catalogue = list(minzheng.REASON_CODES)
    given: set[str] = set()
    for name in table.column_names:
        if name.endswith(".reason"):
            column = table.column(name).combine_chunks()
            # Key 0 is "no reason" (null); key i + 1 is the catalogue's code i.
            assert column.dictionary.to_pylist()[1:] == catalogue, name
            given.update(v for v in column.to_pylist() if v is not None)
    assert given, "no reason given in the whole population"
    assert given <= set(catalogue)
