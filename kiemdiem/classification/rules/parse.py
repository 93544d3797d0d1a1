"""JSON (already decoded) → Case, naming the field at fault for every problem found.

Every problem is collected before failing, each as (path, message), e.g.
(("members", 3, "admitted_on"), "not a date"). Required: rule_pack, stage, review_date,
collective.id, collective.kind, members[].id, members[].admitted_on, subunits[].id. Optional fields
default to the "nothing special" value (false, 0, null, []). Unknown fields are ignored, so a
case may carry display names (`name` on members and the collective).
"""

from __future__ import annotations

import datetime
import json
import math
import re
from decimal import Decimal
from typing import Any

from kiemdiem.classification.rules.base import (
    COLLECTIVE_KINDS,
    DISCIPLINE_FORMS,
    LEVELS,
    STAGES,
    Case,
    CaseError,
    Collective,
    Discipline,
    Member,
    Subunit,
)
from kiemdiem.classification.rules.registry import PACK_IDS

Path = tuple[str | int, ...]
_MISSING = object()
# Only the calendar form YYYY-MM-DD: fromisoformat alone would also take 20201215 or 2020-W50-2.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _finite(value: float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def loads(text: str | bytes) -> Any:
    """Decode a case's JSON text with every non-integer number as an exact Decimal (the command,
    the API and the page read cases this way, so scores compare exactly)."""
    return json.loads(text, parse_float=Decimal)


class _Reader:
    def __init__(self) -> None:
        self.errors: list[tuple[Path, str]] = []

    def fail(self, path: Path, message: str) -> None:
        self.errors.append((path, message))

    def get(self, obj: dict[str, Any], key: str, path: Path, *, required: bool) -> Any:
        value = obj.get(key, _MISSING)
        if value is _MISSING and required:
            self.fail((*path, key), "required")
        return value

    def string(
        self, obj: dict[str, Any], key: str, path: Path, *, required: bool = True
    ) -> str | None:
        value = self.get(obj, key, path, required=required)
        if value is _MISSING or (value is None and not required):
            return None
        if value is None:
            self.fail((*path, key), "required")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(
                (*path, key), "not a string" if not isinstance(value, str) else "must not be empty"
            )
            return None
        return value

    def choice(
        self, obj: dict[str, Any], key: str, path: Path, options: tuple[str, ...], *, required: bool
    ) -> str | None:
        value = self.get(obj, key, path, required=required)
        if value is _MISSING or value is None:
            if value is None and required:
                self.fail((*path, key), "required")
            return None
        if value not in options:
            self.fail((*path, key), f"must be one of {', '.join(options)}")
            return None
        return str(value)

    def level(self, obj: dict[str, Any], key: str, path: Path) -> str | None:
        value = obj.get(key)
        if value is None:
            return None
        if value not in LEVELS:
            self.fail((*path, key), f"not a level (one of {', '.join(LEVELS)} or null)")
            return None
        return str(value)

    def boolean(self, obj: dict[str, Any], key: str, path: Path, default: bool = False) -> bool:
        value = obj.get(key, _MISSING)
        if value is _MISSING or value is None:
            return default
        if not isinstance(value, bool):
            self.fail((*path, key), "not a boolean")
            return default
        return value

    def date(self, obj: dict[str, Any], key: str, path: Path) -> datetime.date | None:
        value = self.get(obj, key, path, required=True)
        if value is _MISSING:
            return None
        if value is None:
            self.fail((*path, key), "required")
            return None
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail((*path, key), "not a date")
        return None

    def score(self, obj: dict[str, Any], key: str, path: Path) -> Decimal | None:
        value = obj.get(key)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float | Decimal)
            or (isinstance(value, float | Decimal) and not _finite(value))
        ):
            self.fail((*path, key), "not a number")
            return None
        # str() keeps what the JSON said (89.99 stays 89.99, not a binary approximation); the
        # command and the API decode JSON numbers as Decimal, so 89.9999999999999999 stays below
        # 90 instead of rounding to the float 90.0.
        score = Decimal(str(value))
        if not Decimal(0) <= score <= Decimal(100):
            self.fail((*path, key), "must be between 0 and 100")
            return None
        return score

    def integer(self, obj: dict[str, Any], key: str, path: Path, default: int = 0) -> int:
        value = obj.get(key, _MISSING)
        if value is _MISSING or value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float | Decimal) and _finite(value) and value == int(value):
                value = int(value)
            else:
                self.fail((*path, key), "not an integer")
                return default
        if value < 0:
            self.fail((*path, key), "must not be negative")
            return default
        return int(value)

    def obj(self, value: Any, path: Path) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(path, "not an object")
            return None
        return value

    def array(self, obj: dict[str, Any], key: str, path: Path) -> list[Any]:
        value = obj.get(key, _MISSING)
        if value is _MISSING or value is None:
            return []
        if not isinstance(value, list):
            self.fail((*path, key), "not a list")
            return []
        return value


def _optional_name(raw: dict[str, Any]) -> str | None:
    name = raw.get("name")
    return name.strip() if isinstance(name, str) and name.strip() else None


def _discipline(reader: _Reader, raw: dict[str, Any], path: Path) -> Discipline | None:
    value = raw.get("discipline")
    if value is None:
        return None
    body = reader.obj(value, (*path, "discipline"))
    if body is None:
        return None
    form = reader.choice(body, "form", (*path, "discipline"), DISCIPLINE_FORMS, required=True)
    detected = reader.boolean(body, "self_detected_and_remedied", (*path, "discipline"))
    return Discipline(form, detected) if form else None


def _member(reader: _Reader, value: Any, index: int) -> Member | None:
    path: Path = ("members", index)
    raw = reader.obj(value, path)
    if raw is None:
        return None
    member_id = reader.string(raw, "id", path)
    admitted_on = reader.date(raw, "admitted_on", path)
    member = Member(
        id=member_id or "",
        admitted_on=admitted_on or datetime.date.min,
        official=reader.boolean(raw, "official", path, default=True),
        head=reader.boolean(raw, "head", path),
        level=reader.level(raw, "level", path),
        score=reader.score(raw, "score", path),
        exempt=reader.boolean(raw, "exempt", path),
        suspended=reader.boolean(raw, "suspended", path),
        sick_leave_days=reader.integer(raw, "sick_leave_days", path),
        discipline=_discipline(reader, raw, path),
        civil_servant_level=reader.level(raw, "civil_servant_level", path),
        name=_optional_name(raw),
    )
    return member if member_id and admitted_on else None


def _subunit(reader: _Reader, value: Any, index: int) -> Subunit | None:
    path: Path = ("collective", "subunits", index)
    raw = reader.obj(value, path)
    if raw is None:
        return None
    subunit_id = reader.string(raw, "id", path)
    subunit = Subunit(
        id=subunit_id or "",
        level=reader.level(raw, "level", path),
        disciplined=reader.boolean(raw, "disciplined", path),
    )
    return subunit if subunit_id else None


def parse_case(data: Any) -> Case:
    """Validate and convert a decoded JSON case. Raises CaseError listing every problem."""
    reader = _Reader()
    if not isinstance(data, dict):
        raise CaseError([((), "the case must be a JSON object")])
    rule_pack = reader.string(data, "rule_pack", ())
    if rule_pack is not None and rule_pack not in PACK_IDS:
        reader.fail(("rule_pack",), "unknown rule pack")
        rule_pack = None
    stage = reader.choice(data, "stage", (), STAGES, required=True)
    review_date = reader.date(data, "review_date", ())

    collective: Collective | None = None
    raw_collective = reader.get(data, "collective", (), required=True)
    if raw_collective is not _MISSING:
        body = reader.obj(raw_collective, ("collective",))
        if body is not None:
            collective_id = reader.string(body, "id", ("collective",))
            kind = reader.choice(body, "kind", ("collective",), COLLECTIVE_KINDS, required=True)
            subunits = [
                _subunit(reader, item, i)
                for i, item in enumerate(reader.array(body, "subunits", ("collective",)))
            ]
            subunit_ids: set[str] = set()
            for index, subunit in enumerate(subunits):
                if subunit is None:
                    continue
                if subunit.id in subunit_ids:
                    reader.fail(("collective", "subunits", index, "id"), "duplicate id")
                subunit_ids.add(subunit.id)
            collective = Collective(
                id=collective_id or "",
                kind=kind or "",
                level=reader.level(body, "level", ("collective",)),
                score=reader.score(body, "score", ("collective",)),
                disciplined=reader.boolean(body, "disciplined", ("collective",)),
                subunits=tuple(s for s in subunits if s is not None),
                name=_optional_name(body),
            )

    members = [_member(reader, item, i) for i, item in enumerate(reader.array(data, "members", ()))]
    seen: set[str] = {collective.id} if collective and collective.id else set()
    for index, member in enumerate(members):
        if member is None:
            continue
        if member.id in seen:
            reader.fail(("members", index, "id"), "duplicate id")
        seen.add(member.id)

    if (
        reader.errors
        or collective is None
        or rule_pack is None
        or stage is None
        or review_date is None
    ):
        raise CaseError(reader.errors or [((), "invalid case")])
    return Case(
        rule_pack=rule_pack,
        stage=stage,  # type: ignore[arg-type]
        review_date=review_date,
        collective=collective,
        members=tuple(m for m in members if m is not None),
    )
