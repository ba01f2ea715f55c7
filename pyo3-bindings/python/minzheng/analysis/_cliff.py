"""The benefit cliff: one household, one input swept over a range."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .. import _native
from .._convert import decode_result, encode_request
from ..errors import InputError, MinzhengError
from . import _guard, _tables
from ._reform import ReformLike, reform_json

_ROOTS = ("household.", "back_pay.", "price_indices.")


class Cliff:
    """A sweep of one input (see :func:`cliff`).

    ``points``: one row per value of the input, with ``monthly_total`` and, per programme,
    ``<programme>.status`` and ``<programme>.monthly``. ``changes``: one row per change of a
    programme's eligibility (its status, or the members it pays: ``lines_started`` /
    ``lines_ended`` such as ``tekun.basic[p1]``), with the exact ``at`` (first value with the new
    eligibility) and ``last_before``, the programme's amount and the household's total on each
    side.
    ``cliffs``: the points where the household's monthly total falls by more than the input
    rises (``total_before − total_after > at − last_before``). ``raw`` is the engine's result.
    """

    def __init__(self, raw: dict[str, Any], kind: str) -> None:
        self.raw = raw
        self.vary: str = raw["vary"]
        self.kind = kind
        self.programmes: list[str] = (
            [p["programme"] for p in raw["points"][0]["programmes"]] if raw["points"] else []
        )

    @property
    def points(self) -> Any:
        pts = self.raw["points"]
        columns: list[_tables.Column] = [
            ("value", "decimal", [Decimal(p["value"]) for p in pts]),
            ("monthly_total", "money", [p["monthly_total"] for p in pts]),
        ]
        for c, name in enumerate(self.programmes):
            columns.append((f"{name}.status", "str", [p["programmes"][c]["status"] for p in pts]))
            columns.append(
                (f"{name}.monthly", "money", [p["programmes"][c]["monthly_amount"] for p in pts])
            )
        return _tables.build(self.kind, columns)

    def _changes(self, rows: list[dict[str, Any]]) -> Any:
        columns: list[_tables.Column] = [
            ("programme", "str", [r["programme"] for r in rows]),
            ("status_before", "str", [r["status_before"] for r in rows]),
            ("status_after", "str", [r["status_after"] for r in rows]),
            ("lines_started", "str", [", ".join(r["lines_started"]) for r in rows]),
            ("lines_ended", "str", [", ".join(r["lines_ended"]) for r in rows]),
            ("last_before", "decimal", [Decimal(r["last_before"]) for r in rows]),
            ("at", "decimal", [Decimal(r["at"]) for r in rows]),
            ("monthly_before", "money", [Decimal(r["monthly_before"]) for r in rows]),
            ("monthly_after", "money", [Decimal(r["monthly_after"]) for r in rows]),
            ("total_before", "money", [Decimal(r["total_before"]) for r in rows]),
            ("total_after", "money", [Decimal(r["total_after"]) for r in rows]),
        ]
        return _tables.build(self.kind, columns)

    @property
    def changes(self) -> Any:
        return self._changes(self.raw["changes"])

    @property
    def cliffs(self) -> Any:
        """The points where the household's monthly total falls by more than the input rises:
        ``last_before``, ``at``, ``total_before``, ``total_after``, ``drop`` and the
        ``programmes`` whose eligibility changes there."""
        points: dict[tuple[str, str], dict[str, Any]] = {}
        for r in self.raw["changes"]:
            key = (r["last_before"], r["at"])
            if key in points:
                points[key]["programmes"].append(r["programme"])
            else:
                points[key] = {**r, "programmes": [r["programme"]]}
        rows = [
            r
            for r in points.values()
            if Decimal(r["total_before"]) - Decimal(r["total_after"])
            > Decimal(r["at"]) - Decimal(r["last_before"])
        ]
        columns: list[_tables.Column] = [
            ("last_before", "decimal", [Decimal(r["last_before"]) for r in rows]),
            ("at", "decimal", [Decimal(r["at"]) for r in rows]),
            ("total_before", "money", [Decimal(r["total_before"]) for r in rows]),
            ("total_after", "money", [Decimal(r["total_after"]) for r in rows]),
            (
                "drop",
                "money",
                [Decimal(r["total_before"]) - Decimal(r["total_after"]) for r in rows],
            ),
            ("programmes", "str", [", ".join(r["programmes"]) for r in rows]),
        ]
        return _tables.build(self.kind, columns)

    def __repr__(self) -> str:
        points, changes = len(self.raw["points"]), len(self.raw["changes"])
        return f"<Cliff {self.vary}: {points} points, {changes} eligibility changes>"


def cliff(
    request: Mapping[str, Any],
    vary: str = "household.members[0].income.wages",
    *,
    start: Any = 0,
    stop: Any = 10_000,
    step: Any = 10,
    reform: ReformLike | None = None,
    kind: str = "pandas",
) -> Cliff:
    """Sweeps ``vary`` from ``start`` to ``stop`` (included) by ``step`` for one household."""
    _tables.check_kind(kind)
    if not isinstance(request, Mapping):
        raise InputError("invalid_type", "request", "the request must be a dict")
    path = vary if vary.startswith(_ROOTS) else f"household.{vary}"
    bounds = {
        name: _guard.decimal_argument(value, name)
        for name, value in (("start", start), ("stop", stop), ("step", step))
    }
    body = {
        "request": json.loads(encode_request(request)),
        "vary": path,
        "from": format(bounds["start"], "f"),
        "to": format(bounds["stop"], "f"),
        "step": format(bounds["step"], "f"),
    }
    if reform is not None:
        body["reform"] = json.loads(reform_json(reform))
    try:
        raw = _native.cliff_json(json.dumps(body, ensure_ascii=False))
    except MinzhengError as e:
        # The engine names the sweep's bounds `from` and `to`; the caller wrote start and stop.
        head, _, rest = e.path.partition(".")
        renamed = {"from": "start", "to": "stop"}.get(head, head)
        path = renamed + ("." + rest if rest else "")
        message = e.message.replace("`from`", "`start`").replace("`to`", "`stop`")
        if (path, message) == (e.path, e.message):
            raise
        raise type(e)(e.code, path, message) from None
    return Cliff(decode_result(raw), kind)
