"""Proposals and decisions: from a closed vote to a decision by the competent level, checked
against the rules engine (warnings at proposal, errors at decision, an override needs a written
reason), lower levels first, annulment with history, notification.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import User
from kiemdiem.classification import decisions as reads
from kiemdiem.classification.models import Decision, Proposal
from kiemdiem.classification.rules import pack_id_for_year
from kiemdiem.core.audit import audit_record
from kiemdiem.core.levels import Level
from kiemdiem.orgs.models import ClassificationRecord, Person, Unit
from kiemdiem.reviews import selectors as review_selectors
from kiemdiem.reviews import services as review_services
from kiemdiem.reviews.models import Campaign, ReviewStatus, SubjectReview
from kiemdiem.voting import selectors as voting_selectors
from kiemdiem.voting.models import Ballot


def _subject_unit(proposal: Proposal) -> Unit:
    if proposal.person is not None:
        return proposal.person.unit
    if proposal.unit is not None:
        return proposal.unit
    return proposal.body.unit  # type: ignore[union-attr]


def _campaigns_of(proposals: list[Proposal]) -> dict[int, Campaign | None]:
    """Proposal id → the campaign it belongs to: its ballot's, else the open campaign of its year
    over the subject's unit (one lookup per distinct unit and year)."""
    ballots = {
        ballot.pk: ballot
        for ballot in Ballot.objects.filter(
            pk__in={p.ballot_id for p in proposals if p.ballot_id}, campaign__isnull=False
        ).select_related("campaign")
    }
    # Only proposals without a campaign of their own (or their ballot's) look one up.
    rest = [p for p in proposals if p.campaign_id is None and (p.ballot_id or 0) not in ballots]
    covering: dict[tuple[int, int], Campaign | None] = {}
    for year in {p.year for p in rest}:
        units = {_subject_unit(p).pk: _subject_unit(p) for p in rest if p.year == year}
        for unit_id, campaign in review_selectors.campaigns_covering(
            units=units.values(), year=year
        ).items():
            covering[(unit_id, year)] = campaign
    found: dict[int, Campaign | None] = {}
    own = {
        campaign.pk: campaign
        for campaign in Campaign.objects.filter(
            pk__in={p.campaign_id for p in proposals if p.campaign_id}
        )
    }
    for proposal in proposals:
        ballot = ballots.get(proposal.ballot_id or 0)
        if proposal.campaign_id is not None:
            found[proposal.pk] = own[proposal.campaign_id]
        elif ballot is not None:
            found[proposal.pk] = ballot.campaign
        else:
            found[proposal.pk] = covering[(_subject_unit(proposal).pk, proposal.year)]
    return found


def _same_subject(proposal: Proposal) -> Any:
    """The proposals of the same subject in the same campaign (or year, outside campaigns)."""
    field = "person" if proposal.person_id else "body" if proposal.body_id else "unit"
    others = Proposal.objects.filter(**{f"{field}_id": getattr(proposal, f"{field}_id")})
    if proposal.campaign_id is not None:
        return others.filter(campaign_id=proposal.campaign_id)
    return others.filter(campaign__isnull=True, year=proposal.year)


def _decided_elsewhere(proposal: Proposal) -> Any:
    """Decisions in force on the subject from any of its proposals in the campaign: whichever
    body proposed, the subject has one decision."""
    return Decision.objects.filter(
        proposal__in=_same_subject(proposal).values("pk"), annulled_at__isnull=True
    )


def _writes_the_year(proposal: Proposal) -> bool:
    """Only a year's campaign (or a decision outside campaigns) sets the member's yearly result:
    a quarter's or an ad hoc round's never overwrites it."""
    campaign = proposal.campaign
    return campaign is None or campaign.period == "year"


def _subject(proposal: Proposal) -> review_services.Subject:
    return review_services.Subject.of(
        person_id=proposal.person_id, unit_id=proposal.unit_id, body_id=proposal.body_id
    )


def _grouped(proposals: list[Proposal]) -> list[tuple[Campaign, list[Proposal]]]:
    campaigns = _campaigns_of(proposals)
    groups: dict[int, tuple[Campaign, list[Proposal]]] = {}
    for proposal in proposals:
        campaign = campaigns[proposal.pk]
        if campaign is not None:
            groups.setdefault(campaign.pk, (campaign, []))[1].append(proposal)
    return list(groups.values())


def _reviews_follow(actor: User, proposals: list[Proposal], *, annulled: bool = False) -> None:
    """Each subject's review becomes decided (or voted again, on annulment): one update per
    campaign."""
    move = review_services.reviews_decision_annulled if annulled else review_services.reviews_decided
    for campaign, members in _grouped(proposals):
        move(actor=actor, campaign=campaign, subjects=[_subject(p) for p in members])


def _unreviewed(proposals: list[Proposal]) -> dict[int, str]:
    """Proposal id → why its subject cannot be decided yet: in a campaign, a subject is decided
    only once its review was voted at its conference (never without a review, domain §4.2)."""
    found: dict[int, str] = {}
    for campaign, members in _grouped(proposals):
        reviews = {
            (review.kind, review.person_id or review.body_id or review.unit_id): review
            for review in review_selectors.reviews_of_subjects(
                campaign=campaign, subjects=[_subject(p) for p in members]
            )
        }
        for proposal in members:
            subject = _subject(proposal)
            review = reviews.get((subject.kind, subject.pk))
            if review is None:
                found[proposal.pk] = _("%(subject)s không có bản kiểm điểm trong %(campaign)s.") % {
                    "subject": proposal.subject_label,
                    "campaign": campaign.title,
                }
            elif review.status != ReviewStatus.VOTED:
                found[proposal.pk] = _(
                    "%(subject)s chưa được hội nghị kiểm điểm và biểu quyết "
                    "(bản kiểm điểm: %(status)s)."
                ) % {"subject": proposal.subject_label, "status": review.get_status_display()}
    return found


@transaction.atomic
def proposals_from_ballot(*, actor: User, ballot: Ballot) -> list[Proposal]:
    """One proposal per subject of a closed ballot, with the level its tally passed (blank when
    no level passed: the decider then decides)."""
    if not voting_selectors.user_can_run_ballots(user=actor, unit=ballot.unit, ballot=ballot):
        raise PermissionDenied(_("Bạn không có quyền lập đề xuất từ cuộc biểu quyết này."))
    if ballot.state != Ballot.State.CONFIRMED:
        raise ValidationError(
            _("Chỉ lập đề xuất sau khi ban kiểm phiếu xác nhận kết quả biểu quyết."),
            code="wrong_state",
            params={"field": "ballot"},
        )
    result = voting_selectors.ballot_tally(ballot=ballot)
    levels = {row.subject: row.result or "" for row in result.subjects}
    pack = pack_id_for_year(ballot.year)
    proposals = []
    # A member reviewed but not classified (new, under six months) was decided with no level when
    # the tellers confirmed: nothing is proposed for them.
    unclassified = (
        set(
            SubjectReview.objects.filter(
                campaign=ballot.campaign, kind="member", not_classified=True
            ).values_list("person_id", flat=True)
        )
        if ballot.campaign is not None
        else set()
    )
    for subject in voting_selectors.ballot_subjects(ballot=ballot):
        if subject.person_id in unclassified:
            continue
        if subject.person_id:
            key: dict[str, Any] = {"person": subject.person}
        elif subject.body_id:
            key = {"body": subject.body}
        else:
            key = {"unit": subject.unit}
        proposal, _created = Proposal.objects.update_or_create(
            ballot=ballot,
            **key,
            defaults={
                "year": ballot.year,
                "campaign": ballot.campaign,
                "level": levels.get(str(subject.pk), ""),
                "rule_pack": ballot.campaign.rule_pack if ballot.campaign else pack,
                "proposed_by": ballot.unit,
                "source": Proposal.Source.VOTE,
                "created_by": actor,
            },
        )
        proposals.append(proposal)
    audit_record(
        actor=actor,
        verb="proposals_from_ballot",
        instance=ballot,
        changes={"proposals": len(proposals)},
    )
    return proposals


@transaction.atomic
def proposal_set(
    *,
    actor: User,
    year: int,
    level: str,
    proposed_by: Unit,
    person: Person | None = None,
    unit: Unit | None = None,
) -> Proposal:
    """A proposal entered by hand (for instance after a paper vote counted elsewhere)."""
    subject_unit = person.unit if person is not None else unit
    if subject_unit is None or not reads.user_can_propose(user=actor, unit=subject_unit):
        raise PermissionDenied(_("Bạn không có quyền đề xuất cho đối tượng này."))
    if level and level not in Level.values:
        raise ValidationError(
            _("Mức xếp loại «%(value)s» không hợp lệ"),
            code="invalid",
            params={"field": "level", "value": level},
        )
    key: dict[str, Any] = {"person": person} if person is not None else {"unit": unit}
    campaign = review_selectors.campaign_covering(unit=subject_unit, year=year)
    proposal, _created = Proposal.objects.update_or_create(
        year=year,
        campaign=campaign,
        ballot=None,
        **key,
        defaults={
            "level": level,
            "rule_pack": campaign.rule_pack if campaign else pack_id_for_year(year),
            "proposed_by": proposed_by,
            "source": Proposal.Source.MANUAL,
            "created_by": actor,
        },
    )
    audit_record(actor=actor, verb="proposal_set", instance=proposal, changes={"level": level})
    return proposal


@transaction.atomic
def decision_make(
    *, actor: User, proposal: Proposal, level: str, override_reason: str = ""
) -> Decision:
    """Decide a level. Refused if the subject already has a decision in force, if a subunit of
    an organization is still undecided, or if the rules find an error and no reason is given."""
    # Lock the proposal row only: PostgreSQL cannot lock the nullable side of the outer joins.
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("person__unit", "unit", "body__unit")
        .get(pk=proposal.pk)
    )
    decider = reads.decider_for(proposal)
    if decider is None or not reads.user_can_decide(user=actor, decider=decider):
        raise PermissionDenied(_("Bạn không thuộc cấp có thẩm quyền quyết định đối tượng này."))
    if level and level not in Level.values:
        raise ValidationError(
            _("Mức xếp loại «%(value)s» không hợp lệ"),
            code="invalid",
            params={"field": "level", "value": level},
        )
    if _decided_elsewhere(proposal).exists():
        raise ValidationError(
            _("Đối tượng này đã có quyết định; hủy quyết định cũ trước khi quyết định lại."),
            code="decided",
            params={"field": "proposal"},
        )
    if proposal.unit_id is not None:
        waiting = reads.undecided_subunits(unit=proposal.unit, year=proposal.year)  # type: ignore[arg-type]
        if waiting:
            raise ValidationError(
                _("Cấp dưới quyết định trước: còn %(units)s chưa có quyết định năm %(year)s."),
                code="order",
                params={
                    "field": "proposal",
                    "units": ", ".join(u.name for u in waiting[:5]),
                    "year": proposal.year,
                },
            )
    findings = reads.findings_for(proposal=proposal, level=level or None, stage="decision")
    errors = [f for f in findings if f["severity"] == "error"]
    if errors and not override_reason.strip():
        raise ValidationError(
            # The engine's text is final: escape "%" so the params do not format it again.
            [
                ValidationError(
                    str(f["message"]).replace("%", "%%"),
                    code=str(f["code"]),
                    params={"field": "level"},
                )
                for f in errors
            ]
            + [
                ValidationError(
                    _("Muốn quyết định khác kết quả kiểm tra, hãy ghi rõ lý do."),
                    code="override_reason",
                    params={"field": "override_reason"},
                )
            ]
        )
    not_ready = _unreviewed([proposal])
    if not_ready:
        raise ValidationError(
            not_ready[proposal.pk], code="not_reviewed", params={"field": "proposal"}
        )
    decision = Decision.objects.create(
        proposal=proposal,
        decider=decider,
        level=level,
        findings=findings,
        override_reason=override_reason.strip() if errors else "",
        decided_by=actor,
    )
    if proposal.person_id is not None and _writes_the_year(proposal):
        ClassificationRecord.objects.update_or_create(
            person_id=proposal.person_id, year=proposal.year, defaults={"level": level}
        )
    audit_record(
        actor=actor,
        verb="decision_make",
        instance=decision,
        changes={
            "level": level,
            "errors_overridden": [f["code"] for f in errors],
            "reason": decision.override_reason,
        },
    )
    _reviews_follow(actor, [proposal])
    return decision


@transaction.atomic
def decisions_confirm(
    *, actor: User, unit: Unit, year: int
) -> tuple[list[Decision], list[Proposal]]:
    """Decide, at the proposed level, every pending member proposal of the unit's subtree that
    the actor's level decides and the rules find no error with. Returns the decisions made and
    the proposals left for a decision one by one (an error needs a written reason there).

    The rules see each quota scope as it will stand: the decisions in force plus every proposal
    confirmed here. When a scope's HTXSNV would break the quota, none of its HTXSNV proposals is
    confirmed: which member gives way is the decider's call, made one by one.
    """
    listed = reads.proposal_list(user=actor, unit=unit, year=year).filter(person__isnull=False)
    # One query for the decisions in force rather than a prefetched queryset per row.
    in_force = set(
        Decision.objects.filter(
            proposal__in=listed.values("pk"), annulled_at__isnull=True
        ).values_list("proposal_id", flat=True)
    )
    rows = list(listed.select_related("campaign").prefetch_related(None))
    pending = [p for p in rows if p.pk not in in_force]
    # A member already decided through another of their proposals in the campaign.
    decided_people = {(p.campaign_id, p.person_id) for p in rows if p.pk in in_force}
    deciders = reads.deciders_for(pending)
    may_decide = {
        decider.pk
        for decider in {d for d in deciders.values() if d is not None}
        if reads.user_can_decide(user=actor, decider=decider)
    }
    allowed = {
        p.pk for p in pending if p.level and getattr(deciders[p.pk], "pk", None) in may_decide
    }
    # Lock the rows, then look again: a decision taken meanwhile one by one is not taken twice.
    locked = set(
        Proposal.objects.select_for_update().filter(pk__in=allowed).values_list("pk", flat=True)
    )
    locked -= set(
        Decision.objects.filter(proposal__in=locked, annulled_at__isnull=True).values_list(
            "proposal_id", flat=True
        )
    )
    candidates = [p for p in pending if p.pk in locked]
    # A member proposed by several bodies, or already decided through another proposal, is
    # decided one by one: the decider sees the proposals side by side.
    seen = Counter((p.campaign_id, p.person_id) for p in pending)
    candidates = [
        p
        for p in candidates
        if seen[(p.campaign_id, p.person_id)] == 1
        and (p.campaign_id, p.person_id) not in decided_people
    ]
    not_ready = _unreviewed(candidates)
    candidates = [p for p in candidates if p.pk not in not_ready]
    scopes = reads.quota_scopes(p.person.unit for p in candidates)  # type: ignore[union-attr]
    groups: dict[int, list[Proposal]] = {}
    for proposal in candidates:
        scope = scopes[proposal.person.unit_id]  # type: ignore[union-attr]
        groups.setdefault(scope.pk, []).append(proposal)
    made: list[Decision] = []
    for members in groups.values():
        first = members[0]
        case = reads.scope_case(
            scope=scopes[first.person.unit_id],  # type: ignore[union-attr]
            year=year,
            rule_pack=first.rule_pack,
            stage="decision",
            decided_only=True,
        )
        proposed = {f"P{p.person_id}": p.level for p in members}
        case["members"] = [
            {**m, "level": proposed[m["id"]]} if m["id"] in proposed else m for m in case["members"]
        ]
        findings = reads.rules_check(case)["findings"]
        for proposal in members:
            concerning = reads.findings_concerning(
                findings,
                subject=f"P{proposal.person_id}",
                level=proposal.level,
                member=True,
            )
            if any(f["severity"] == "error" for f in concerning):
                continue
            made.append(
                Decision(
                    proposal=proposal,
                    decider=deciders[proposal.pk],
                    level=proposal.level,
                    findings=concerning,
                    decided_by=actor,
                )
            )
    Decision.objects.bulk_create(made)
    ClassificationRecord.objects.bulk_create(
        [
            ClassificationRecord(person_id=d.proposal.person_id, year=year, level=d.level)
            for d in made
            # Always a member (only member proposals are pending); a year's campaign only.
            if d.proposal.person_id is not None and _writes_the_year(d.proposal)
        ],
        update_conflicts=True,
        unique_fields=["person", "year"],
        update_fields=["level"],
    )
    decided = {d.proposal.pk for d in made}
    _reviews_follow(actor, [d.proposal for d in made])
    left = [p for p in pending if p.pk not in decided]
    audit_record(
        actor=actor,
        verb="decisions_confirm",
        instance=unit,
        changes={
            "year": year,
            "decided": [[d.proposal.pk, d.level] for d in made],
            "left": [p.pk for p in left],
        },
    )
    return made, left


@transaction.atomic
def decision_annul(*, actor: User, decision: Decision, reason: str) -> Decision:
    """Annul a decision (found ineligible later): the decider or its superior, with a reason.
    The annulled decision stays in the history; the subject can be decided again."""
    decision = (
        Decision.objects.select_for_update()
        .select_related("proposal", "decider")
        .get(pk=decision.pk)
    )
    if not reads.user_can_decide(user=actor, decider=decision.decider):
        raise PermissionDenied(_("Bạn không có quyền hủy quyết định này."))
    if decision.annulled_at is not None:
        raise ValidationError(
            _("Quyết định này đã bị hủy."), code="annulled", params={"field": "decision"}
        )
    if not reason.strip():
        raise ValidationError(
            _("Cần ghi lý do hủy quyết định."), code="required", params={"field": "reason"}
        )
    decision.annulled_at, decision.annulled_reason, decision.annulled_by = (
        timezone.now(),
        reason.strip(),
        actor,
    )
    decision.save(update_fields=["annulled_at", "annulled_reason", "annulled_by"])
    proposal = decision.proposal
    if proposal.person_id is not None and _writes_the_year(proposal):
        ClassificationRecord.objects.filter(
            person_id=proposal.person_id, year=proposal.year
        ).update(level="")
    _reviews_follow(actor, [proposal], annulled=True)
    audit_record(
        actor=actor,
        verb="decision_annul",
        instance=decision,
        changes={"reason": decision.annulled_reason},
    )
    return decision


@transaction.atomic
def decisions_notify(*, actor: User, unit: Unit, year: int) -> int:
    """Mark the decisions in force for the unit's subtree as notified to each person and unit."""
    if not reads.user_can_decide(user=actor, decider=unit):
        raise PermissionDenied(_("Bạn không có quyền thông báo kết quả của đơn vị này."))
    count = (
        reads.decisions_in_force(unit=unit, year=year)
        .filter(notified_at__isnull=True)
        .update(notified_at=timezone.now())
    )
    audit_record(
        actor=actor, verb="decisions_notify", instance=unit, changes={"year": year, "count": count}
    )
    return count


def decide_payload(decision: Decision) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "level": decision.level,
        "override_reason": decision.override_reason,
        "findings": decision.findings,
    }
