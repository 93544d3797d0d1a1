"""The rules check page: paste or upload a case, or build one from a unit's roster for a year,
and see who is not classified, each subject's ceiling and the findings, in Vietnamese."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from kiemdiem.classification import selectors
from kiemdiem.classification.forms import CaseFromUnitForm, CaseJsonForm
from kiemdiem.classification.rules import LEVEL_NAMES, CaseError, evaluate, parse_case
from kiemdiem.classification.rules.base import RANK, Case, Result
from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.orgs import selectors as org_selectors


@login_required
@require_http_methods(["GET", "POST"])
def rules_check(request: AuthedHttpRequest) -> HttpResponse:
    units = [
        (pk, f"{name} ({code})")
        for pk, name, code in org_selectors.units_in_scope(request.user)
        .order_by("path")
        .values_list("pk", "name", "code")
    ]
    source = request.POST.get("source") if request.method == "POST" else None
    unit_form = CaseFromUnitForm(
        request.POST if source == "unit" else None,
        units=units,
        initial={"year": timezone.localdate().year},
    )
    json_form = CaseJsonForm(
        request.POST if source == "json" else None, request.FILES if source == "json" else None
    )
    context: dict[str, Any] = {"unit_form": unit_form, "json_form": json_form}
    data: Any = None
    if source == "unit" and unit_form.is_valid():
        data = _case_from_unit(request, unit_form.cleaned_data)
        text = json.dumps(data, ensure_ascii=False, indent=2)
        context["json_form"] = CaseJsonForm(initial={"case_json": text})
    elif source == "json" and json_form.is_valid():
        data = json_form.cleaned_data["case"]
    if data is not None:
        try:
            case = parse_case(data)
        except CaseError as exc:
            context["case_errors"] = exc.lines()
        else:
            context.update(_report(case, evaluate(case)))
    return render(request, "classification/rules_check.html", context)


def _case_from_unit(request: AuthedHttpRequest, cleaned: dict[str, Any]) -> dict[str, Any]:
    """The roster case of the chosen unit (404 when out of the user's scope)."""
    unit = org_selectors.unit_get_for_user(user=request.user, pk=cleaned["unit"])
    return selectors.case_from_unit(
        user=request.user,
        unit=unit,
        year=cleaned["year"],
        rule_pack=cleaned["rule_pack"] or None,
        stage=cleaned["stage"],
    )


def _report(case: Case, result: Result) -> dict[str, Any]:
    """The result laid out for the page: one row per subject, findings with display names."""
    names = {m.id: m.name or m.id for m in case.members}
    names[case.collective.id] = case.collective.name or case.collective.id
    excluded = set(result.not_classified)
    subjects = [(case.collective.id, case.collective.level, True)] + [
        (m.id, m.level, False) for m in case.members
    ]
    rows = []
    for subject, level, is_collective in subjects:
        ceiling = result.ceilings.get(subject)
        rows.append(
            {
                "id": subject,
                "name": names[subject],
                "is_collective": is_collective,
                "level": LEVEL_NAMES.get(level or ""),
                "excluded": subject in excluded,
                "ceiling": LEVEL_NAMES.get(ceiling or ""),
                "over": bool(level and ceiling and RANK[level] > RANK[ceiling]),
                "findings": sum(1 for f in result.findings if f.subject == subject),
            }
        )
    findings = [
        {**finding.as_dict(), "name": names.get(finding.subject, finding.subject)}
        for finding in result.findings
    ]
    return {
        "case": case,
        "result": result,
        "rows": rows,
        "findings": findings,
        "not_classified": [{"id": s, "name": names[s]} for s in result.not_classified],
    }
