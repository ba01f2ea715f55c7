"""Reforms from a dict, JSON text or a file, and the differential explanation."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Union

from .. import _native
from .._convert import decode_result, encode_request
from ..errors import InputError

#: What a reform may be given as: a dict, JSON text, or a path to a JSON file.
ReformLike = Union[Mapping[str, Any], str, "os.PathLike[str]"]


def make_reform(
    name: str,
    changes: Mapping[str, Any],
    *,
    start: str,
    end: str | None = None,
    region: str | None = None,
    area: str | None = None,
    description: str = "",
) -> dict[str, Any]:
    """A reform dict setting each ``key → value`` of ``changes`` from ``start`` (to ``end``)."""
    overrides = []
    for key, value in changes.items():
        o: dict[str, Any] = {"key": key, "value": value, "from": start}
        if end is not None:
            o["to"] = end
        if region is not None:
            o["region"] = region
        if area is not None:
            o["area"] = area
        overrides.append(o)
    reform: dict[str, Any] = {"name": name, "overrides": overrides}
    if description:
        reform["description"] = description
    return reform


def reform_json(reform: ReformLike) -> str:
    """The reform as JSON text, from a dict, JSON text or a file path (``.json``)."""
    if isinstance(reform, Mapping):
        try:
            return encode_request(reform)
        except InputError as e:
            path = f"reform.{e.path}" if e.path else "reform"
            code = "invalid_value" if e.code == "invalid_money" else e.code
            message = (
                e.message.replace("money", "values") if e.code == "invalid_money" else e.message
            )
            raise InputError(code, path, message) from None
    if isinstance(reform, os.PathLike) or (
        isinstance(reform, str) and not reform.lstrip().startswith("{")
    ):
        path = Path(reform)
        try:
            return path.read_text(encoding="utf-8")
        except OSError as e:
            raise InputError(
                "invalid_value", "reform", f"cannot read the reform file {path}: {e}"
            ) from None
    if isinstance(reform, str):
        return reform
    raise InputError(
        "invalid_type",
        "reform",
        f"a reform is a dict, JSON text or a path to a JSON file, not {type(reform).__name__}",
    )


def reform_name(text: str) -> str:
    try:
        value = json.loads(text)
    except ValueError:
        return "reform"
    name = value.get("name", "reform") if isinstance(value, dict) else "reform"
    return name if isinstance(name, str) else "reform"


def normalise_reforms(reforms: Any) -> list[tuple[str, str]]:
    """``(name, JSON text)`` for ``None``, one reform, a list of reforms, or a dict name → reform
    (the dict's key names the reform)."""
    if reforms is None:
        return []
    items: list[tuple[str | None, ReformLike]]
    if isinstance(reforms, Mapping) and "overrides" not in reforms:
        items = [(str(k), v) for k, v in reforms.items()]
    elif isinstance(reforms, (Mapping, str, os.PathLike)):
        items = [(None, reforms)]
    elif isinstance(reforms, Sequence):
        items = [(None, r) for r in reforms]
    else:
        raise InputError(
            "invalid_type", "reforms", "give a reform, a list of reforms or a dict name → reform"
        )
    out: list[tuple[str, str]] = []
    for name, reform in items:
        text = reform_json(reform)
        if name is not None:
            value = json.loads(text)
            if isinstance(value, dict):
                value["name"] = name
                text = json.dumps(value, ensure_ascii=False)
        out.append((name or reform_name(text), text))
    names = [n for n, _ in out]
    for n in names:
        if n == "baseline":
            raise InputError(
                "invalid_value", "reforms", "`baseline` is the name of the scenario without reform"
            )
        if names.count(n) > 1:
            raise InputError(
                "invalid_value", "reforms", f"two reforms are named {n!r}; names must differ"
            )
    return out


class Difference:
    """What changed for one household under a reform, and why (see :func:`explain_difference`).

    ``baseline`` and ``reformed`` are the two full explained results; ``difference`` is the
    engine's comparison (programmes, changed line items, parameters with both values and
    citations). ``str()`` gives a readable account.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.reform: str = data["reform"]
        self.baseline: dict[str, Any] = data["baseline"]
        self.reformed: dict[str, Any] = data["reformed"]
        self.difference: dict[str, Any] = _amounts_to_decimal(data["difference"])

    @property
    def changed(self) -> bool:
        return bool(self.difference["changed"])

    @property
    def programmes(self) -> list[dict[str, Any]]:
        """The programmes that changed."""
        return [p for p in self.difference["programmes"] if p["changed"]]

    @property
    def parameters(self) -> list[dict[str, Any]]:
        """Every parameter whose value differs."""
        return list(self.difference["parameters"])

    def __repr__(self) -> str:
        total = self.difference["monthly_total"]
        return (
            f"<Difference {self.reform}: monthly total {total['baseline']} → {total['reformed']}, "
            f"{len(self.programmes)} programme(s) changed>"
        )

    def __str__(self) -> str:
        return "\n".join(describe(self.reform, self.difference))


_AMOUNT_KEYS = frozenset({"baseline", "reformed", "change"})


def _amounts_to_decimal(value: Any) -> Any:
    """Turns every amount pair ``{"baseline", "reformed", "change"}`` into Decimals."""
    if isinstance(value, dict):
        if set(value) == _AMOUNT_KEYS and all(isinstance(v, str) for v in value.values()):
            return {k: Decimal(v) for k, v in value.items()}
        return {k: _amounts_to_decimal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_amounts_to_decimal(v) for v in value]
    return value


def _signed(x: Decimal) -> str:
    return f"+{x}" if x > 0 else str(x)


def _use(use: dict[str, Any] | None) -> str:
    if not use:
        return "not used"
    c = use.get("citation", {})
    where = " ".join(
        x for x in (c.get("number") or c.get("document", ""), c.get("article", "")) if x
    )
    return f"{use['value']} ({use['status']}; {where}; source {c.get('source', '')})"


def describe(reform: str, d: dict[str, Any]) -> list[str]:
    """The difference as lines of text."""
    t = d["monthly_total"]
    lines = [
        f"Reform {reform}: monthly total {t['baseline']} → {t['reformed']} ({_signed(t['change'])})"
    ]
    o = d["one_off_total"]
    if o["change"] != 0:
        lines.append(f"  one-off total {o['baseline']} → {o['reformed']} ({_signed(o['change'])})")
    if not d["changed"]:
        lines.append("  nothing changed")
    for p in d["programmes"]:
        if not p["changed"]:
            continue
        s, m = p["status"], p["monthly_amount"]
        lines.append(
            f"- {p['programme']} {p['label_zh']}: {s['baseline']} → {s['reformed']}, "
            f"monthly {m['baseline']} → {m['reformed']} ({_signed(m['change'])})"
        )
        reason = p.get("reason")
        if reason:
            for side in ("baseline", "reformed"):
                r = reason.get(side)
                if r:
                    lines.append(f"    {side} reason: {r['code']}: {r['message_en']}")
        for item in p["line_items"]:
            who = f" [{item['person_id']}]" if item.get("person_id") else ""
            a = item["amount"]
            lines.append(
                f"    line {item['id']}{who} {item['label_zh']}: {a['baseline']} → {a['reformed']} "
                f"({_signed(a['change'])}, {item['presence'].replace('_', ' ')})"
            )
            if item.get("formula_reformed"):
                lines.append(f"      now: {item['formula_reformed'][1]}")
            for q in item["parameters"]:
                lines.append(f"      because {q['key']} {q['label_zh']}: {_use(q.get('baseline'))}")
                lines.append(f"        → {_use(q.get('reformed'))}")
        shown = {q["key"] for item in p["line_items"] for q in item["parameters"]}
        for q in p["parameters"]:
            if q["key"] not in shown:
                lines.append(f"    parameter {q['key']} {q['label_zh']}: {_use(q.get('baseline'))}")
                lines.append(f"      → {_use(q.get('reformed'))}")
    return lines


def explain_difference(request: Mapping[str, Any], reform: ReformLike) -> Difference:
    """Calculates one household under the law as encoded and under ``reform``, and explains the
    difference programme by programme (see the stub for details)."""
    if not isinstance(request, Mapping):
        raise InputError("invalid_type", "request", "the request must be a dict")
    explained = dict(request)
    explained["options"] = {**dict(request.get("options") or {}), "explain": True}
    body = encode_request(explained)
    text = reform_json(reform)
    wire = '{"request":' + body + ',"reform":' + text + "}"
    return Difference(decode_result(_native.calculate_reform_json(wire)))
