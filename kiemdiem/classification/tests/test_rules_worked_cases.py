"""Whole cases worked by hand, one per pack and kind: every field of the output is checked.

Each expected result was derived from rules-contract.md, not from running the engine; the
comments give the arithmetic.
"""

from __future__ import annotations

from typing import Any

import pytest

from kiemdiem.classification.rules import LEVEL_NAMES, check
from kiemdiem.classification.tests.cases import case, discipline, member


def sub(sub_id: str, level: str | None = "HTTNV", disciplined: bool = False) -> dict[str, Any]:
    return {"id": sub_id, "level": level, "disciplined": disciplined}


def cell_members(year: int) -> list[dict[str, Any]]:
    return [
        member("DV-1", "HTXSNV", civil_servant_level="HTTNV", score=90),
        member("DV-2", "HTTNV", sick_leave_days=90, score=89.99),
        member("DV-3", "HTNV", discipline=discipline("khien_trach", self_detected=True), score=75),
        member("DV-4", "HTTNV", exempt=True),
        member("DV-5", None, admitted_on=f"{year}-07-01"),
        member("DV-6", "HTTNV", official=False, score=80),
    ]


WORKED = [
    pytest.param(
        # Classified: DV-1 HTXSNV, DV-2 HTTNV, DV-3 HTNV, DV-6 HTTNV (probationary counts).
        # Quota: floor(2 / 5) = 0 < 1 HTXSNV → error at decision. Cell: no KHTNV, 3 of 4 at
        # HTTNV or above (3 × 2 ≥ 4) → no cap. 132: state HTTNV caps HTXSNV; no waiver.
        case(cell_members(2020), pack="r132_hd21", level="HTTNV"),
        {
            "not_classified": ["DV-4", "DV-5"],
            "ceilings": {"DV-1": "HTTNV", "DV-2": "HTNV", "DV-3": "KHTNV"},
            "findings": [
                ("CB-01", "QUOTA_HTXSNV", "error"),
                ("DV-1", "CAP_STATE_TRACK", "error"),
                ("DV-2", "CAP_SICK_LEAVE", "error"),
                ("DV-3", "CAP_DISCIPLINE", "error"),
                ("DV-4", "EXCLUDED_EXEMPT", "error"),
            ],
        },
        id="r132-cell",
    ),
    pytest.param(
        # 124: state HTTNV no longer caps; DV-3's self-detected discipline is waived for DV-3
        # but still bars the cell from HTXSNV (ceiling HTTNV, level HTTNV → no finding).
        case(cell_members(2023), pack="r124_hd25", review_date="2023-12-15", level="HTTNV"),
        {
            "not_classified": ["DV-4", "DV-5"],
            "ceilings": {"CB-01": "HTTNV", "DV-2": "HTNV"},
            "findings": [
                ("CB-01", "QUOTA_HTXSNV", "error"),
                ("DV-2", "CAP_SICK_LEAVE", "error"),
                ("DV-4", "EXCLUDED_EXEMPT", "error"),
            ],
        },
        id="r124-cell",
    ),
    pytest.param(
        # 366 at proposal: the quota is a warning. DV-2's band (89.99 → HTTNV) is above its sick
        # leave cap; DV-3 (75 → HTTNV band) is waived for discipline; DV-6 80 → HTTNV band, level
        # HTTNV → ceiling HTTNV, no finding. The cell scores 85 → HTTNV band and is barred.
        case(
            cell_members(2025),
            pack="r366_hd43",
            stage="proposal",
            review_date="2025-12-15",
            level="HTXSNV",
            score=85,
        ),
        {
            "not_classified": ["DV-4", "DV-5"],
            "ceilings": {"CB-01": "HTTNV", "DV-2": "HTNV", "DV-3": "HTTNV", "DV-6": "HTTNV"},
            "findings": [
                ("CB-01", "DISCIPLINE_BARS_HTXSNV", "error"),
                ("CB-01", "QUOTA_HTXSNV", "warning"),
                ("CB-01", "SCORE_BAND", "error"),
                ("DV-2", "CAP_SICK_LEAVE", "error"),
                ("DV-4", "EXCLUDED_EXEMPT", "error"),
            ],
        },
        id="r366-cell",
    ),
    pytest.param(
        # 366 leadership collective: a level without a score is a finding with no band ceiling;
        # DV-3's canh_cao (not self-detected) caps at KHTNV; DV-6 has a score but no level.
        case(
            [
                member("DV-1", "HTXSNV", score=95),
                member("DV-2", "HTTNV", score=None),
                member("DV-3", "HTNV", score=60, discipline=discipline("canh_cao")),
                member("DV-6", None, score=60),
                member("DV-7", "HTTNV", score=70),
            ],
            pack="r366_hd43",
            review_date="2025-12-15",
            kind="leadership_collective",
            level="HTTNV",
            score=None,
        ),
        {
            "not_classified": [],
            "ceilings": {"CB-01": "HTTNV", "DV-3": "KHTNV", "DV-6": "HTNV", "DV-7": "HTTNV"},
            "findings": [
                # 2 HTTNV allow floor(2/5) = 0 HTXSNV.
                ("CB-01", "QUOTA_HTXSNV", "error"),
                ("CB-01", "SCORE_BAND", "error"),
                ("DV-2", "SCORE_BAND", "error"),
                ("DV-3", "CAP_DISCIPLINE", "error"),
            ],
        },
        id="r366-leadership",
    ),
    pytest.param(
        # 2 of 5 subunits at HTTNV: 2 × 2 < 5 → HTNV. 1 of 5 disciplined: 1 × 5 = 5, not > 5.
        case(
            pack="r132_hd21",
            kind="party_committee",
            level="HTTNV",
            subunits=[
                sub("S1"),
                sub("S2"),
                sub("S3", "HTNV", True),
                sub("S4", "HTNV"),
                sub("S5", "HTNV"),
            ],
        ),
        {
            "not_classified": [],
            "ceilings": {"CB-01": "HTNV"},
            "findings": [("CB-01", "SUBUNITS_FOR_HTTNV", "error")],
        },
        id="r132-committee-half",
    ),
    pytest.param(
        # 2 of 5 disciplined: 10 > 5 → KHTNV, besides the subunit cap at HTNV.
        case(
            pack="r132_hd21",
            kind="party_committee",
            level="HTTNV",
            subunits=[
                sub("S1"),
                sub("S2"),
                sub("S3", "HTNV", True),
                sub("S4", "HTNV", True),
                sub("S5", "HTNV"),
            ],
        ),
        {
            "not_classified": [],
            "ceilings": {"CB-01": "KHTNV"},
            "findings": [
                ("CB-01", "COLLECTIVE_DISCIPLINE", "error"),
                ("CB-01", "SUBUNITS_FOR_HTTNV", "error"),
            ],
        },
        id="r132-committee-disciplined",
    ),
    pytest.param(
        # 124 has no subunit share rule; one disciplined subunit bars HTXSNV only.
        case(
            pack="r124_hd25",
            review_date="2024-12-15",
            kind="party_committee",
            level="HTTNV",
            subunits=[
                sub("S1"),
                sub("S2"),
                sub("S3", "HTNV", True),
                sub("S4", "HTNV"),
                sub("S5", "HTNV"),
            ],
        ),
        {"not_classified": [], "ceilings": {"CB-01": "HTTNV"}, "findings": []},
        id="r124-committee",
    ),
    pytest.param(
        # The exempt KHTNV member counts nowhere: 1 KHTNV of 5 classified is not more than 20%
        # (5 > 5 is false), but one KHTNV caps the cell at HTNV.
        case(
            [
                *(member(f"T{i}", "HTTNV") for i in range(4)),
                member("K1", "KHTNV"),
                member("K2", "KHTNV", exempt=True),
            ],
            pack="r132_hd21",
            level="HTNV",
        ),
        {
            "not_classified": ["K2"],
            "ceilings": {"CB-01": "HTNV"},
            "findings": [("K2", "EXCLUDED_EXEMPT", "error")],
        },
        id="r132-cell-exempt-not-counted",
    ),
    pytest.param(
        # 2 KHTNV of 9: 10 > 9 → KHTNV; the cell proposed HTNV is above it.
        case(
            [
                *(member(f"T{i}", "HTTNV") for i in range(7)),
                member("K1", "KHTNV"),
                member("K2", "KHTNV"),
            ],
            pack="r132_hd21",
            level="HTNV",
        ),
        {
            "not_classified": [],
            "ceilings": {"CB-01": "KHTNV"},
            "findings": [("CB-01", "CELL_OVER_20PCT_KHTNV", "error")],
        },
        id="r132-cell-over-a-fifth",
    ),
    pytest.param(
        # Exempt and suspended and too new at once: one finding per code.
        case(
            [member("DV-1", "HTNV", exempt=True, suspended=True, admitted_on="2020-12-01")],
            pack="r132_hd21",
        ),
        {
            "not_classified": ["DV-1"],
            "ceilings": {},
            "findings": [
                ("DV-1", "EXCLUDED_EXEMPT", "error"),
                ("DV-1", "EXCLUDED_NEW_MEMBER", "error"),
                ("DV-1", "EXCLUDED_SUSPENDED", "error"),
            ],
        },
        id="all-exclusions",
    ),
]


@pytest.mark.parametrize(("data", "expected"), WORKED)
def test_worked_case(data, expected):
    result = check(data)
    assert result["not_classified"] == expected["not_classified"]
    assert result["ceilings"] == expected["ceilings"]
    assert [(f["subject"], f["code"], f["severity"]) for f in result["findings"]] == expected[
        "findings"
    ]


@pytest.mark.parametrize(("data", "expected"), WORKED)
def test_every_capping_message_names_the_subject_and_the_allowed_level(data, expected):
    result = check(data)
    for finding in result["findings"]:
        assert finding["subject"] in finding["message"]
        ceiling = result["ceilings"].get(finding["subject"])
        if finding["code"].startswith("CAP_") and ceiling:
            assert any(name in finding["message"] for name in LEVEL_NAMES.values())


@pytest.mark.parametrize(
    ("good", "neutral", "capped"),
    [(3, 3, False), (2, 3, True), (1, 1, False), (1, 2, True), (4, 4, False)],
)
def test_at_least_half_means_twice_the_count_reaches_the_total(good, neutral, capped):
    members = [member(f"T{i}", "HTTNV") for i in range(good)] + [
        member(f"N{i}", "HTNV") for i in range(neutral)
    ]
    result = check(case(members, level="HTTNV"))
    assert ("CB-01" in result["ceilings"]) is capped


@pytest.mark.parametrize(
    ("failing", "total", "over"),
    [(1, 5, False), (2, 5, True), (2, 10, False), (3, 10, True), (1, 4, True)],
)
def test_more_than_a_fifth_means_five_times_the_count_exceeds_the_total(failing, total, over):
    members = [member(f"K{i}", "KHTNV") for i in range(failing)] + [
        member(f"T{i}", "HTTNV") for i in range(total - failing)
    ]
    result = check(case(members, level="KHTNV"))
    assert (result["ceilings"]["CB-01"] == "KHTNV") is over


def test_names_are_used_in_messages_when_given():
    data = case([member("DV-1", "HTTNV", discipline=discipline())])
    result = check(data, names={"DV-1": "Nguyễn Văn An"})
    assert result["findings"][0]["message"].startswith("Đồng chí Nguyễn Văn An (DV-1) bị kỷ luật")
    data["members"][0]["name"] = "Trần Thị Bình"
    assert "Trần Thị Bình" in check(data)["findings"][0]["message"]


def test_without_label_ids_a_named_member_is_called_by_name_only():
    data = case([member("DV-1", "HTTNV", discipline=discipline(), name="Nguyễn Văn An")])
    finding = check(data, label_ids=False)["findings"][0]
    assert finding["message"].startswith("Đồng chí Nguyễn Văn An bị kỷ luật")
    assert "DV-1" not in finding["message"]
    assert finding["subject"] == "DV-1"


def test_without_label_ids_a_member_without_a_name_is_still_called_by_id():
    data = case([member("DV-1", "HTTNV", discipline=discipline())])
    message = check(data, label_ids=False)["findings"][0]["message"]
    assert message.startswith("Đồng chí DV-1 bị kỷ luật")


def test_without_label_ids_a_named_collective_is_called_by_name_only():
    data = case([member(f"T{i}", "HTTNV") for i in range(4)] + [member("X", "HTXSNV")])
    data["collective"]["name"] = "Chi bộ Văn phòng"
    with_ids = check(data)["findings"]
    without = check(data, label_ids=False)["findings"]
    quota = next(f for f in with_ids if f["code"] == "QUOTA_HTXSNV")
    assert quota["message"].startswith("Chi bộ Văn phòng (CB-01):")
    quota = next(f for f in without if f["code"] == "QUOTA_HTXSNV")
    assert quota["message"].startswith("Chi bộ Văn phòng:")
    assert [(f["code"], f["subject"]) for f in with_ids] == [
        (f["code"], f["subject"]) for f in without
    ]


def test_a_name_field_does_not_change_the_verdict():
    plain = case([member("DV-1", "HTTNV", sick_leave_days=100)])
    named = case([member("DV-1", "HTTNV", sick_leave_days=100, name="An")])
    strip = [(f["code"], f["subject"]) for f in check(plain)["findings"]]
    assert strip == [(f["code"], f["subject"]) for f in check(named)["findings"]]
