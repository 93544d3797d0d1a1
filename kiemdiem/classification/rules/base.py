"""Input and output of the classification rules engine, as plain dataclasses.

Pure Python (no Django import). The interface is rules-contract.md; the domain meaning is
domain.md §2–§4. Levels are the contract's codes (strings), ranked HTXSNV > HTTNV > HTNV > KHTNV;
a ceiling is the highest level a subject may receive.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Literal


class Level(StrEnum):
    """The four levels, highest first. Members of the dataclasses hold the plain code strings;
    a Level compares equal to its code."""

    HTXSNV = "HTXSNV"
    HTTNV = "HTTNV"
    HTNV = "HTNV"
    KHTNV = "KHTNV"

    @property
    def rank(self) -> int:
        return RANK[self.value]

    @property
    def label(self) -> str:
        return LEVEL_NAMES[self.value]


LEVELS: tuple[str, ...] = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
TOP_LEVEL = "HTXSNV"
RANK: dict[str, int] = {"HTXSNV": 4, "HTTNV": 3, "HTNV": 2, "KHTNV": 1}
LEVEL_NAMES: dict[str, str] = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ",
    "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}
DISCIPLINE_FORMS: tuple[str, ...] = ("khien_trach", "canh_cao", "cach_chuc", "khai_tru")
COLLECTIVE_KINDS: tuple[str, ...] = ("cell", "party_committee", "leadership_collective")
COLLECTIVE_KIND_NAMES: dict[str, str] = {
    "cell": "Chi bộ",
    "party_committee": "Đảng bộ",
    "leadership_collective": "Tập thể lãnh đạo",
}
STAGES: tuple[str, ...] = ("proposal", "decision")

Stage = Literal["proposal", "decision"]
Severity = Literal["warning", "error"]


def rank(level: str | None) -> int:
    """Rank of a level; 0 for no level (below every level)."""
    return RANK[level] if level else 0


def at_least(level: str | None, floor: str) -> bool:
    """True when `level` is `floor` or higher; no level is never at least anything."""
    return rank(level) >= RANK[floor]


def lowest(levels: Iterable[str]) -> str:
    """The lowest of some levels."""
    return min(levels, key=rank)


def percent(share: Fraction) -> str:
    """A share as Vietnamese percent text: Fraction(1, 5) → "20%", Fraction(1, 3) → "33,33%"."""
    value = share * 100
    if value.denominator == 1:
        return f"{value.numerator}%"
    return f"{float(value):.2f}%".replace(".", ",")


def level_name(level: str) -> str:
    """The level's Vietnamese name in guillemets, as used in messages."""
    return f"«{LEVEL_NAMES[level]}»"


@dataclass(frozen=True)
class Discipline:
    """A party or administrative discipline in the year."""

    form: str
    self_detected_and_remedied: bool = False


@dataclass(frozen=True)
class Member:
    """A party member of the case (official or probationary)."""

    id: str
    admitted_on: datetime.date
    official: bool = True
    head: bool = False
    level: str | None = None
    score: Decimal | None = None
    exempt: bool = False
    suspended: bool = False
    sick_leave_days: int = 0
    discipline: Discipline | None = None
    civil_servant_level: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Subunit:
    """A directly subordinate organization of a party committee: an input only."""

    id: str
    level: str | None = None
    disciplined: bool = False


@dataclass(frozen=True)
class Collective:
    """The organization or leadership collective under review."""

    id: str
    kind: str
    level: str | None = None
    score: Decimal | None = None
    disciplined: bool = False
    subunits: tuple[Subunit, ...] = ()
    name: str | None = None


@dataclass(frozen=True)
class Case:
    """One check: a collective, its members, the pack, the stage and the review date."""

    rule_pack: str
    stage: Stage
    review_date: datetime.date
    collective: Collective
    members: tuple[Member, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A rule broken by the proposed levels."""

    code: str
    subject: str
    severity: Severity
    message: str

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "subject": self.subject,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(frozen=True)
class Result:
    """The contract's output: excluded members, ceilings below HTXSNV, sorted findings."""

    not_classified: list[str]
    ceilings: dict[str, str]
    findings: list[Finding]

    def as_dict(self) -> dict[str, object]:
        return {
            "not_classified": list(self.not_classified),
            "ceilings": dict(self.ceilings),
            "findings": [finding.as_dict() for finding in self.findings],
        }


@dataclass(frozen=True)
class PackSettings:
    """Thresholds and switches of a rule pack, with the contract's defaults (domain.md §4.1).

    Some thresholds are UNCONFIRMED in the official text, so they are settings: a campaign or an
    Army overlay may replace them (`dataclasses.replace`). Shares are exact fractions and scores
    exact decimals; nothing is compared as a float.
    """

    new_member_months: int = 6
    """Admitted after the same day this many calendar months before review_date: not classified."""
    sick_leave_days: int = 90
    """Sick leave of at least this many days in the year caps a member at HTNV."""
    excess_share: Fraction = Fraction(1, 5)
    """"More than 20%": count / total > this share, i.e. count × 5 > total."""
    half_share: Fraction = Fraction(1, 2)
    """"At least half": count / total >= this share, i.e. count × 2 >= total."""
    quota_share: Fraction = Fraction(1, 5)
    """HTXSNV members allowed per HTTNV member."""
    quota_rounding: Literal["floor", "nearest"] = "floor"
    """How the allowed HTXSNV count is rounded (floor is the contract's; nearest is UNCONFIRMED)."""
    score_bands: tuple[tuple[Decimal, str], ...] = (
        (Decimal(90), "HTXSNV"),
        (Decimal(70), "HTTNV"),
        (Decimal(50), "HTNV"),
    )
    """(minimum score, highest level) from the top; below the last minimum: KHTNV."""
    discipline_waiver: bool = False
    """A self-detected and remedied discipline does not cap the member (124, 366)."""
    state_track_khtnv_link: bool = True
    """Civil-servant KHTNV caps the party level at KHTNV (all packs)."""
    state_track_needs_excellent: bool = False
    """Party HTXSNV needs civil-servant HTXSNV, else the ceiling is HTTNV (132)."""
    score_required: bool = False
    """A subject with a proposed level needs a score (366)."""


@dataclass(frozen=True)
class Verdict:
    """One rule's word on one subject: the ceiling it sets, and the message to report when the
    subject's proposed level is above that ceiling. `always` marks a finding that does not depend
    on a ceiling (an excluded member with a level, the quota, a missing score)."""

    code: str
    subject: str
    ceiling: str | None
    message: str
    always: bool = False


@dataclass(frozen=True)
class Context:
    """What every rule sees: the case, the pack's settings, who is excluded, display names.

    `label_ids` keeps the caller's id beside a display name in messages ("Đồng chí Nguyễn Văn An
    (DV-001)"), as the contract answers; the web pages of the application turn it off, because
    their ids are database keys that mean nothing to the user."""

    case: Case
    settings: PackSettings
    excluded: frozenset[str]
    names: dict[str, str] = field(default_factory=dict)
    label_ids: bool = True

    @property
    def counted_members(self) -> list[Member]:
        """Members the rules about one person apply to: everyone not excluded."""
        return [m for m in self.case.members if m.id not in self.excluded]

    @property
    def classified(self) -> list[Member]:
        """Members counted in every count, share and quota: not excluded and with a level."""
        return [m for m in self.counted_members if m.level is not None]

    def member_label(self, member: Member) -> str:
        name = self.names.get(member.id) or member.name
        if not name:
            return f"Đồng chí {member.id}"
        return f"Đồng chí {name} ({member.id})" if self.label_ids else f"Đồng chí {name}"

    def collective_label(self) -> str:
        collective = self.case.collective
        name = self.names.get(collective.id) or collective.name
        if name:
            return f"{name} ({collective.id})" if self.label_ids else name
        return f"{COLLECTIVE_KIND_NAMES.get(collective.kind, 'Tập thể')} {collective.id}"


Rule = Callable[[Context], Iterable[Verdict]]


@dataclass(frozen=True)
class RulePack:
    """A regulation's rules: its id, the review years it covers, its settings and rules."""

    id: str
    title: str
    first_year: int
    last_year: int | None
    settings: PackSettings
    rules: tuple[Rule, ...]

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


ErrorPath = tuple[str | int, ...]


class CaseError(ValueError):
    """Invalid input. `errors` holds (path, message) pairs, e.g. (("members", 3, "admitted_on"),
    "not a date"), printed as "members[3].admitted_on: not a date"."""

    def __init__(self, errors: list[tuple[ErrorPath, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(format_error(path, message) for path, message in errors))

    def lines(self) -> list[str]:
        return [format_error(path, message) for path, message in self.errors]


def format_path(path: Iterable[str | int]) -> str:
    """("members", 3, "admitted_on") → "members[3].admitted_on"."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def format_error(path: ErrorPath, message: str) -> str:
    return f"{format_path(path)}: {message}" if path else message
