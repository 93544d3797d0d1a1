"""Opening a campaign's reviews: one review per subject, set-based and resumable in batches."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

from kiemdiem.accounts.models import User
from kiemdiem.classification import rules
from kiemdiem.core import bulk
from kiemdiem.core.audit import audit_record
from kiemdiem.core.models import Job
from kiemdiem.orgs.models import (
    ACTIVE_STATUSES,
    BodyMembership,
    LeadershipBody,
    Person,
    PersonStatus,
    Unit,
)
from kiemdiem.reviews import forms_catalog
from kiemdiem.reviews.models import (
    Campaign,
    CampaignState,
    ReviewStatus,
    SubjectKind,
    SubjectReview,
)
from kiemdiem.reviews.services._common import (
    BATCH_SIZE,
    OPEN_JOB_KIND,
    ProgressCallback,
    _move,
    _require_issuer,
    _state_error,
    months_before,
)

ROW_FIELDS = (
    "campaign",
    "kind",
    "person",
    "unit",
    "body",
    "label",
    "form_code",
    "leader",
    "status",
    "not_classified",
    "exclusion",
    "answers",
    "self_level",
    "civil_servant_level",
    "history",
)
SubjectRow = tuple[Any, ...]


def _subject_rows(campaign: Campaign) -> list[SubjectRow]:
    """Every subject of the campaign's subtree as a plain row in ROW_FIELDS order (a fixed number
    of queries; plain tuples, because model instances cost more than the insert at 100,000)."""
    root = campaign.root_unit
    in_tree = {"path__gte": root.path, "path__lt": root.path_upper_bound}
    review_date = campaign.review_date
    answers = SubjectReview._meta.get_field("answers").get_db_prep_save({}, connection)
    history = SubjectReview._meta.get_field("history").get_db_prep_save([], connection)
    pk = campaign.pk
    not_started, not_required = ReviewStatus.NOT_STARTED.value, ReviewStatus.NOT_REQUIRED.value

    def row(kind: str, person: int | None, unit: int, body: int | None, label: str) -> SubjectRow:
        return (
            pk,
            kind,
            person,
            unit,
            body,
            label[:255],
            "01",
            False,
            not_started,
            False,
            "",
            answers,
            "",
            "",
            history,
        )

    rows = [
        row(SubjectKind.UNIT.value, None, unit_id, None, name)
        for unit_id, name in Unit.objects.filter(**in_tree)
        .order_by("path")
        .values_list("pk", "name")
    ]
    bodies = (
        LeadershipBody.objects.filter(
            unit__path__gte=root.path,
            unit__path__lt=root.path_upper_bound,
            term_start__lte=review_date,
        )
        .exclude(term_end__lt=review_date)
        .select_related("unit")
        .order_by("unit__path", "kind")
    )
    rows += [
        row(SubjectKind.BODY.value, None, b.unit_id, b.pk, f"{b.get_kind_display()} {b.unit.name}")
        for b in bodies
    ]
    leaders = set(
        BodyMembership.objects.filter(
            end__isnull=True,
            person__unit__path__gte=root.path,
            person__unit__path__lt=root.path_upper_bound,
        ).values_list("person_id", flat=True)
    )
    pack = rules.get_pack(campaign.rule_pack)
    cutoff = months_before(review_date, pack.settings.new_member_months)
    forms = {
        leader: forms_catalog.individual_form_code(campaign.rule_pack, leader=leader)
        for leader in (True, False)
    }
    people = (
        Person.objects.filter(
            unit__path__gte=root.path,
            unit__path__lt=root.path_upper_bound,
            status__in=ACTIVE_STATUSES,
        )
        .values_list("pk", "unit_id", "full_name", "status", "admitted_on")
        .order_by("unit__path", "sort_key")
    )
    member = SubjectKind.MEMBER.value
    excluded_statuses = {PersonStatus.EXEMPT.value, PersonStatus.SUSPENDED.value}
    for person_id, unit_id, full_name, status, admitted_on in people.iterator(chunk_size=5000):
        leader = person_id in leaders
        excluded = status in excluded_statuses
        new_member = admitted_on > cutoff
        rows.append(
            (
                pk,
                member,
                person_id,
                unit_id,
                None,
                full_name[:255],
                forms[leader],
                leader,
                not_required if excluded else not_started,
                excluded or new_member,
                status if excluded else ("new_member" if new_member else ""),
                answers,
                "",
                "",
                history,
            )
        )
    return rows


def _existing_keys(campaign: Campaign) -> set[tuple[str, int]]:
    keys: set[tuple[str, int]] = set()
    for kind, person_id, unit_id, body_id in SubjectReview.objects.filter(
        campaign=campaign
    ).values_list("kind", "person_id", "unit_id", "body_id"):
        keys.add((kind, {"member": person_id, "unit": unit_id, "body": body_id}[kind]))
    return keys


def _key(row: SubjectRow) -> tuple[str, int]:
    kind, person_id, unit_id, body_id = row[1], row[2], row[3], row[4]
    target = {"member": person_id, "unit": unit_id, "body": body_id}[kind]
    return (kind, int(target or 0))


def campaign_open_reviews(
    *, actor: User | None, campaign: Campaign, progress: ProgressCallback | None = None
) -> int:
    """hints_issued → preparing: create the review of every subject of the subtree (members not
    started, or not required when exempt or suspended, new members flagged "reviewed, not
    classified"; each unit and each current leadership body). In preparing, a rerun adds only the
    subjects that have none yet (new members). Returns the number created."""
    _require_issuer(actor, campaign)
    campaign = Campaign.objects.select_related("root_unit").get(pk=campaign.pk)
    if campaign.state not in (CampaignState.HINTS_ISSUED, CampaignState.PREPARING):
        raise _state_error(campaign)
    existing = _existing_keys(campaign)
    rows = [row for row in _subject_rows(campaign) if _key(row) not in existing]
    total = len(rows)
    if progress:
        progress(0, total)
    for start in range(0, total, BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        with transaction.atomic():
            bulk.insert_rows(SubjectReview, ROW_FIELDS, batch)
        if progress:
            progress(start + len(batch), total)
    with transaction.atomic():
        if campaign.state == CampaignState.HINTS_ISSUED:
            _move(
                actor=actor,
                campaign=campaign,
                to=CampaignState.PREPARING,
                verb="campaign_open_reviews",
                extra={},
            )
        audit_record(
            actor=actor,
            verb="campaign_reviews_created",
            instance=campaign,
            changes={"created": total},
        )
    return total


@transaction.atomic
def campaign_open_start(*, actor: User, campaign: Campaign) -> Job:
    """Queue `campaign_open_reviews` as a background task; the page polls the Job."""
    _require_issuer(actor, campaign)
    if campaign.state not in (CampaignState.HINTS_ISSUED, CampaignState.PREPARING):
        raise _state_error(campaign)
    job = Job.objects.create(kind=OPEN_JOB_KIND, created_by=actor, params={"campaign": campaign.pk})
    audit_record(
        actor=actor, verb="campaign_open_start", instance=job, changes={"campaign": campaign.pk}
    )

    def enqueue() -> None:
        from kiemdiem.reviews.tasks import campaign_open_task

        campaign_open_task.enqueue(job.pk)

    transaction.on_commit(enqueue)
    return job
