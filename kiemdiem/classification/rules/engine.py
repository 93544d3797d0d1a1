"""Combining a pack's rules into the contract's result (rules-contract.md, "How the rules
combine").

- Excluded members (exempt, suspended, too new) are listed in `not_classified`, get no ceiling
  and count nowhere; the rules skip them.
- A subject's reported ceiling is the lowest any rule sets; only ceilings below HTXSNV are
  reported, whether or not a level was proposed.
- A capping rule's finding fires when the proposed level is above the ceiling *that rule* sets;
  a `null` level fires nothing. Non-capping findings (`always`) fire as they are.
- QUOTA_HTXSNV is a warning at proposal and an error at decision; everything else is an error.
- Findings are sorted by subject, then code; the result does not depend on member order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from kiemdiem.classification.rules import common
from kiemdiem.classification.rules.base import (
    RANK,
    TOP_LEVEL,
    Case,
    Context,
    Finding,
    PackSettings,
    Result,
    Severity,
    rank,
)
from kiemdiem.classification.rules.parse import parse_case
from kiemdiem.classification.rules.registry import get_pack

WARNING_AT_PROPOSAL = frozenset({common.QUOTA_HTXSNV})


def evaluate(
    case: Case,
    *,
    names: Mapping[str, str] | None = None,
    settings: PackSettings | None = None,
    label_ids: bool = True,
) -> Result:
    """Judge a case under its rule pack. `settings` replaces the pack's (a campaign or an Army
    overlay); `names` maps subject ids to display names for the messages; `label_ids=False`
    names a subject that has a display name without its id (the application's own pages)."""
    pack = get_pack(case.rule_pack)
    settings = settings or pack.settings
    excluded = frozenset(
        m.id for m in case.members if common.exclusion_codes(m, case.review_date, settings)
    )
    ctx = Context(
        case=case,
        settings=settings,
        excluded=excluded,
        names=dict(names or {}),
        label_ids=label_ids,
    )
    levels = {m.id: m.level for m in case.members}
    levels[case.collective.id] = case.collective.level

    ceilings: dict[str, str] = {}
    findings: list[Finding] = []
    for rule in pack.rules:
        for verdict in rule(ctx):
            if verdict.ceiling is not None:
                current = ceilings.get(verdict.subject)
                if current is None or RANK[verdict.ceiling] < RANK[current]:
                    ceilings[verdict.subject] = verdict.ceiling
            level = levels.get(verdict.subject)
            above_ceiling = (
                verdict.ceiling is not None
                and level is not None
                and rank(level) > RANK[verdict.ceiling]
            )
            if verdict.always or above_ceiling:
                severity: Severity = (
                    "warning"
                    if verdict.code in WARNING_AT_PROPOSAL and case.stage == "proposal"
                    else "error"
                )
                findings.append(Finding(verdict.code, verdict.subject, severity, verdict.message))

    findings.sort(key=lambda f: (f.subject, f.code))
    return Result(
        not_classified=sorted(excluded),
        ceilings={s: ceilings[s] for s in sorted(ceilings) if ceilings[s] != TOP_LEVEL},
        findings=findings,
    )


def check(
    data: Any,
    *,
    names: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    label_ids: bool = True,
) -> dict[str, object]:
    """The contract's entry point: decoded JSON in, JSON-ready dict out. Raises CaseError when the
    input is invalid. `overrides` replaces some of the pack's settings by name; `label_ids` as in
    `evaluate` (the contract keeps the default)."""
    case = parse_case(data)
    settings = None
    if overrides:
        settings = dataclasses.replace(get_pack(case.rule_pack).settings, **overrides)
    return evaluate(case, names=names, settings=settings, label_ids=label_ids).as_dict()
