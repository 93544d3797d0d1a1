"""Rules shared by every pack, and the counting helpers the pack modules use.

Each rule is a function of the Context yielding Verdicts; its docstring cites the clause it comes
from. Thresholds come from the pack's settings, never from literals here.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

from kiemdiem.classification.rules.base import (
    Context,
    Member,
    PackSettings,
    Verdict,
    level_name,
    percent,
)

EXCLUDED_EXEMPT = "EXCLUDED_EXEMPT"
EXCLUDED_SUSPENDED = "EXCLUDED_SUSPENDED"
EXCLUDED_NEW_MEMBER = "EXCLUDED_NEW_MEMBER"
CAP_SICK_LEAVE = "CAP_SICK_LEAVE"
CAP_DISCIPLINE = "CAP_DISCIPLINE"
CAP_STATE_TRACK = "CAP_STATE_TRACK"
QUOTA_HTXSNV = "QUOTA_HTXSNV"
COLLECTIVE_DISCIPLINE = "COLLECTIVE_DISCIPLINE"


# Counting helpers -------------------------------------------------------------------------------


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier; a missing day becomes the month's last
    (2021-08-31 minus 6 months is 2021-02-28)."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month0 = divmod(month_index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return datetime.date(year, month0 + 1, min(day.day, last))


def new_member_cutoff(review_date: datetime.date, settings: PackSettings) -> datetime.date:
    """Members admitted after this day are too new to be classified; on this day they are not."""
    return months_before(review_date, settings.new_member_months)


def exclusion_codes(
    member: Member, review_date: datetime.date, settings: PackSettings
) -> list[str]:
    """Why a member is reviewed but not classified (domain.md §4.1): exempt, suspended, or
    admitted after the cutoff. Empty when the member is classified."""
    codes = []
    if member.exempt:
        codes.append(EXCLUDED_EXEMPT)
    if member.suspended:
        codes.append(EXCLUDED_SUSPENDED)
    if member.admitted_on > new_member_cutoff(review_date, settings):
        codes.append(EXCLUDED_NEW_MEMBER)
    return codes


def more_than(count: int, total: int, share: Fraction) -> bool:
    """count / total > share, exactly (">20%": count × 5 > total). False when total is 0."""
    return total > 0 and Fraction(count, total) > share


def at_least_share(count: int, total: int, share: Fraction) -> bool:
    """count / total >= share, exactly ("at least half": count × 2 >= total)."""
    return total > 0 and Fraction(count, total) >= share


def quota_allowed(good: int, settings: PackSettings) -> int:
    """How many HTXSNV members `good` HTTNV members allow: floor(good × 1/5) by default."""
    exact = Fraction(good) * settings.quota_share
    if settings.quota_rounding == "nearest":
        return int(exact + Fraction(1, 2))
    return int(exact)


def band_ceiling(score: Decimal, settings: PackSettings) -> str:
    """The highest level a score's band allows (≥90 HTXSNV, ≥70 HTTNV, ≥50 HTNV, else KHTNV)."""
    for minimum, level in settings.score_bands:
        if score >= minimum:
            return level
    return "KHTNV"


def proposed(level: str | None) -> str:
    """ " (đang đề xuất «…»)" for messages, or nothing when no level was proposed."""
    return f" (đang đề xuất {level_name(level)})" if level else ""


# Exclusions -------------------------------------------------------------------------------------


def _excluded_with_level(ctx: Context, code: str) -> Iterator[Member]:
    for member in ctx.case.members:
        if member.level is not None and code in exclusion_codes(
            member, ctx.case.review_date, ctx.settings
        ):
            yield member


def excluded_exempt(ctx: Context) -> Iterator[Verdict]:
    """EXCLUDED_EXEMPT: a member exempted from work and party activity is not reviewed or
    classified (Điều lệ Đảng; Hướng dẫn 21-HD/BTCTW, 25-HD/BTCTW, 43-HD/BTCTW: đảng viên được
    miễn công tác và sinh hoạt đảng)."""
    for member in _excluded_with_level(ctx, EXCLUDED_EXEMPT):
        yield Verdict(
            EXCLUDED_EXEMPT,
            member.id,
            None,
            f"{ctx.member_label(member)} được miễn công tác và sinh hoạt đảng nên không xếp loại "
            f"chất lượng; bỏ mức đã đề xuất {level_name(member.level or 'KHTNV')}.",
            always=True,
        )


def excluded_suspended(ctx: Context) -> Iterator[Verdict]:
    """EXCLUDED_SUSPENDED: a member suspended from party activity is not classified
    (Hướng dẫn 21-HD/BTCTW, 25-HD/BTCTW, 43-HD/BTCTW: đảng viên bị đình chỉ sinh hoạt đảng)."""
    for member in _excluded_with_level(ctx, EXCLUDED_SUSPENDED):
        yield Verdict(
            EXCLUDED_SUSPENDED,
            member.id,
            None,
            f"{ctx.member_label(member)} đang bị đình chỉ sinh hoạt đảng nên không xếp loại chất "
            f"lượng; bỏ mức đã đề xuất {level_name(member.level or 'KHTNV')}.",
            always=True,
        )


def excluded_new_member(ctx: Context) -> Iterator[Verdict]:
    """EXCLUDED_NEW_MEMBER: a member admitted less than 6 months before the review is reviewed
    but not classified (Hướng dẫn 21-HD/BTCTW, 25-HD/BTCTW, 43-HD/BTCTW: đảng viên mới kết nạp
    chưa đủ 6 tháng)."""
    cutoff = new_member_cutoff(ctx.case.review_date, ctx.settings)
    for member in _excluded_with_level(ctx, EXCLUDED_NEW_MEMBER):
        yield Verdict(
            EXCLUDED_NEW_MEMBER,
            member.id,
            None,
            f"{ctx.member_label(member)} vào Đảng ngày {member.admitted_on:%d/%m/%Y}, chưa đủ "
            f"{ctx.settings.new_member_months} tháng tính đến ngày xếp loại "
            f"{ctx.case.review_date:%d/%m/%Y} (phải vào Đảng từ ngày {cutoff:%d/%m/%Y} trở về "
            f"trước), nên chỉ kiểm điểm, không xếp loại; bỏ mức đã đề xuất "
            f"{level_name(member.level or 'KHTNV')}.",
            always=True,
        )


# Caps on one member -----------------------------------------------------------------------------


def cap_sick_leave(ctx: Context) -> Iterator[Verdict]:
    """CAP_SICK_LEAVE: sick leave of 3 months (90 days) or more in the year caps the member at
    HTNV (Hướng dẫn 21-HD/BTCTW; Hướng dẫn 25-HD/BTCTW; Hướng dẫn 43-HD/BTCTW: nghỉ ốm từ 3 tháng
    trở lên)."""
    for member in ctx.counted_members:
        if member.sick_leave_days >= ctx.settings.sick_leave_days:
            yield Verdict(
                CAP_SICK_LEAVE,
                member.id,
                "HTNV",
                f"{ctx.member_label(member)} nghỉ ốm {member.sick_leave_days} ngày trong năm "
                f"(từ {ctx.settings.sick_leave_days} ngày trở lên) nên chỉ được xếp loại tối đa "
                f"{level_name('HTNV')}{proposed(member.level)}.",
            )


def cap_discipline(ctx: Context) -> Iterator[Verdict]:
    """CAP_DISCIPLINE: a member disciplined in the year is KHTNV (Quy định 132-QĐ/TW; Hướng dẫn
    21-HD/BTCTW: any discipline. Quy định 124-QĐ/TW, Điều 12 and Quy định 366-QĐ/TW: unless the
    violation was self-detected and remedied — `discipline_waiver`)."""
    for member in ctx.counted_members:
        discipline = member.discipline
        if discipline is None:
            continue
        if ctx.settings.discipline_waiver and discipline.self_detected_and_remedied:
            continue
        yield Verdict(
            CAP_DISCIPLINE,
            member.id,
            "KHTNV",
            f"{ctx.member_label(member)} bị kỷ luật trong năm nên chỉ được xếp loại "
            f"{level_name('KHTNV')}{proposed(member.level)}.",
        )


def cap_state_track(ctx: Context) -> Iterator[Verdict]:
    """CAP_STATE_TRACK: the civil-servant result caps the party result — state KHTNV → party KHTNV
    (Hướng dẫn 21-HD/BTCTW; Nghị định 48/2023/NĐ-CP); under Quy định 132-QĐ/TW party HTXSNV needs
    state HTXSNV, else HTTNV (`state_track_needs_excellent`)."""
    for member in ctx.counted_members:
        state = member.civil_servant_level
        if state is None:
            continue
        if state == "KHTNV" and ctx.settings.state_track_khtnv_link:
            yield Verdict(
                CAP_STATE_TRACK,
                member.id,
                "KHTNV",
                f"{ctx.member_label(member)} bị xếp loại {level_name('KHTNV')} ở cơ quan, đơn vị "
                f"(công chức, viên chức) nên chỉ được xếp loại đảng viên "
                f"{level_name('KHTNV')}{proposed(member.level)}.",
            )
        elif state != "HTXSNV" and ctx.settings.state_track_needs_excellent:
            yield Verdict(
                CAP_STATE_TRACK,
                member.id,
                "HTTNV",
                f"{ctx.member_label(member)} chỉ được xếp loại {level_name(state)} ở cơ quan, đơn "
                f"vị (công chức, viên chức), chưa đạt {level_name('HTXSNV')}, nên chỉ được xếp "
                f"loại đảng viên tối đa {level_name('HTTNV')}{proposed(member.level)}.",
            )


# Collective rules -------------------------------------------------------------------------------


def quota_htxsnv(ctx: Context) -> Iterator[Verdict]:
    """QUOTA_HTXSNV: members classified HTXSNV may not exceed 20% of those classified HTTNV,
    counting classified members only (Quy định 132-QĐ/TW; Quy định 124-QĐ/TW, Điều 12; Quy định
    366-QĐ/TW: tỷ lệ đảng viên HTXSNV không vượt quá 20% số đảng viên HTTNV). No ceiling: which
    member gives way is for the meeting to decide."""
    classified = ctx.classified
    excellent = sum(1 for m in classified if m.level == "HTXSNV")
    good = sum(1 for m in classified if m.level == "HTTNV")
    allowed = quota_allowed(good, ctx.settings)
    if excellent > allowed:
        yield Verdict(
            QUOTA_HTXSNV,
            ctx.case.collective.id,
            None,
            f"{ctx.collective_label()}: có {excellent} đảng viên xếp loại {level_name('HTXSNV')}, "
            f"vượt quá {percent(ctx.settings.quota_share)} số đảng viên xếp loại "
            f"{level_name('HTTNV')} ({good} đồng chí, nên chỉ được tối đa {allowed} đồng chí "
            f"{level_name('HTXSNV')}).",
            always=True,
        )


def collective_discipline(ctx: Context) -> Iterator[Verdict]:
    """COLLECTIVE_DISCIPLINE: the collective disciplined in the year, or more than 20% of its
    subunits disciplined → KHTNV (Quy định 132-QĐ/TW; Hướng dẫn 21-HD/BTCTW; Quy định 124-QĐ/TW,
    Điều 12; Quy định 366-QĐ/TW)."""
    collective = ctx.case.collective
    total = len(collective.subunits)
    disciplined = sum(1 for s in collective.subunits if s.disciplined)
    if collective.disciplined:
        reason = "bị thi hành kỷ luật trong năm"
    elif more_than(disciplined, total, ctx.settings.excess_share):
        reason = (
            f"có {disciplined}/{total} tổ chức trực thuộc bị kỷ luật "
            f"(trên {percent(ctx.settings.excess_share)})"
        )
    else:
        return
    yield Verdict(
        COLLECTIVE_DISCIPLINE,
        collective.id,
        "KHTNV",
        f"{ctx.collective_label()} {reason} nên chỉ được xếp loại "
        f"{level_name('KHTNV')}{proposed(collective.level)}.",
    )


SHARED_RULES = (
    excluded_exempt,
    excluded_suspended,
    excluded_new_member,
    cap_sick_leave,
    cap_discipline,
    cap_state_track,
    quota_htxsnv,
    collective_discipline,
)
"""The rules of every pack, in the order the contract lists them."""
