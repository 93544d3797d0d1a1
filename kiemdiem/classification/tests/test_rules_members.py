"""Rules about one member: exclusions, sick leave, discipline, the state track — at each boundary."""

from __future__ import annotations

import pytest

from kiemdiem.classification.rules import check
from kiemdiem.classification.tests.cases import case, codes, discipline, member

PACKS = ["r132_hd21", "r124_hd25", "r366_hd43"]


def with_score(pack: str, m: dict) -> dict:
    # r366 needs a score with a level; 95 keeps the band out of the way.
    return {**m, "score": 95} if pack == "r366_hd43" else m


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize(
    ("admitted_on", "excluded"),
    [("2020-06-14", False), ("2020-06-15", False), ("2020-06-16", True), ("2020-12-01", True)],
)
def test_new_members_are_excluded_after_the_day_six_months_before_review(
    pack, admitted_on, excluded
):
    result = check(
        case(
            [with_score(pack, member("DV-1", admitted_on=admitted_on))],
            pack=pack,
            score=95 if pack == "r366_hd43" else None,
        )
    )
    assert (result["not_classified"] == ["DV-1"]) is excluded
    assert ("EXCLUDED_NEW_MEMBER" in codes(result, "DV-1")) is excluded


@pytest.mark.parametrize(
    ("review_date", "admitted_on", "excluded"),
    [
        ("2021-08-31", "2021-02-28", False),
        ("2021-08-31", "2021-03-01", True),
        ("2020-08-31", "2020-02-29", False),
    ],
)
def test_a_missing_day_in_the_cutoff_month_becomes_the_month_end(
    review_date, admitted_on, excluded
):
    result = check(case([member("DV-1", admitted_on=admitted_on)], review_date=review_date))
    assert (result["not_classified"] == ["DV-1"]) is excluded


@pytest.mark.parametrize(
    ("flag", "code"), [("exempt", "EXCLUDED_EXEMPT"), ("suspended", "EXCLUDED_SUSPENDED")]
)
def test_exempt_and_suspended_members_are_not_classified(flag, code):
    result = check(case([member("DV-1", "HTTNV", **{flag: True})]))
    assert result["not_classified"] == ["DV-1"]
    assert codes(result) == [code]


@pytest.mark.parametrize("flag", ["exempt", "suspended"])
def test_an_excluded_member_without_a_level_is_listed_but_raises_nothing(flag):
    result = check(case([member("DV-1", None, **{flag: True})]))
    assert result == {"not_classified": ["DV-1"], "ceilings": {}, "findings": []}


def test_excluded_members_get_no_ceiling_even_when_they_would_be_capped():
    result = check(
        case([member("DV-1", None, exempt=True, sick_leave_days=200, discipline=discipline())])
    )
    assert result["ceilings"] == {}


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize(("days", "capped"), [(89, False), (90, True), (120, True)])
def test_ninety_days_of_sick_leave_caps_at_htnv(pack, days, capped):
    result = check(
        case([with_score(pack, member("DV-1", "HTTNV", sick_leave_days=days))], pack=pack)
    )
    assert (result["ceilings"].get("DV-1") == "HTNV") is capped
    assert ("CAP_SICK_LEAVE" in codes(result, "DV-1")) is capped


def test_sick_leave_at_the_allowed_level_has_a_ceiling_but_no_finding():
    result = check(case([member("DV-1", "HTNV", sick_leave_days=90)], kind="leadership_collective"))
    assert result["ceilings"] == {"DV-1": "HTNV"}
    assert codes(result, "DV-1") == []


def test_ceilings_are_reported_without_a_proposed_level():
    result = check(case([member("DV-1", None, sick_leave_days=95)], kind="leadership_collective"))
    assert result["ceilings"] == {"DV-1": "HTNV"}
    assert result["findings"] == []


@pytest.mark.parametrize(
    ("pack", "self_detected", "capped"),
    [
        ("r132_hd21", False, True),
        ("r132_hd21", True, True),
        ("r124_hd25", False, True),
        ("r124_hd25", True, False),
        ("r366_hd43", False, True),
        ("r366_hd43", True, False),
    ],
)
def test_discipline_caps_at_khtnv_unless_self_detected_under_124_and_366(
    pack, self_detected, capped
):
    m = with_score(
        pack, member("DV-1", "HTNV", discipline=discipline("khien_trach", self_detected))
    )
    result = check(case([m], pack=pack))
    assert (result["ceilings"].get("DV-1") == "KHTNV") is capped
    assert ("CAP_DISCIPLINE" in codes(result, "DV-1")) is capped


def test_discipline_message_names_the_member_and_the_allowed_level():
    result = check(case([member("DV-1", "HTTNV", discipline=discipline(), name="Nguyễn Văn An")]))
    message = next(f["message"] for f in result["findings"] if f["code"] == "CAP_DISCIPLINE")
    assert "Nguyễn Văn An" in message
    assert "Không hoàn thành nhiệm vụ" in message


@pytest.mark.parametrize("pack", PACKS)
def test_state_khtnv_caps_the_party_level_at_khtnv(pack):
    result = check(
        case([with_score(pack, member("DV-1", "HTNV", civil_servant_level="KHTNV"))], pack=pack)
    )
    assert result["ceilings"]["DV-1"] == "KHTNV"
    assert "CAP_STATE_TRACK" in codes(result, "DV-1")


@pytest.mark.parametrize(
    ("pack", "state", "ceiling"),
    [
        ("r132_hd21", "HTTNV", "HTTNV"),
        ("r132_hd21", "HTNV", "HTTNV"),
        ("r132_hd21", "HTXSNV", None),
        ("r124_hd25", "HTTNV", None),
        ("r366_hd43", "HTNV", None),
    ],
)
def test_under_132_party_htxsnv_needs_state_htxsnv(pack, state, ceiling):
    result = check(
        case(
            [with_score(pack, member("DV-1", "HTXSNV", civil_servant_level=state))]
            + [member(f"X{i}", "HTTNV", score=80) for i in range(5)],
            pack=pack,
        )
    )
    assert result["ceilings"].get("DV-1") == ceiling
    assert ("CAP_STATE_TRACK" in codes(result, "DV-1")) is (ceiling is not None)


def test_a_null_state_level_caps_nothing():
    assert (
        check(case([member("DV-1", "HTXSNV")] + [member(f"X{i}", "HTTNV") for i in range(5)]))[
            "ceilings"
        ]
        == {}
    )


def test_each_capping_rule_raises_its_own_finding_and_the_lowest_ceiling_is_reported():
    result = check(case([member("DV-1", "HTTNV", sick_leave_days=100, discipline=discipline())]))
    assert codes(result, "DV-1") == ["CAP_DISCIPLINE", "CAP_SICK_LEAVE"]
    assert result["ceilings"]["DV-1"] == "KHTNV"


def test_a_finding_fires_only_above_that_rules_own_ceiling():
    # HTNV is allowed by sick leave (HTNV) but not by discipline (KHTNV).
    result = check(case([member("DV-1", "HTNV", sick_leave_days=100, discipline=discipline())]))
    assert codes(result, "DV-1") == ["CAP_DISCIPLINE"]


def test_findings_are_sorted_by_subject_then_code():
    result = check(
        case(
            [
                member("DV-2", "HTTNV", sick_leave_days=100, discipline=discipline()),
                member("DV-1", "HTTNV", exempt=True),
            ]
        )
    )
    assert [(f["subject"], f["code"]) for f in result["findings"]] == [
        ("DV-1", "EXCLUDED_EXEMPT"),
        ("DV-2", "CAP_DISCIPLINE"),
        ("DV-2", "CAP_SICK_LEAVE"),
    ]


def test_every_finding_is_an_error_with_a_vietnamese_message():
    result = check(case([member("DV-1", "HTTNV", sick_leave_days=100)]))
    assert all(f["severity"] == "error" and "Đồng chí" in f["message"] for f in result["findings"])
