"""Properties of the engine that hold for every case (hypothesis)."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from kiemdiem.classification.rules import check
from kiemdiem.classification.rules.base import LEVELS, RANK
from kiemdiem.classification.tests.cases import case, member

level_or_none = st.sampled_from([*LEVELS, None])
packs = st.sampled_from(["r132_hd21", "r124_hd25", "r366_hd43"])


@st.composite
def members(draw):  # type: ignore[no-untyped-def]
    count = draw(st.integers(min_value=0, max_value=12))
    result = []
    for index in range(count):
        result.append(
            member(
                f"DV-{index:02d}",
                draw(level_or_none),
                score=draw(
                    st.one_of(
                        st.none(), st.sampled_from([45, 49.99, 50, 69.99, 70, 89.99, 90, 100])
                    )
                ),
                admitted_on=draw(
                    st.sampled_from(["2000-01-01", "2025-06-15", "2025-06-16", "2025-11-01"])
                ),
                exempt=draw(st.booleans()) and draw(st.booleans()),
                sick_leave_days=draw(st.sampled_from([0, 89, 90])),
                discipline=draw(
                    st.sampled_from(
                        [
                            None,
                            {"form": "khien_trach", "self_detected_and_remedied": True},
                            {"form": "canh_cao", "self_detected_and_remedied": False},
                        ]
                    )
                ),
                civil_servant_level=draw(level_or_none),
                official=draw(st.booleans()),
            )
        )
    return result


def build(pack: str, people: list[dict], kind: str = "cell", level: str | None = "HTTNV") -> dict:
    return case(people, pack=pack, kind=kind, level=level, score=80, review_date="2025-12-15")


@settings(max_examples=150, deadline=None)
@given(packs, members(), st.sampled_from(["cell", "party_committee", "leadership_collective"]))
def test_adding_an_httnv_member_never_creates_a_quota_finding(pack, people, kind):
    before = "QUOTA_HTXSNV" in [f["code"] for f in check(build(pack, people, kind))["findings"]]
    extra = member("DV-99", "HTTNV", score=80)
    after = "QUOTA_HTXSNV" in [
        f["code"] for f in check(build(pack, [*people, extra], kind))["findings"]
    ]
    assert after <= before


@settings(max_examples=150, deadline=None)
@given(packs, members(), st.data())
def test_lowering_a_proposed_level_never_adds_a_cap_finding(pack, people, data):
    if not people:
        return
    index = data.draw(st.integers(min_value=0, max_value=len(people) - 1))
    current = people[index]["level"]
    if current is None:
        return
    lower = data.draw(st.sampled_from([lv for lv in LEVELS if RANK[lv] <= RANK[current]]))
    lowered = [dict(p) for p in people]
    lowered[index]["level"] = lower

    def caps(result: dict) -> set[tuple[str, str]]:
        return {
            (f["subject"], f["code"]) for f in result["findings"] if f["code"].startswith("CAP_")
        }

    assert caps(check(build(pack, lowered))) <= caps(check(build(pack, people)))


@settings(max_examples=150, deadline=None)
@given(packs, members(), st.randoms())
def test_output_does_not_depend_on_member_order(pack, people, rnd: random.Random):
    shuffled = list(people)
    rnd.shuffle(shuffled)
    assert check(build(pack, shuffled)) == check(build(pack, people))


@settings(max_examples=100, deadline=None)
@given(packs, members())
def test_excluded_members_have_no_ceiling(pack, people):
    result = check(build(pack, people))
    assert not set(result["not_classified"]) & set(result["ceilings"])


@settings(max_examples=100, deadline=None)
@given(packs, members())
def test_every_reported_ceiling_is_below_htxsnv(pack, people):
    result = check(build(pack, people))
    assert all(level != "HTXSNV" for level in result["ceilings"].values())


CAPPING = {
    "CAP_SICK_LEAVE",
    "CAP_DISCIPLINE",
    "CAP_STATE_TRACK",
    "CELL_MEMBERS_FOR_HTTNV",
    "CELL_OVER_20PCT_KHTNV",
    "SUBUNITS_FOR_HTTNV",
    "COLLECTIVE_DISCIPLINE",
    "DISCIPLINE_BARS_HTXSNV",
}

subunits = st.lists(
    st.fixed_dictionaries(
        {"level": level_or_none, "disciplined": st.booleans()},
    ),
    max_size=8,
).map(lambda items: [{"id": f"S{i}", **item} for i, item in enumerate(items)])


def build_committee(pack: str, people: list[dict], subs: list[dict], level: str | None) -> dict:
    return case(
        people,
        pack=pack,
        kind="party_committee",
        level=level,
        score=80,
        review_date="2025-12-15",
        subunits=subs,
    )


@settings(max_examples=100, deadline=None)
@given(packs, members())
def test_members_without_a_level_are_never_the_subject_of_a_finding(pack, people):
    result = check(build(pack, people))
    unrated = {p["id"] for p in people if p["level"] is None}
    assert not unrated & {f["subject"] for f in result["findings"]}


@settings(max_examples=100, deadline=None)
@given(packs, members(), subunits, level_or_none)
def test_a_capping_finding_means_the_level_is_above_the_reported_ceiling(pack, people, subs, level):
    data = build_committee(pack, people, subs, level)
    result = check(data)
    levels = {p["id"]: p["level"] for p in people} | {"CB-01": level}
    for finding in result["findings"]:
        if finding["code"] in CAPPING:
            ceiling = result["ceilings"][finding["subject"]]
            assert RANK[levels[finding["subject"]]] > RANK[ceiling]


@settings(max_examples=100, deadline=None)
@given(packs, members(), subunits, st.data())
def test_lowering_the_collective_level_never_adds_a_finding_about_it(pack, people, subs, data):
    level = data.draw(st.sampled_from(LEVELS))
    lower = data.draw(st.sampled_from([lv for lv in LEVELS if RANK[lv] <= RANK[level]]))

    def about_collective(result: dict) -> set[str]:
        return {f["code"] for f in result["findings"] if f["subject"] == "CB-01"}

    before = about_collective(check(build_committee(pack, people, subs, level)))
    after = about_collective(check(build_committee(pack, people, subs, lower)))
    assert after <= before


@settings(max_examples=100, deadline=None)
@given(packs, members(), subunits, st.randoms())
def test_output_does_not_depend_on_subunit_order(pack, people, subs, rnd: random.Random):
    shuffled = list(subs)
    rnd.shuffle(shuffled)
    assert check(build_committee(pack, people, shuffled, "HTTNV")) == check(
        build_committee(pack, people, subs, "HTTNV")
    )
