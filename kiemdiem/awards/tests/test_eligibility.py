"""Hand-worked boundary tables for commendation eligibility, badges and pre-2018 labels."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from kiemdiem.awards import eligibility as e

X, T, N, K = "HTXSNV", "HTTNV", "HTNV", "KHTNV"


def history(start, *levels):  # type: ignore[no-untyped-def]
    return {start + i: level for i, level in enumerate(levels)}


@pytest.mark.parametrize(
    ("hist", "year", "expected"),
    [
        (history(2016, X, X, X, X, X), 2020, (2016, 2017, 2018, 2019, 2020)),
        (history(2017, X, X, X, X), 2020, ()),  # only four years
        (history(2015, X, X, X, X, X, X), 2020, (2016, 2017, 2018, 2019, 2020)),
        (history(2016, X, X, T, X, X), 2020, ()),  # HTTNV breaks
        (history(2016, X, X, None, X, X), 2020, ()),  # unclassified breaks
        (history(2016, X, X, "", X, X), 2020, ()),  # empty level = unclassified
        ({2016: X, 2017: X, 2019: X, 2020: X, 2021: X}, 2021, ()),  # missing year breaks
        (history(2016, X, X, X, X, T), 2020, ()),  # not HTXSNV in the year itself
        (history(2016, X, X, X, X, X, X), 2021, (2017, 2018, 2019, 2020, 2021)),
    ],
)
def test_five_years_running(hist, year, expected):
    assert e.excellent_run(hist, year) == expected


def test_unclassified_year_is_skipped_when_the_setting_says_so():
    settings = e.EligibilitySettings(unclassified_breaks_chain=False)
    hist = history(2015, X, X, X, None, X, X)
    assert e.excellent_run(hist, 2020, settings=settings) == (2015, 2016, 2017, 2019, 2020)
    assert e.excellent_run(history(2015, X, X, T, None, X, X), 2020, settings=settings) == ()


@pytest.mark.parametrize(
    ("year", "awards", "expected"),
    [
        (2020, [2015], (2016, 2017, 2018, 2019, 2020)),  # award for 2011–2015: restart at 2016
        (2021, [2020], ()),  # awarded for 2016–2020: 2021 starts a new chain
        (2024, [2020], ()),
        (2025, [2020], (2021, 2022, 2023, 2024, 2025)),  # exactly five new years
        (2021, [2017], ()),  # award for 2013–2017: 2017 may not count again
        (2022, [2017], (2018, 2019, 2020, 2021, 2022)),
    ],
)
def test_run_restarts_after_a_run_award(year, awards, expected):
    hist = dict.fromkeys(range(2011, 2026), X)
    assert e.excellent_run(hist, year, run_awards=awards) == expected


def test_runs_may_overlap_when_restart_is_off():
    hist = dict.fromkeys(range(2011, 2026), X)
    settings = e.EligibilitySettings(restart_after_award=False)
    assert e.excellent_run(hist, 2021, run_awards=[2020], settings=settings) == (
        2017,
        2018,
        2019,
        2020,
        2021,
    )


@pytest.mark.parametrize(
    ("level", "eligible"), [(X, True), (T, False), (N, False), (K, False), (None, False)]
)
def test_only_htxsnv_is_eligible_for_the_year(level, eligible):
    result = e.candidacy({2020: level}, 2020)
    assert result.eligible is eligible
    assert result.five_years_running is False


@pytest.mark.parametrize(
    ("admitted", "years", "gaps", "milestone", "presented"),
    [
        (datetime.date(1990, 2, 3), 30, (), datetime.date(2020, 2, 3), datetime.date(2020, 2, 3)),
        (datetime.date(1990, 2, 4), 30, (), datetime.date(2020, 2, 4), datetime.date(2020, 5, 19)),
        (
            datetime.date(1990, 5, 19),
            30,
            (),
            datetime.date(2020, 5, 19),
            datetime.date(2020, 5, 19),
        ),
        (datetime.date(1990, 5, 20), 30, (), datetime.date(2020, 5, 20), datetime.date(2020, 9, 2)),
        (datetime.date(1990, 9, 3), 30, (), datetime.date(2020, 9, 3), datetime.date(2020, 11, 7)),
        (
            datetime.date(1990, 11, 7),
            30,
            (),
            datetime.date(2020, 11, 7),
            datetime.date(2020, 11, 7),
        ),
        (datetime.date(1990, 11, 8), 30, (), datetime.date(2020, 11, 8), datetime.date(2021, 2, 3)),
        (datetime.date(1980, 1, 1), 40, (), datetime.date(2020, 1, 1), datetime.date(2020, 2, 3)),
        # 29/2 falls on 28/2 in a common year
        (
            datetime.date(1976, 2, 29),
            45,
            (),
            datetime.date(2021, 2, 28),
            datetime.date(2021, 5, 19),
        ),
        # 100 days out of the Party push the milestone back
        (
            datetime.date(1990, 1, 1),
            30,
            ((datetime.date(2000, 1, 1), datetime.date(2000, 4, 10)),),
            datetime.date(2020, 4, 10),
            datetime.date(2020, 5, 19),
        ),
    ],
)
def test_badge_milestones_and_presentation_dates(admitted, years, gaps, milestone, presented):
    assert e.milestone_date(admitted, years, gaps) == milestone
    assert e.presentation_date(milestone) == presented


def test_badges_of_a_year_with_amounts():
    badges = e.badges_presented_in(datetime.date(1980, 6, 1), 2020)
    assert [(b.years, b.presented_on, b.amount) for b in badges] == [
        (40, datetime.date(2020, 9, 2), Decimal("2"))
    ]
    assert badges[0].title == "Huy hiệu 40 năm tuổi Đảng"
    assert e.badges_presented_in(datetime.date(1980, 6, 1), 2021) == []


@pytest.mark.parametrize("years", [45, 85, 90])
def test_unconfirmed_badge_amounts_are_empty(years):
    assert e.BADGE_AMOUNTS[years] is None


def test_every_milestone_has_an_amount_entry():
    assert set(e.BADGE_AMOUNTS) == set(e.BADGE_MILESTONES)
    assert e.BADGE_MILESTONES == (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("Trong sạch vững mạnh", X),
        ("Trong sạch, vững mạnh tiêu biểu", X),
        ("TRONG SẠCH VỮNG MẠNH", X),
        ("Yếu kém", K),
        ("Đủ tư cách, hoàn thành xuất sắc nhiệm vụ", X),
        ("Đủ tư cách hoàn thành tốt nhiệm vụ", T),
        ("Đủ tư cách hoàn thành nhiệm vụ", N),
        ("Đủ tư cách HTTNV", T),
        ("Vi phạm tư cách hoặc không hoàn thành nhiệm vụ", K),
        ("Hoàn thành tốt nhiệm vụ", T),
        ("htnv", N),
        ("Khá", None),
        ("", None),
    ],
)
def test_legacy_labels_map_to_levels(label, code):
    assert e.legacy_level(label) == code


def test_eligibility_module_does_not_import_django():
    source = Path(e.__file__).read_text()
    assert "import django" not in source
    assert "from django" not in source


D = datetime.date


@pytest.mark.parametrize(
    ("admitted", "since", "expected"),
    [
        # 30 years on 01/06/2020, usually presented 02/09/2020; 12 months early at most.
        (D(1990, 6, 1), D(2019, 1, 10), [(30, D(2019, 9, 2), "illness")]),
        (D(1990, 6, 1), D(2020, 5, 1), [(30, D(2020, 5, 19), "illness")]),
        (D(1990, 6, 1), D(2020, 8, 1), [(30, D(2020, 9, 2), "")]),  # ill after the milestone
        # 70 years on 01/06/2020: up to 24 months early.
        (D(1950, 6, 1), D(2015, 1, 1), [(70, D(2018, 9, 2), "illness")]),
    ],
)
def test_a_seriously_ill_member_receives_the_badge_early(admitted, since, expected):
    badges = [
        b
        for y in range(2017, 2022)
        for b in e.badges_presented_in(admitted, y, early=(e.ILLNESS, since))
    ]
    assert [(b.years, b.presented_on, b.early) for b in badges] == expected


def test_the_illness_window_is_12_months_up_to_65_years_and_24_from_70():
    assert [e.early_months(n, e.ILLNESS) for n in (30, 65, 70, 90)] == [12, 12, 24, 24]
    assert e.early_months(70, e.POSTHUMOUS) == 12
    assert e.early_months(70, "") == 0


def test_a_member_who_died_within_12_months_of_the_milestone_receives_it_posthumously():
    admitted = D(1990, 6, 1)  # 30 years on 01/06/2020
    badges = e.badges_presented_in(admitted, 2019, early=(e.POSTHUMOUS, D(2019, 7, 1)))
    assert [(b.years, b.presented_on, b.early) for b in badges] == [
        (30, D(2019, 9, 2), "posthumous")
    ]
    # Died more than 12 months short of it: no badge, then or later.
    assert not any(
        e.badges_presented_in(admitted, y, early=(e.POSTHUMOUS, D(2019, 5, 1)))
        for y in range(2019, 2031)
    )


def test_a_badge_due_during_discipline_is_blocked():
    admitted = D(1990, 6, 1)  # presented 02/09/2020
    (badge,) = e.badges_presented_in(admitted, 2020, discipline=[(D(2020, 3, 1), None)])
    assert badge.blocked
    (badge,) = e.badges_presented_in(admitted, 2020, discipline=[(D(2020, 3, 1), D(2020, 8, 31))])
    assert not badge.blocked


def test_months_before_keeps_the_day_or_takes_the_months_end():
    assert e.months_before(D(2020, 6, 1), 12) == D(2019, 6, 1)
    assert e.months_before(D(2020, 3, 31), 1) == D(2020, 2, 29)
    assert e.months_before(D(2021, 1, 15), 24) == D(2019, 1, 15)


@pytest.mark.parametrize(
    ("subject", "kind", "form", "multiple"),
    [
        ("cell", "year", "Giấy khen", Decimal("0.6")),
        ("cell", "run", "Giấy khen", Decimal("1.5")),
        ("cell", "run", "Bằng khen", Decimal("2.0")),
        ("grassroots", "year", "Giấy khen", Decimal("2.0")),
        ("grassroots", "run", "Bằng khen", Decimal("5.0")),
        ("grassroots", "run", "Cờ", Decimal("8.0")),
        ("member", "year", "giấy khen", Decimal("0.3")),
        ("member", "run", "Bằng khen", None),  # not in the table: left empty
    ],
)
def test_award_multiples_follow_the_56_hd_table(subject, kind, form, multiple):
    assert e.award_multiple(subject, kind, form) == multiple


def test_award_amount_uses_the_base_salary_in_force_on_the_decision_day():
    assert e.base_salary(datetime.date(2019, 6, 30)) == 1_390_000
    assert e.base_salary(datetime.date(2021, 1, 15)) == 1_490_000
    assert e.base_salary(datetime.date(2024, 7, 1)) == 2_340_000
    assert e.base_salary(datetime.date(2018, 1, 1)) is None
    assert e.award_amount(Decimal("0.3"), datetime.date(2021, 1, 15)) == 447_000
    assert e.award_amount(None, datetime.date(2021, 1, 15)) is None
