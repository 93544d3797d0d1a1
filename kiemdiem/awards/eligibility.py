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
# Award amounts (Hướng dẫn 56-HD/VPTW, 2015; domain.md §8.2): multiples of the base salary.

MEMBER, CELL, GRASSROOTS = "member", "cell", "grassroots"
# (subject, "year" or "run", form of award folded) → multiple. Members: a local example
# (UNCONFIRMED, §12.27); central and Army amounts are not known and stay empty.
AWARD_MULTIPLES: dict[tuple[str, str, str], Decimal] = {
    (CELL, "year", "giay khen"): Decimal("0.6"),
    (CELL, "run", "giay khen"): Decimal("1.5"),
    (CELL, "run", "bang khen"): Decimal("2.0"),
    (GRASSROOTS, "year", "giay khen"): Decimal("2.0"),
    (GRASSROOTS, "run", "bang khen"): Decimal("5.0"),
    (GRASSROOTS, "run", "co"): Decimal("8.0"),
    (MEMBER, "year", "giay khen"): Decimal("0.3"),
    (MEMBER, "run", "giay khen"): Decimal("0.3"),
}
# The base salary (lương cơ sở, VND a month) from the day it took effect; a dated setting.
BASE_SALARY: tuple[tuple[datetime.date, int], ...] = (
    (datetime.date(2018, 7, 1), 1_390_000),
    (datetime.date(2019, 7, 1), 1_490_000),
    (datetime.date(2023, 7, 1), 1_800_000),
    (datetime.date(2024, 7, 1), 2_340_000),
)


def award_multiple(subject: str, kind: str, form_of_award: str) -> Decimal | None:
    """The multiple of the base salary for this award, or None when the table has none."""
    return AWARD_MULTIPLES.get((subject, kind, " ".join(fold(form_of_award).split())))


def base_salary(on: datetime.date) -> int | None:
    """The base salary in force on `on` (None before the table starts)."""
    found = None
    for since, amount in BASE_SALARY:
        if since <= on:
            found = amount
    return found


def award_amount(multiple: Decimal | None, on: datetime.date) -> int | None:
    """The amount in VND, rounded to the dong: multiple × the base salary on `on`."""
    salary = base_salary(on)
    if multiple is None or salary is None:
        return None
    return int((multiple * salary).to_integral_value())


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


# Early presentation (HD 01-HD/TW): a seriously ill member up to 12 months before the
# milestone for 30–65 years, up to 24 months for 70–90; posthumously up to 12 months.
ILLNESS = "illness"
POSTHUMOUS = "posthumous"
EARLY_MONTHS_ILLNESS_SHORT, EARLY_MONTHS_ILLNESS_LONG = 12, 24
LONG_ILLNESS_FROM_YEARS = 70
EARLY_MONTHS_POSTHUMOUS = 12


@dataclass(frozen=True)
class Badge:
    years: int
    milestone: datetime.date
    presented_on: datetime.date
    amount: Decimal | None
    blocked: bool = False  # under discipline on the presentation day: not yet (§12.28)
    early: str = ""  # ILLNESS or POSTHUMOUS when presented before the usual day

    @property
    def title(self) -> str:
        return f"Huy hiệu {self.years} năm tuổi Đảng"


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29/2 falls on 28/2 in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


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


def early_months(years: int, reason: str) -> int:
    """How many months before the milestone a badge may be presented for `reason`."""
    if reason == POSTHUMOUS:
        return EARLY_MONTHS_POSTHUMOUS
    if reason == ILLNESS:
        if years >= LONG_ILLNESS_FROM_YEARS:
            return EARLY_MONTHS_ILLNESS_LONG
        return EARLY_MONTHS_ILLNESS_SHORT
    return 0


def early_presentation_date(
    milestone: datetime.date, years: int, reason: str, since: datetime.date
) -> datetime.date | None:
    """The early presentation day: the first presentation day on or after both the earliest
    allowed date (milestone − the months of `early_months`) and `since` (the diagnosis, or
    the date of death), when that is before the usual day; else None."""
    months = early_months(years, reason)
    if not months:
        return None
    earliest = max(months_before(milestone, months), since)
    if earliest >= milestone:
        return None
    day = presentation_date(earliest)
    return day if day < presentation_date(milestone) else None


def under_discipline(
    periods: Iterable[tuple[datetime.date, datetime.date | None]], day: datetime.date
) -> bool:
    """True when `day` falls in a (from, until or None) period of discipline."""
    return any(start <= day and (end is None or day <= end) for start, end in periods)


def badges_presented_in(
    admitted_on: datetime.date,
    year: int,
    *,
    gaps: Iterable[tuple[datetime.date, datetime.date]] = (),
    disciplined: bool = False,
    discipline: Iterable[tuple[datetime.date, datetime.date | None]] = (),
    early: tuple[str, datetime.date] | None = None,
) -> list[Badge]:
    """The badges whose presentation date falls in `year`.

    `early` = (ILLNESS, diagnosed on) moves a badge forward within its window; (POSTHUMOUS,
    died on) gives the badge of a milestone the member died less than 12 months short of, on
    the first presentation day after the death (and no later badges); a
    badge whose day falls in a period of `discipline` (or any when `disciplined`) is listed
    as blocked: not yet presented (§12.28, UNCONFIRMED default).
    """
    gaps = list(gaps)
    discipline = list(discipline)
    out = []
    for years in BADGE_MILESTONES:
        milestone = milestone_date(admitted_on, years, gaps)
        presented, reason = presentation_date(milestone), ""
        if early is not None and early[0] == POSTHUMOUS and milestone > early[1]:
            # Died before the milestone: posthumously only within the window, else never.
            if early[1] < months_before(milestone, early_months(years, POSTHUMOUS)):
                continue
            presented, reason = presentation_date(early[1]), POSTHUMOUS
        elif early is not None and early[0] == ILLNESS:
            day = early_presentation_date(milestone, years, early[0], early[1])
            if day is not None:
                presented, reason = day, early[0]
        if presented.year == year:
            blocked = disciplined or under_discipline(discipline, presented)
            out.append(Badge(years, milestone, presented, BADGE_AMOUNTS[years], blocked, reason))
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
