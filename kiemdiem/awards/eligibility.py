"""Who may be commended, and when a Party badge is due (domain.md §8, §12.27–28, §3.1).

Pure: plain values in, dataclasses out, no Django import (a test checks). Settings carry the
UNCONFIRMED defaults so a campaign can change them.

- A history is a mapping year → level code ("HTXSNV", …) or None/"" for "not classified"; a
  missing year is "not classified" too.
- Members and organizations decided HTXSNV are candidates for the year; HTXSNV in each of
  Y-4…Y makes a candidate for "5 years running" (Hướng dẫn 21-HD/BTCTW; a giấy khen is no proof).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from kiemdiem.core.text import fold

EXCELLENT = "HTXSNV"
MEMBER_TITLE = "Hoàn thành xuất sắc nhiệm vụ"
ORGANIZATION_TITLE = "Trong sạch, vững mạnh tiêu biểu"


@dataclass(frozen=True)
class EligibilitySettings:
    """§8.1 and §12.27 defaults (UNCONFIRMED)."""

    run_length: int = 5
    unclassified_breaks_chain: bool = True
    restart_after_award: bool = True


DEFAULT_SETTINGS = EligibilitySettings()


@dataclass(frozen=True)
class Candidacy:
    year: int
    excellent_in_year: bool
    run_years: tuple[int, ...]  # qualifying years of the run, oldest first; () when no run

    @property
    def five_years_running(self) -> bool:
        return bool(self.run_years)

    @property
    def eligible(self) -> bool:
        return self.excellent_in_year


def _level(history: Mapping[int, str | None], year: int) -> str:
    return history.get(year) or ""


def excellent_in_year(history: Mapping[int, str | None], year: int) -> bool:
    """Decided HTXSNV in the year; HTTNV is not eligible."""
    return _level(history, year) == EXCELLENT


def excellent_run(
    history: Mapping[int, str | None],
    year: int,
    *,
    run_awards: Iterable[int] = (),
    settings: EligibilitySettings = DEFAULT_SETTINGS,
) -> tuple[int, ...]:
    """The years of an HTXSNV run of `run_length` ending in `year`, oldest first, or ().

    An unclassified year breaks the chain (or, when the setting is off, is skipped); a run may
    not reach back to or before the year of an earlier run award (`run_awards`) when runs
    restart after an award.
    """
    if not excellent_in_year(history, year):
        return ()
    floor = max((y for y in run_awards if y < year), default=None)
    if not settings.restart_after_award:
        floor = None
    years: list[int] = []
    current = year
    earliest = min(history, default=year)
    while len(years) < settings.run_length and current >= earliest:
        if floor is not None and current <= floor:
            return ()
        level = _level(history, current)
        if level == EXCELLENT:
            years.append(current)
        elif level or settings.unclassified_breaks_chain:
            return ()
        current -= 1
    return tuple(reversed(years)) if len(years) == settings.run_length else ()


def candidacy(
    history: Mapping[int, str | None],
    year: int,
    *,
    run_awards: Iterable[int] = (),
    settings: EligibilitySettings = DEFAULT_SETTINGS,
) -> Candidacy:
    """Candidate for the year's award, and for the run award if the run is complete.

    The same rules hold for members ("Hoàn thành xuất sắc nhiệm vụ") and organizations
    ("Trong sạch, vững mạnh tiêu biểu").
    """
    return Candidacy(
        year=year,
        excellent_in_year=excellent_in_year(history, year),
        run_years=excellent_run(history, year, run_awards=run_awards, settings=settings),
    )


# ---------------------------------------------------------------------------------------------
# Party badges (Hướng dẫn 01-HD/TW, 2021; amounts Hướng dẫn 56-HD/VPTW)

BADGE_MILESTONES = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
# (month, day): 3/2, 19/5, 2/9, 7/11.
PRESENTATION_DAYS = ((2, 3), (5, 19), (9, 2), (11, 7))
# Multiples of the base salary; 45, 85 and 90 years are UNCONFIRMED and left empty (§8.3).
BADGE_AMOUNTS: dict[int, Decimal | None] = {
    30: Decimal("1.5"),
    40: Decimal("2"),
    45: None,
    50: Decimal("3"),
    55: Decimal("3.5"),
    60: Decimal("5"),
    65: Decimal("6"),
    70: Decimal("8"),
    75: Decimal("10"),
    80: Decimal("15"),
    85: None,
    90: None,
}


@dataclass(frozen=True)
class Badge:
    years: int
    milestone: datetime.date
    presented_on: datetime.date
    amount: Decimal | None
    blocked: bool = False  # under discipline: not yet (§12.28)

    @property
    def title(self) -> str:
        return f"Huy hiệu {self.years} năm tuổi Đảng"


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29/2 falls on 28/2 in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def gap_days(gaps: Iterable[tuple[datetime.date, datetime.date]]) -> int:
    """Days out of the Party: each (left on, readmitted on) pair counts readmitted − left."""
    return sum(max((back - left).days, 0) for left, back in gaps)


def milestone_date(
    admitted_on: datetime.date, years: int, gaps: Iterable[tuple[datetime.date, datetime.date]] = ()
) -> datetime.date:
    """Admission + N years + the days out of the Party."""
    return add_years(admitted_on, years) + datetime.timedelta(days=gap_days(gaps))


def presentation_date(milestone: datetime.date) -> datetime.date:
    """The first of 3/2, 19/5, 2/9, 7/11 on or after the milestone."""
    for month, day in PRESENTATION_DAYS:
        candidate = datetime.date(milestone.year, month, day)
        if candidate >= milestone:
            return candidate
    month, day = PRESENTATION_DAYS[0]
    return datetime.date(milestone.year + 1, month, day)


def badges_presented_in(
    admitted_on: datetime.date,
    year: int,
    *,
    gaps: Iterable[tuple[datetime.date, datetime.date]] = (),
    disciplined: bool = False,
) -> list[Badge]:
    """The badges whose presentation date falls in `year`."""
    gaps = list(gaps)
    out = []
    for years in BADGE_MILESTONES:
        milestone = milestone_date(admitted_on, years, gaps)
        presented = presentation_date(milestone)
        if presented.year == year:
            out.append(Badge(years, milestone, presented, BADGE_AMOUNTS[years], disciplined))
    return out


# ---------------------------------------------------------------------------------------------
# Pre-2018 labels (domain.md §3.1; mapping UNCONFIRMED, §12.33)

_LEVEL_NAMES = {
    "hoan thanh xuat sac nhiem vu": "HTXSNV",
    "hoan thanh tot nhiem vu": "HTTNV",
    "hoan thanh nhiem vu": "HTNV",
    "khong hoan thanh nhiem vu": "KHTNV",
}
_LEGACY = {
    "trong sach vung manh tieu bieu": "HTXSNV",
    "trong sach vung manh": "HTXSNV",
    "yeu kem": "KHTNV",
    "vi pham tu cach hoac khong hoan thanh nhiem vu": "KHTNV",
    **{f"du tu cach {name}": code for name, code in _LEVEL_NAMES.items()},
    **{f"du tu cach {code.lower()}": code for code in ("HTXSNV", "HTTNV", "HTNV")},
}


def legacy_level(label: str) -> str | None:
    """A level code for a current or pre-2018 label, or None when it is not one.

    Compared folded (no diacritics, lower case) and without punctuation.
    """
    words = "".join(ch if ch.isalnum() else " " for ch in fold(label)).split()
    key = " ".join(words)
    if key.upper() in {"HTXSNV", "HTTNV", "HTNV", "KHTNV"}:
        return key.upper()
    return _LEVEL_NAMES.get(key) or _LEGACY.get(key)
