"""The engine against a second, deliberately plain reading of rules-contract.md.

The oracle below is written straight from the contract's tables, with integer arithmetic and no
shared code with the engine; hypothesis feeds both the same random cases (every pack, stage and
collective kind, month-end review dates, excluded members with and without levels, subunits,
scores on the band edges) and the ceilings and findings must agree.
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kiemdiem.classification.rules import check

RANK = {"HTXSNV": 4, "HTTNV": 3, "HTNV": 2, "KHTNV": 1}
LEVELS = [*RANK, None]


def _cutoff(review: datetime.date) -> datetime.date:
    month = review.month - 6
    year = review.year
    if month < 1:
        month += 12
        year -= 1
    return datetime.date(year, month, min(review.day, calendar.monthrange(year, month)[1]))


def _r(level: str | None) -> int:
    return RANK[level] if level else 0


def oracle(data: dict[str, Any]) -> tuple[list[str], dict[str, str], list[tuple[str, str, str]]]:
    pack, stage = data["rule_pack"], data["stage"]
    review = datetime.date.fromisoformat(data["review_date"])
    coll = data["collective"]
    members = data["members"]
    cut = _cutoff(review)
    excluded: dict[str, list[str]] = {}
    for m in members:
        why = []
        if m["exempt"]:
            why.append("EXCLUDED_EXEMPT")
        if m["suspended"]:
            why.append("EXCLUDED_SUSPENDED")
        if datetime.date.fromisoformat(m["admitted_on"]) > cut:
            why.append("EXCLUDED_NEW_MEMBER")
        if why:
            excluded[m["id"]] = why
    counted = [m for m in members if m["id"] not in excluded]
    classified = [m for m in counted if m["level"] is not None]
    caps: list[tuple[str, str, str]] = []  # (code, subject, ceiling)
    always: list[tuple[str, str]] = []
    for m in members:
        if m["level"] is not None:
            always += [(code, m["id"]) for code in excluded.get(m["id"], [])]
    for m in counted:
        if m["sick_leave_days"] >= 90:
            caps.append(("CAP_SICK_LEAVE", m["id"], "HTNV"))
        d = m["discipline"]
        if d is not None and not (pack != "r132_hd21" and d["self_detected_and_remedied"]):
            caps.append(("CAP_DISCIPLINE", m["id"], "KHTNV"))
        state = m["civil_servant_level"]
        if state == "KHTNV":
            caps.append(("CAP_STATE_TRACK", m["id"], "KHTNV"))
        elif state is not None and state != "HTXSNV" and pack == "r132_hd21":
            caps.append(("CAP_STATE_TRACK", m["id"], "HTTNV"))
    excellent = sum(m["level"] == "HTXSNV" for m in classified)
    good = sum(m["level"] == "HTTNV" for m in classified)
    if excellent > good // 5:
        always.append(("QUOTA_HTXSNV", coll["id"]))
    subs = coll["subunits"]
    if pack == "r132_hd21" and coll["kind"] == "cell" and classified:
        n = len(classified)
        if (
            any(m["level"] == "KHTNV" for m in classified)
            or 2 * sum(_r(m["level"]) >= 3 for m in classified) < n
        ):
            caps.append(("CELL_MEMBERS_FOR_HTTNV", coll["id"], "HTNV"))
        if 5 * sum(m["level"] == "KHTNV" for m in classified) > n:
            caps.append(("CELL_OVER_20PCT_KHTNV", coll["id"], "KHTNV"))
    below = any(_r(s["level"]) < 2 for s in subs)
    good_subs = sum(_r(s["level"]) >= 3 for s in subs)
    committee = pack == "r132_hd21" and coll["kind"] == "party_committee" and subs
    if committee and (below or 2 * good_subs < len(subs)):
        caps.append(("SUBUNITS_FOR_HTTNV", coll["id"], "HTNV"))
    if coll["disciplined"] or 5 * sum(s["disciplined"] for s in subs) > len(subs):
        caps.append(("COLLECTIVE_DISCIPLINE", coll["id"], "KHTNV"))
    if pack != "r132_hd21" and (
        any(m["discipline"] for m in members) or any(s["disciplined"] for s in subs)
    ):
        caps.append(("DISCIPLINE_BARS_HTXSNV", coll["id"], "HTTNV"))
    if pack == "r366_hd43":
        for subject in [*counted, coll]:
            score = subject["score"]
            if score is None:
                if subject["level"] is not None:
                    always.append(("SCORE_BAND", subject["id"]))
                continue
            score = Decimal(str(score))
            band = (
                "HTXSNV"
                if score >= 90
                else "HTTNV"
                if score >= 70
                else "HTNV"
                if score >= 50
                else "KHTNV"
            )
            if band != "HTXSNV":
                caps.append(("SCORE_BAND", subject["id"], band))
    levels = {m["id"]: m["level"] for m in members} | {coll["id"]: coll["level"]}
    ceilings: dict[str, str] = {}
    for _code, subject, ceiling in caps:
        if subject not in ceilings or RANK[ceiling] < RANK[ceilings[subject]]:
            ceilings[subject] = ceiling
    found = [(c, s) for c, s, ceil in caps if _r(levels[s]) > RANK[ceil]] + always
    findings = sorted(
        (
            s,
            c,
            "warning" if c == "QUOTA_HTXSNV" and stage == "proposal" else "error",
        )
        for c, s in found
    )
    return sorted(excluded), dict(sorted(ceilings.items())), findings


REVIEW_DATES = ["2020-12-15", "2021-08-31", "2024-03-31", "2025-12-31", "2022-02-28"]


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    pack = draw(st.sampled_from(["r132_hd21", "r124_hd25", "r366_hd43"]))
    review = datetime.date.fromisoformat(draw(st.sampled_from(REVIEW_DATES)))
    cut = _cutoff(review)
    scores = st.one_of(
        st.none(),
        st.sampled_from([100, 90, 89.99, 70, 69.99, 50, 49.99, 0, 75.5]),
    )
    discipline = st.one_of(
        st.none(),
        st.fixed_dictionaries(
            {
                "form": st.sampled_from(["khien_trach", "canh_cao", "cach_chuc", "khai_tru"]),
                "self_detected_and_remedied": st.booleans(),
            }
        ),
    )
    offsets = st.sampled_from([-4000, -1, 0, 1, 30])
    count = draw(st.integers(0, 14))
    members = []
    for index in range(count):
        admitted = cut + datetime.timedelta(days=draw(offsets))
        members.append(
            {
                "id": f"DV-{index:03d}",
                "official": draw(st.booleans()),
                "head": index == 0,
                "level": draw(st.sampled_from(LEVELS)),
                "score": draw(scores),
                "admitted_on": admitted.isoformat(),
                "exempt": draw(st.booleans()) and draw(st.booleans()),
                "suspended": draw(st.booleans()) and draw(st.booleans()),
                "sick_leave_days": draw(st.sampled_from([0, 89, 90, 200])),
                "discipline": draw(discipline),
                "civil_servant_level": draw(st.sampled_from(LEVELS)),
            }
        )
    kind = draw(st.sampled_from(["cell", "party_committee", "leadership_collective"]))
    subunits = [
        {
            "id": f"CS-{i:02d}",
            "level": draw(st.sampled_from(LEVELS)),
            "disciplined": draw(st.booleans()),
        }
        for i in range(draw(st.integers(0, 11)))
    ]
    return {
        "rule_pack": pack,
        "stage": draw(st.sampled_from(["proposal", "decision"])),
        "review_date": review.isoformat(),
        "collective": {
            "id": "TC-01",
            "kind": kind,
            "level": draw(st.sampled_from(LEVELS)),
            "score": draw(scores),
            "disciplined": draw(st.booleans()) and draw(st.booleans()),
            "subunits": subunits,
        },
        "members": members,
    }


@settings(max_examples=600)
@given(cases())
def test_the_engine_agrees_with_a_plain_reading_of_the_contract(data):
    result = check(data)
    not_classified, ceilings, findings = oracle(data)
    assert result["not_classified"] == not_classified
    assert result["ceilings"] == ceilings
    assert [(f["subject"], f["code"], f["severity"]) for f in result["findings"]] == findings
    assert list(result) == ["not_classified", "ceilings", "findings"]
