"""Every campaign transition of domain §5.1 through its service: the issuer succeeds from the
right state; the same request by a cell secretary, or from another state, writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kiemdiem.core.models import AuditEvent
from kiemdiem.reviews import services
from kiemdiem.reviews.models import Campaign, CampaignState, SubjectReview
from kiemdiem.reviews.tests.factories import campaign_factory

pytestmark = pytest.mark.django_db
S = CampaignState


@dataclass(frozen=True)
class Step:
    verb: str
    start: str
    end: str
    wrong_start: str
    call: Callable[..., Campaign | int]
    kwargs: dict[str, Any]


STEPS = [
    Step("campaign_publish", S.DRAFT, S.PUBLISHED, S.PUBLISHED, services.campaign_publish, {}),
    Step(
        "campaign_issue_hints",
        S.PUBLISHED,
        S.HINTS_ISSUED,
        S.DRAFT,
        services.campaign_issue_hints,
        {"none_confirmed": True},
    ),
    Step(
        "campaign_open_reviews",
        S.HINTS_ISSUED,
        S.PREPARING,
        S.PUBLISHED,
        services.campaign_open_reviews,
        {},
    ),
    Step(
        "campaign_start_conferences",
        S.PREPARING,
        S.CONFERENCING,
        S.HINTS_ISSUED,
        services.campaign_start_conferences,
        {"state_track_done": True},
    ),
    Step(
        "campaign_start_classification",
        S.CONFERENCING,
        S.CLASSIFYING,
        S.PREPARING,
        services.campaign_start_classification,
        {},
    ),
    Step("campaign_decide", S.CLASSIFYING, S.DECIDED, S.CONFERENCING, services.campaign_decide, {}),
    Step(
        "campaign_start_commendation",
        S.DECIDED,
        S.COMMENDATION,
        S.CLASSIFYING,
        services.campaign_start_commendation,
        {"results_notified": True},
    ),
    Step(
        "campaign_report",
        S.COMMENDATION,
        S.REPORTED,
        S.DECIDED,
        services.campaign_report,
        {"report_number": "15-BC/ĐU", "awards_done": True},
    ),
    Step(
        "campaign_close",
        S.REPORTED,
        S.CLOSED,
        S.COMMENDATION,
        services.campaign_close,
        {"report_sent": True},
    ),
    Step(
        "campaign_reopen",
        S.CLOSED,
        S.CLASSIFYING,
        S.CLASSIFYING,
        services.campaign_reopen,
        {"reason": "Phát hiện kỷ luật chưa tính"},
    ),
]
IDS = [step.verb for step in STEPS]


def _at(cast, state: str, period: str) -> Campaign:  # type: ignore[no-untyped-def]
    """A campaign in `state` with no reviews (so the later steps' requirements hold). Up to
    hints_issued through the services; the states the other apps reach are set directly."""
    early = [S.DRAFT, S.PUBLISHED, S.HINTS_ISSUED]
    if state in early:
        campaign = campaign_factory(root_unit=cast.committee, period=period, state=state)
        if state == S.DRAFT:
            services.campaign_update_plan(actor=None, campaign=campaign, plan_number="09-KH/ĐU")
        return campaign
    campaign = campaign_factory(root_unit=cast.committee, period=period, state=S.PUBLISHED)
    Campaign.objects.filter(pk=campaign.pk).update(state=state)
    campaign.refresh_from_db()
    return campaign


def _audit_count(campaign: Campaign) -> int:
    return AuditEvent.objects.filter(
        object_id=str(campaign.pk), verb__startswith="campaign"
    ).count()


def _unchanged(campaign: Campaign, state: str, audits: int) -> None:
    campaign.refresh_from_db()
    assert campaign.state == state
    assert _audit_count(campaign) == audits
    assert not SubjectReview.objects.filter(campaign=campaign).exists()


@pytest.mark.parametrize("step", STEPS, ids=IDS)
def test_the_issuer_moves_the_campaign_and_an_audit_row_is_written(cast, step):
    campaign = _at(cast, step.start, "year")
    step.call(actor=cast.officer, campaign=campaign, **step.kwargs)
    campaign.refresh_from_db()
    assert campaign.state == step.end
    event = AuditEvent.objects.get(verb=step.verb, object_id=str(campaign.pk))
    assert event.actor == cast.officer
    assert event.changes["state"] == [step.start, step.end]


@pytest.mark.parametrize("step", STEPS, ids=IDS)
def test_the_same_step_by_a_cell_secretary_writes_nothing(cast, step):
    done = _at(cast, step.start, "year")
    step.call(actor=cast.officer, campaign=done, **step.kwargs)
    refused = _at(cast, step.start, "quarter")
    audits = _audit_count(refused)
    with pytest.raises(PermissionDenied):
        step.call(actor=cast.secretary_a, campaign=refused, **step.kwargs)
    _unchanged(refused, step.start, audits)


@pytest.mark.parametrize("step", STEPS, ids=IDS)
def test_the_same_step_from_another_state_writes_nothing(cast, step):
    done = _at(cast, step.start, "year")
    step.call(actor=cast.officer, campaign=done, **step.kwargs)
    refused = _at(cast, step.wrong_start, "quarter")
    audits = _audit_count(refused)
    with pytest.raises(ValidationError) as error:
        step.call(actor=cast.officer, campaign=refused, **step.kwargs)
    assert error.value.error_list[0].code == "wrong_state"
    _unchanged(refused, step.wrong_start, audits)


@pytest.mark.parametrize(
    ("step", "missing"),
    [
        (STEPS[6], {"results_notified": False}),
        (STEPS[7], {"awards_done": False}),
        (STEPS[7], {"report_number": " "}),
        (STEPS[8], {"report_sent": False}),
        (STEPS[9], {"reason": " "}),
    ],
    ids=["notified", "awards", "report_number", "report_sent", "reason"],
)
def test_a_late_step_without_its_requirement_writes_nothing(cast, step, missing):
    done = _at(cast, step.start, "year")
    step.call(actor=cast.officer, campaign=done, **step.kwargs)
    refused = _at(cast, step.start, "quarter")
    audits = _audit_count(refused)
    with pytest.raises(ValidationError):
        step.call(actor=cast.officer, campaign=refused, **(step.kwargs | missing))
    _unchanged(refused, step.start, audits)


def test_the_superior_of_the_issuer_may_reopen_and_an_office_elsewhere_may_not(cast):
    from conftest import make_user
    from kiemdiem.accounts.models import Role
    from kiemdiem.orgs import services as org_services
    from kiemdiem.orgs.tests.factories import UnitFactory

    top = UnitFactory(code="QK", name="Đảng bộ Quân khu")
    org_services.unit_move(actor=None, unit=cast.committee, new_parent=top)
    cast.committee.refresh_from_db()
    superior = make_user("captren", role=Role.COMMITTEE_OFFICE, unit=top)
    elsewhere = make_user("noikhac", role=Role.COMMITTEE_OFFICE, unit=UnitFactory(code="KHAC"))
    reason = {"reason": "Kiểm tra lại"}
    done = _at(cast, S.DECIDED, "year")
    services.campaign_reopen(actor=superior, campaign=done, **reason)
    done.refresh_from_db()
    assert done.state == S.CLASSIFYING
    refused = _at(cast, S.DECIDED, "quarter")
    audits = _audit_count(refused)
    with pytest.raises(PermissionDenied):
        services.campaign_reopen(actor=elsewhere, campaign=refused, **reason)
    _unchanged(refused, S.DECIDED, audits)
