"""Rules about the collective: quota, cell shares, subunits, discipline, score bands."""

from __future__ import annotations

import pytest

from kiemdiem.classification.rules import check
from kiemdiem.classification.tests.cases import case, codes, discipline, many, member


def sub(sub_id: str, level: str | None = "HTTNV", disciplined: bool = False) -> dict:
    return {"id": sub_id, "level": level, "disciplined": disciplined}


@pytest.mark.parametrize(
    ("good", "excellent", "finding"),
    [
        (10, 2, False),
        (10, 3, True),
        (12, 3, True),
        (14, 2, False),
        (15, 3, False),
        (15, 4, True),
        (4, 1, True),
        (4, 0, False),
        (5, 1, False),
    ],
)
def test_htxsnv_may_not_exceed_a_fifth_of_htttnv_rounded_down(good, excellent, finding):
    result = check(
        case(
            many(good, "HTTNV", "T") + many(excellent, "HTXSNV", "X"), kind="leadership_collective"
        )
    )
    assert ("QUOTA_HTXSNV" in codes(result, "CB-01")) is finding


@pytest.mark.parametrize(("stage", "severity"), [("proposal", "warning"), ("decision", "error")])
def test_quota_is_a_warning_at_proposal_and_an_error_at_decision(stage, severity):
    result = check(
        case(
            many(5, "HTTNV", "T") + many(2, "HTXSNV", "X"),
            stage=stage,
            kind="leadership_collective",
        )
    )
    quota = [f for f in result["findings"] if f["code"] == "QUOTA_HTXSNV"]
    assert [f["severity"] for f in quota] == [severity]
    assert "CB-01" not in result["ceilings"]


def test_quota_counts_only_classified_members():
    members = [
        *many(5, "HTTNV", "T"),
        member("X1", "HTXSNV"),
        member("X2", "HTXSNV", exempt=True),
        member("N1", "HTTNV", admitted_on="2020-10-01"),
    ]
    result = check(case(members, kind="leadership_collective"))
    assert "QUOTA_HTXSNV" not in codes(result)
    # The new member's HTTNV does not raise the allowance: 5 HTTNV allow one.
    result = check(
        case(
            [
                *many(4, "HTTNV", "T"),
                member("N1", "HTTNV", admitted_on="2020-10-01"),
                member("X1", "HTXSNV"),
            ],
            kind="leadership_collective",
        )
    )
    assert "QUOTA_HTXSNV" in codes(result)


def test_probationary_members_count_like_official_ones():
    members = [member(f"T{i}", "HTTNV", official=False) for i in range(5)] + [
        member("X1", "HTXSNV", official=False)
    ]
    assert "QUOTA_HTXSNV" not in codes(check(case(members, kind="leadership_collective")))


def test_cell_with_all_members_htnv_or_above_and_half_htttnv_may_be_httnv():
    result = check(case(many(3, "HTTNV", "T") + many(3, "HTNV", "N"), level="HTTNV"))
    assert "CB-01" not in result["ceilings"]


def test_cell_with_fewer_than_half_at_httnv_is_capped_at_htnv():
    result = check(case(many(2, "HTTNV", "T") + many(3, "HTNV", "N"), level="HTTNV"))
    assert result["ceilings"]["CB-01"] == "HTNV"
    assert codes(result, "CB-01") == ["CELL_MEMBERS_FOR_HTTNV"]


def test_one_khtnv_member_caps_the_cell_at_htnv():
    result = check(case(many(9, "HTTNV", "T") + many(1, "KHTNV", "K"), level="HTTNV"))
    assert result["ceilings"]["CB-01"] == "HTNV"


@pytest.mark.parametrize(
    ("failing", "ceiling", "code_fired"), [(2, "HTNV", False), (3, "KHTNV", True)]
)
def test_more_than_a_fifth_khtnv_caps_the_cell_at_khtnv(failing, ceiling, code_fired):
    result = check(
        case(many(10 - failing, "HTTNV", "T") + many(failing, "KHTNV", "K"), level="HTNV")
    )
    assert result["ceilings"]["CB-01"] == ceiling
    assert ("CELL_OVER_20PCT_KHTNV" in codes(result, "CB-01")) is code_fired


def test_a_cell_with_nobody_classified_has_no_cap():
    assert check(case([member("N", None)], level="HTXSNV"))["ceilings"] == {}


@pytest.mark.parametrize("pack", ["r124_hd25", "r366_hd43"])
def test_cell_share_rules_are_off_after_132(pack):
    score = {"score": 95} if pack == "r366_hd43" else {}
    members = [member(f"K{i}", "KHTNV", **score) for i in range(5)]
    result = check(case(members, pack=pack, level="HTTNV", score=95 if score else None))
    assert "CELL_MEMBERS_FOR_HTTNV" not in codes(result)
    assert "CELL_OVER_20PCT_KHTNV" not in codes(result)


def test_party_committee_needs_every_subunit_at_htnv_or_above():
    ok = check(
        case(
            kind="party_committee",
            level="HTTNV",
            subunits=[sub("A"), sub("B"), sub("C", "HTNV"), sub("D", "HTNV")],
        )
    )
    assert ok["ceilings"] == {}
    capped = check(
        case(
            kind="party_committee", level="HTTNV", subunits=[sub("A"), sub("B"), sub("C", "KHTNV")]
        )
    )
    assert capped["ceilings"] == {"CB-01": "HTNV"}
    assert codes(capped) == ["SUBUNITS_FOR_HTTNV"]


def test_a_subunit_without_a_level_counts_as_below_htnv():
    result = check(case(kind="party_committee", level="HTNV", subunits=[sub("A"), sub("B", None)]))
    assert result["ceilings"] == {"CB-01": "HTNV"}
    assert codes(result) == []


def test_subunits_are_never_in_the_output():
    result = check(case(kind="party_committee", subunits=[sub("A", "KHTNV", True)]))
    assert "A" not in result["ceilings"]
    assert "A" not in result["not_classified"]
    assert all(f["subject"] != "A" for f in result["findings"])


@pytest.mark.parametrize("pack", ["r132_hd21", "r124_hd25", "r366_hd43"])
@pytest.mark.parametrize(
    ("disciplined", "total", "capped"), [(2, 10, False), (2, 9, True), (3, 10, True)]
)
def test_more_than_a_fifth_of_subunits_disciplined_caps_at_khtnv(pack, disciplined, total, capped):
    subunits = [sub(f"S{i}", "HTTNV", i < disciplined) for i in range(total)]
    result = check(
        case(
            kind="party_committee",
            pack=pack,
            level="HTNV",
            score=60 if pack == "r366_hd43" else None,
            subunits=subunits,
        )
    )
    assert ("COLLECTIVE_DISCIPLINE" in codes(result, "CB-01")) is capped


def test_a_disciplined_collective_is_capped_at_khtnv():
    result = check(case(many(5, "HTTNV", "T"), level="HTNV", disciplined=True))
    assert result["ceilings"]["CB-01"] == "KHTNV"
    assert "COLLECTIVE_DISCIPLINE" in codes(result)


@pytest.mark.parametrize(
    ("pack", "barred"), [("r132_hd21", False), ("r124_hd25", True), ("r366_hd43", True)]
)
def test_a_self_detected_member_discipline_bars_htxsnv_from_124(pack, barred):
    score = {"score": 95} if pack == "r366_hd43" else {}
    members = [member(f"T{i}", "HTTNV", **score) for i in range(5)] + [
        member("D1", "HTTNV", discipline=discipline("khien_trach", True), **score)
    ]
    result = check(
        case(
            members,
            pack=pack,
            level="HTXSNV",
            kind="leadership_collective",
            score=95 if score else None,
        )
    )
    assert ("DISCIPLINE_BARS_HTXSNV" in codes(result, "CB-01")) is barred
    assert (result["ceilings"].get("CB-01") == "HTTNV") is barred


def test_discipline_bars_count_excluded_members_and_disciplined_subunits():
    excluded = check(
        case(
            [member("E", None, exempt=True, discipline=discipline())],
            pack="r124_hd25",
            level="HTXSNV",
        )
    )
    assert "DISCIPLINE_BARS_HTXSNV" in codes(excluded)
    subunit = check(
        case(
            kind="party_committee",
            pack="r124_hd25",
            level="HTXSNV",
            subunits=[sub("A", "HTXSNV", True)] + [sub(f"S{i}") for i in range(9)],
        )
    )
    assert "DISCIPLINE_BARS_HTXSNV" in codes(subunit)


@pytest.mark.parametrize(
    ("score", "level", "ceiling", "finding"),
    [
        (90, "HTXSNV", None, False),
        (89.99, "HTXSNV", "HTTNV", True),
        (89.99, "HTTNV", "HTTNV", False),
        (70, "HTTNV", "HTTNV", False),
        (70, "HTXSNV", "HTTNV", True),
        (69.9, "HTTNV", "HTNV", True),
        (50, "HTNV", "HTNV", False),
        (49.9, "HTNV", "KHTNV", True),
        (95, "HTNV", None, False),
        (0, "KHTNV", "KHTNV", False),
        (100, "HTXSNV", None, False),
    ],
)
def test_score_band_is_a_ceiling_compared_exactly(score, level, ceiling, finding):
    result = check(
        case([member("DV-1", level, score=score)], pack="r366_hd43", kind="leadership_collective")
    )
    assert result["ceilings"].get("DV-1") == ceiling
    assert ("SCORE_BAND" in codes(result, "DV-1")) is finding


def test_a_level_without_a_score_is_a_finding_with_no_band_ceiling_under_366():
    result = check(
        case([member("DV-1", "HTNV", score=None)], pack="r366_hd43", kind="leadership_collective")
    )
    assert codes(result, "DV-1") == ["SCORE_BAND"]
    assert "DV-1" not in result["ceilings"]


def test_no_level_and_no_score_raises_nothing():
    assert (
        check(case([member("DV-1", None)], pack="r366_hd43", kind="leadership_collective"))[
            "findings"
        ]
        == []
    )


def test_the_collective_score_band_applies_too():
    result = check(case(pack="r366_hd43", kind="leadership_collective", level="HTXSNV", score=85))
    assert result["ceilings"] == {"CB-01": "HTTNV"}
    assert codes(result, "CB-01") == ["SCORE_BAND"]


def test_scores_are_ignored_by_the_older_packs():
    result = check(case([member("DV-1", "HTTNV", score=10)], kind="leadership_collective"))
    assert result == {"not_classified": [], "ceilings": {}, "findings": []}
