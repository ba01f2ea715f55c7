"""The code catalogues as Python sees them: ``minzheng.REASON_CODES`` and
``minzheng.WARNING_CODES`` are the engine's catalogues (``schema/reasons.json``,
``schema/warnings.json``), every reason and warning a golden vector's result gives is in them,
and a population run's reason columns use the reason codes."""

from __future__ import annotations

import json
from typing import Any

import pytest

import minzheng
from support import REPO_ROOT, load_vector, vector_files


def codes_in(value: Any, reasons: list[str], warnings: list[str]) -> None:
    """Adds the codes of every ``reason`` object and every ``warnings`` entry in ``value``."""
    if isinstance(value, dict):
        reason = value.get("reason")
        if isinstance(reason, dict) and isinstance(reason.get("code"), str):
            reasons.append(reason["code"])
        for w in value.get("warnings", []) or []:
            if isinstance(w, dict) and isinstance(w.get("code"), str):
                warnings.append(w["code"])
        for v in value.values():
            codes_in(v, reasons, warnings)
    elif isinstance(value, list):
        for v in value:
            codes_in(v, reasons, warnings)


def vector_codes() -> tuple[set[str], set[str]]:
    """The reason and warning codes of every golden vector's result."""
    reasons: list[str] = []
    warnings: list[str] = []
    for path in vector_files():
        vector = load_vector(path)
        if "request" not in vector:
            continue
        try:
            result = minzheng.call(vector.get("api", "calculate"), vector["request"])
        except minzheng.MinzhengError:
            continue
        codes_in(result, reasons, warnings)
    return set(reasons), set(warnings)


@pytest.mark.parametrize(
    ("file", "key", "catalogue", "least"),
    [
        ("reasons.json", "reasons", minzheng.REASON_CODES, 50),
        ("warnings.json", "warnings", minzheng.WARNING_CODES, 10),
    ],
)
def test_the_catalogue_is_the_published_one(
    file: str, key: str, catalogue: dict[str, tuple[str, str]], least: int
) -> None:
    published = json.loads((REPO_ROOT / "schema" / file).read_text(encoding="utf-8"))
    assert [(c["code"], (c["title_zh"], c["title_en"])) for c in published[key]] == list(
        catalogue.items()
    )
    assert len(catalogue) >= least
    assert all(zh and en for zh, en in catalogue.values())


def test_every_code_a_result_gives_is_catalogued() -> None:
    reasons, warnings = vector_codes()
    assert len(reasons) >= 30, sorted(reasons)
    assert reasons <= set(minzheng.REASON_CODES), sorted(reasons - set(minzheng.REASON_CODES))
    assert len(warnings) >= 4, sorted(warnings)
    assert warnings <= set(minzheng.WARNING_CODES), sorted(
        warnings - set(minzheng.WARNING_CODES)
    )


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
