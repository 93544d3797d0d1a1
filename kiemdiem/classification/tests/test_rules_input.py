"""Invalid input is refused with the field at fault named."""

from __future__ import annotations

import pytest

from kiemdiem.classification.rules import CaseError, check, pack_id_for_year
from kiemdiem.classification.rules.base import format_error
from kiemdiem.classification.tests.cases import case, member


def error_lines(data) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(CaseError) as raised:
        check(data)
    return [format_error(path, message) for path, message in raised.value.errors]


def test_a_bad_date_names_the_member_index_and_field():
    data = case([member(f"DV-{i}") for i in range(3)] + [member("DV-3", admitted_on="2020-02-30")])
    assert error_lines(data) == ["members[3].admitted_on: not a date"]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(rule_pack="r999"), "rule_pack: unknown rule pack"),
        (lambda d: d.update(rule_pack=None), "rule_pack: required"),
        (lambda d: d.update(review_date="20201215"), "review_date: not a date"),
        (lambda d: d.update(review_date="2020-W50-2"), "review_date: not a date"),
        (lambda d: d.update(review_date=20201215), "review_date: not a date"),
        (lambda d: d["members"][0].pop("admitted_on"), "members[0].admitted_on: required"),
        (lambda d: d["members"][0].pop("id"), "members[0].id: required"),
        (lambda d: d["collective"].pop("kind"), "collective.kind: required"),
        (lambda d: d.pop("stage"), "stage: required"),
        (lambda d: d.pop("review_date"), "review_date: required"),
        (lambda d: d.pop("collective"), "collective: required"),
        (lambda d: d.update(members={}), "members: not a list"),
        (lambda d: d["members"].append(member("DV-1")), "members[1].id: duplicate id"),
        (
            lambda d: d["collective"].update(subunits=[{"id": "S"}, {"id": "S"}]),
            "collective.subunits[1].id: duplicate id",
        ),
        (
            lambda d: d["members"][0].update(civil_servant_level="TOT"),
            "members[0].civil_servant_level: not a level (one of HTXSNV, HTTNV, HTNV, KHTNV or null)",
        ),
        (lambda d: d["members"][0].update(score="95"), "members[0].score: not a number"),
        (lambda d: d["members"][0].update(official=1), "members[0].official: not a boolean"),
        (lambda d: d["members"][0].update(discipline=True), "members[0].discipline: not an object"),
        (lambda d: d.pop("rule_pack"), "rule_pack: required"),
        (lambda d: d.update(stage="final"), "stage: must be one of proposal, decision"),
        (lambda d: d.update(review_date="15/12/2020"), "review_date: not a date"),
        (
            lambda d: d["collective"].update(kind="chi_bo"),
            "collective.kind: must be one of cell, party_committee, leadership_collective",
        ),
        (lambda d: d["collective"].pop("id"), "collective.id: required"),
        (
            lambda d: d["members"][0].update(level="XUAT_SAC"),
            "members[0].level: not a level (one of HTXSNV, HTTNV, HTNV, KHTNV or null)",
        ),
        (lambda d: d["members"][0].update(exempt="yes"), "members[0].exempt: not a boolean"),
        (
            lambda d: d["members"][0].update(sick_leave_days="90"),
            "members[0].sick_leave_days: not an integer",
        ),
        (
            lambda d: d["members"][0].update(score=101),
            "members[0].score: must be between 0 and 100",
        ),
        (
            lambda d: d["members"][0].update(discipline={"form": "phe_binh"}),
            "members[0].discipline.form: must be one of khien_trach, canh_cao, cach_chuc, khai_tru",
        ),
        (lambda d: d["members"][0].update(id="CB-01"), "members[0].id: duplicate id"),
        (
            lambda d: d["collective"]["subunits"].append({"level": "HTNV"}),
            "collective.subunits[0].id: required",
        ),
    ],
)
def test_each_invalid_field_is_named(mutate, expected):
    data = case([member("DV-1")])
    mutate(data)
    assert expected in error_lines(data)


def test_every_problem_is_listed_at_once():
    data = case([member("DV-1", admitted_on="x"), member("DV-2", level="bad")])
    assert len(error_lines(data)) == 2


def test_optional_fields_may_be_left_out():
    result = check(
        {
            "rule_pack": "r124_hd25",
            "stage": "proposal",
            "review_date": "2023-12-15",
            "collective": {"id": "C", "kind": "cell"},
            "members": [{"id": "A", "admitted_on": "2000-01-01", "level": "HTTNV"}],
        }
    )
    assert result == {"not_classified": [], "ceilings": {}, "findings": []}


@pytest.mark.parametrize(
    ("year", "pack"),
    [
        (2019, "r132_hd21"),
        (2022, "r132_hd21"),
        (2023, "r124_hd25"),
        (2024, "r124_hd25"),
        (2025, "r366_hd43"),
        (2031, "r366_hd43"),
    ],
)
def test_the_pack_follows_the_review_year(year, pack):
    assert pack_id_for_year(year) == pack


def test_years_before_2019_have_no_pack():
    with pytest.raises(ValueError, match="2018"):
        pack_id_for_year(2018)
