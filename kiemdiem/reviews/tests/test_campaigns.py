"""Campaigns: pinned rule pack, one open campaign per root, the state machine, deadlines."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from kiemdiem.core.models import AuditEvent
from kiemdiem.reviews import selectors, services
from kiemdiem.reviews.models import Campaign, CampaignState, UnitDeadline
from kiemdiem.reviews.tests.factories import campaign_factory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("year", "pack"),
    [
        (2019, "r132_hd21"),
        (2022, "r132_hd21"),
        (2023, "r124_hd25"),
        (2024, "r124_hd25"),
        (2025, "r366_hd43"),
        (2030, "r366_hd43"),
    ],
)
def test_the_rule_pack_follows_the_year(cast, year, pack):
    campaign = services.campaign_create(
        actor=cast.officer, title="Kiểm điểm", year=year, root_unit=cast.committee
    )
    assert campaign.rule_pack == pack


def test_a_year_before_2019_has_no_pack_and_nothing_is_written(cast):
    with pytest.raises(ValidationError):
        services.campaign_create(
            actor=cast.officer, title="Cũ", year=2018, root_unit=cast.committee
        )
    assert Campaign.objects.count() == 0


def test_the_rule_pack_is_the_one_in_force_for_the_year(cast):
    campaign = services.campaign_create(
        actor=cast.officer, title="Thử", year=2023, root_unit=cast.committee, rule_pack="r124_hd25"
    )
    assert campaign.rule_pack == "r124_hd25"


def test_a_rule_pack_not_in_force_for_the_year_is_refused_and_nothing_is_written(cast):
    with pytest.raises(ValidationError) as caught:
        services.campaign_create(
            actor=cast.officer,
            title="Thử",
            year=2021,
            root_unit=cast.committee,
            rule_pack="r366_hd43",
        )
    assert "r132_hd21" in caught.value.messages[0]
    assert Campaign.objects.count() == 0


def test_the_rule_pack_is_never_changed_afterwards(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    with pytest.raises(ValidationError):
        services.campaign_update_plan(actor=cast.officer, campaign=campaign, rule_pack="r366_hd43")
    campaign.refresh_from_db()
    assert campaign.rule_pack == "r132_hd21"


def test_a_366_campaign_gets_the_default_score_groups(cast):
    campaign = campaign_factory(root_unit=cast.committee, year=2025)
    assert campaign.score_groups == {
        "general": {"politics": 18, "innovation": 4, "self_criticism": 8},
        "tasks": 70,
    }


def test_score_groups_must_add_up_to_100(cast):
    campaign = campaign_factory(root_unit=cast.committee, year=2025)
    services.campaign_update_plan(
        actor=cast.officer,
        campaign=campaign,
        score_groups={
            "general": {"politics": 20, "innovation": 5, "self_criticism": 5},
            "tasks": 70,
        },
    )
    with pytest.raises(ValidationError):
        services.campaign_update_plan(
            actor=cast.officer,
            campaign=campaign,
            score_groups={"general": {"politics": 20}, "tasks": 70},
        )
    campaign.refresh_from_db()
    assert campaign.score_groups["general"]["politics"] == 20


def test_a_second_open_campaign_for_the_same_root_year_and_period_is_refused(cast):
    campaign_factory(root_unit=cast.committee)
    with pytest.raises(ValidationError):
        campaign_factory(root_unit=cast.committee)
    assert Campaign.objects.count() == 1


def test_another_period_of_the_same_year_is_allowed(cast):
    campaign_factory(root_unit=cast.committee)
    campaign_factory(root_unit=cast.committee, period="quarter")
    assert Campaign.objects.count() == 2


def test_the_database_enforces_one_open_campaign(cast):
    first = campaign_factory(root_unit=cast.committee)
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.create(
            title="Trùng",
            year=first.year,
            period=first.period,
            rule_pack=first.rule_pack,
            root_unit=cast.committee,
            review_date=first.review_date,
        )


def test_a_closed_campaign_frees_the_slot(cast):
    first = campaign_factory(root_unit=cast.committee)
    Campaign.objects.filter(pk=first.pk).update(state=CampaignState.CLOSED)
    campaign_factory(root_unit=cast.committee)
    assert Campaign.objects.count() == 2


def test_only_the_issuer_creates_a_campaign(cast):
    with pytest.raises(PermissionDenied):
        services.campaign_create(
            actor=cast.secretary_a, title="X", year=2020, root_unit=cast.committee
        )
    assert Campaign.objects.count() == 0


def test_publish_moves_draft_to_published_and_writes_an_audit_row(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    services.campaign_update_plan(actor=cast.officer, campaign=campaign, plan_number="09-KH/ĐU")
    campaign = services.campaign_publish(actor=cast.officer, campaign=campaign)
    assert campaign.state == CampaignState.PUBLISHED
    event = AuditEvent.objects.filter(verb="campaign_publish").get()
    assert event.actor == cast.officer
    assert event.changes["state"] == ["draft", "published"]


def test_publish_needs_every_deadline_and_a_plan_number(cast):
    campaign = campaign_factory(root_unit=cast.committee, report_due=None)
    with pytest.raises(ValidationError) as error:
        services.campaign_publish(actor=cast.officer, campaign=campaign)
    fields = [e.params["field"] for e in error.value.error_list]
    assert fields == ["report_due", "plan_number"]
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DRAFT


def test_a_cell_secretary_cannot_publish_and_nothing_changes(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    services.campaign_update_plan(actor=cast.officer, campaign=campaign, plan_number="1-KH")
    with pytest.raises(PermissionDenied):
        services.campaign_publish(actor=cast.secretary_a, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DRAFT
    assert not AuditEvent.objects.filter(verb="campaign_publish").exists()


def test_a_transition_from_the_wrong_state_is_refused(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    with pytest.raises(ValidationError):
        services.campaign_issue_hints(actor=cast.officer, campaign=campaign, none_confirmed=True)
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DRAFT


def test_hints_issued_needs_hints_or_a_confirmed_none(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PUBLISHED)
    with pytest.raises(ValidationError):
        services.campaign_issue_hints(actor=cast.officer, campaign=campaign)
    services.hint_create(actor=cast.officer, campaign=campaign, unit=cast.cell_a, text="Làm rõ")
    campaign = services.campaign_issue_hints(actor=cast.officer, campaign=campaign)
    assert campaign.state == CampaignState.HINTS_ISSUED


def test_conferencing_needs_the_state_track_confirmed(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    with pytest.raises(ValidationError):
        services.campaign_start_conferences(
            actor=cast.officer, campaign=campaign, state_track_done=False
        )
    campaign = services.campaign_start_conferences(
        actor=cast.officer, campaign=campaign, state_track_done=True
    )
    assert campaign.state == CampaignState.CONFERENCING


def test_classifying_waits_for_every_review(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    campaign = services.campaign_start_conferences(
        actor=cast.officer, campaign=campaign, state_track_done=True
    )
    with pytest.raises(ValidationError) as error:
        services.campaign_start_classification(actor=cast.officer, campaign=campaign)
    assert error.value.error_list[0].code == "pending"
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.CONFERENCING


def test_reopen_needs_a_reason_and_goes_back_to_classifying(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.DECIDED)
    with pytest.raises(ValidationError):
        services.campaign_reopen(actor=cast.officer, campaign=campaign, reason="  ")
    campaign = services.campaign_reopen(
        actor=cast.officer, campaign=campaign, reason="Phát hiện kỷ luật chưa tính"
    )
    assert campaign.state == CampaignState.CLASSIFYING
    assert campaign.reopen_reason == "Phát hiện kỷ luật chưa tính"
    assert AuditEvent.objects.filter(verb="campaign_reopen").exists()


def test_reopen_is_refused_before_decided(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    with pytest.raises(ValidationError):
        services.campaign_reopen(actor=cast.officer, campaign=campaign, reason="Lý do")


def test_the_forward_chain_runs_to_closed(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.DECIDED)
    campaign = services.campaign_start_commendation(
        actor=cast.officer, campaign=campaign, results_notified=True
    )
    campaign = services.campaign_report(
        actor=cast.officer, campaign=campaign, report_number="15-BC/ĐU", awards_done=True
    )
    campaign = services.campaign_close(actor=cast.officer, campaign=campaign, report_sent=True)
    assert campaign.state == CampaignState.CLOSED
    assert campaign.report_number == "15-BC/ĐU"


# --- Deadlines ---------------------------------------------------------------------------------


def test_a_unit_inherits_the_campaign_deadlines(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    deadlines = selectors.effective_deadlines(campaign=campaign, units=[cast.cell_a])
    assert deadlines[cast.cell_a.pk].dates["cell_conference_due"] == datetime.date(2020, 12, 1)


def test_a_unit_may_set_an_earlier_deadline_and_its_children_inherit_it(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    services.unit_deadline_set(
        actor=cast.officer,
        campaign=campaign,
        unit=cast.committee,
        cell_conference_due=datetime.date(2020, 11, 25),
    )
    deadlines = selectors.effective_deadlines(campaign=campaign, units=[cast.cell_a, cast.cell_b])
    assert deadlines[cast.cell_a.pk].dates["cell_conference_due"] == datetime.date(2020, 11, 25)
    assert deadlines[cast.cell_b.pk].dates["report_due"] == datetime.date(2020, 12, 31)


def test_a_unit_may_not_set_a_later_deadline_than_its_parent(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    services.unit_deadline_set(
        actor=cast.officer,
        campaign=campaign,
        unit=cast.committee,
        cell_conference_due=datetime.date(2020, 11, 25),
    )
    with pytest.raises(ValidationError) as error:
        services.unit_deadline_set(
            actor=cast.officer,
            campaign=campaign,
            unit=cast.cell_a,
            cell_conference_due=datetime.date(2020, 11, 28),
        )
    assert "không được muộn hơn hạn của cấp trên (25/11/2020)" in error.value.messages[0]
    assert not UnitDeadline.objects.filter(unit=cast.cell_a).exists()


def test_a_cell_secretary_cannot_set_deadlines(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    with pytest.raises(PermissionDenied):
        services.unit_deadline_set(
            actor=cast.secretary_a,
            campaign=campaign,
            unit=cast.cell_a,
            cell_conference_due=datetime.date(2020, 11, 1),
        )
    assert UnitDeadline.objects.count() == 0


def test_campaigns_are_visible_inside_the_subtree_and_not_outside(cast):
    from conftest import make_user

    campaign = campaign_factory(root_unit=cast.committee)
    assert selectors.campaign_get_for_user(user=cast.secretary_a, pk=campaign.pk) == campaign
    assert selectors.campaign_get_for_user(user=cast.officer, pk=campaign.pk) == campaign
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.campaign_get_for_user(user=make_user("la"), pk=campaign.pk)


def test_deadlines_follow_the_levels_and_a_plan_out_of_order_writes_nothing(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    services.campaign_update_plan(
        actor=cast.officer, campaign=campaign, grassroots_decision_due=datetime.date(2020, 12, 2)
    )
    with pytest.raises(ValidationError) as error:
        services.campaign_update_plan(
            actor=cast.officer,
            campaign=campaign,
            grassroots_decision_due=datetime.date(2020, 11, 30),
        )
    assert error.value.error_list[0].code == "deadline_order"
    assert error.value.error_list[0].params["field"] == "grassroots_decision_due"
    campaign.refresh_from_db()
    assert campaign.grassroots_decision_due == datetime.date(2020, 12, 2)


def test_a_campaign_created_with_deadlines_out_of_order_is_refused(cast):
    with pytest.raises(ValidationError):
        services.campaign_create(
            actor=cast.officer,
            title="Sai thứ tự",
            year=2020,
            root_unit=cast.committee,
            cell_conference_due=datetime.date(2020, 12, 10),
            report_due=datetime.date(2020, 12, 1),
        )
    assert Campaign.objects.count() == 0


def test_a_unit_deadline_may_not_put_its_level_before_the_cells(cast):
    campaign = campaign_factory(root_unit=cast.committee)
    services.unit_deadline_set(
        actor=cast.officer,
        campaign=campaign,
        unit=cast.committee,
        grassroots_decision_due=datetime.date(2020, 12, 3),
    )
    with pytest.raises(ValidationError) as error:
        services.unit_deadline_set(
            actor=cast.officer,
            campaign=campaign,
            unit=cast.cell_a,
            grassroots_decision_due=datetime.date(2020, 11, 30),
        )
    assert error.value.error_list[0].code == "deadline_order"
    assert not UnitDeadline.objects.filter(unit=cast.cell_a).exists()


def test_score_groups_must_name_the_forms_criteria(cast):
    campaign = campaign_factory(root_unit=cast.committee, year=2025)
    with pytest.raises(ValidationError):
        services.campaign_update_plan(
            actor=cast.officer,
            campaign=campaign,
            score_groups={"general": {"politics": 18, "other": 12}, "tasks": 70},
        )
    campaign.refresh_from_db()
    assert set(campaign.score_groups["general"]) == {"politics", "innovation", "self_criticism"}


def test_each_quarter_of_a_year_has_its_own_campaign_and_a_quarter_twice_is_refused(cast):
    first = services.campaign_create(
        actor=cast.officer,
        title="Quý 1",
        year=2025,
        root_unit=cast.committee,
        period="quarter",
        period_index=1,
    )
    services.campaign_create(
        actor=cast.officer,
        title="Quý 2",
        year=2025,
        root_unit=cast.committee,
        period="quarter",
        period_index=2,
    )
    assert first.review_date == datetime.date(2025, 3, 31)
    assert str(first.period_label) == "Quý 1/2025"
    with pytest.raises(ValidationError):
        services.campaign_create(
            actor=cast.officer,
            title="Quý 1 lần hai",
            year=2025,
            root_unit=cast.committee,
            period="quarter",
            period_index=1,
        )
    assert Campaign.objects.count() == 2


@pytest.mark.parametrize(("period", "index"), [("quarter", 0), ("quarter", 5), ("year", 2)])
def test_a_period_index_that_does_not_fit_the_period_is_refused(cast, period, index):
    with pytest.raises(ValidationError) as error:
        services.campaign_create(
            actor=cast.officer,
            title="Sai kỳ",
            year=2025,
            root_unit=cast.committee,
            period=period,
            period_index=index,
        )
    assert error.value.error_list[0].params["field"] == "period_index"
    assert Campaign.objects.count() == 0
