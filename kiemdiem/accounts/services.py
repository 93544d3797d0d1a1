"""Writes of accounts: logins for a unit's members, password changes, API tokens.

Each service checks the actor, writes in one transaction and records an audit row. One-time
passwords are returned to the caller once and stored only as Django's password hash.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from kiemdiem.accounts.auth import ENDED_PERSON_STATUSES, token_digest
from kiemdiem.accounts.models import ApiToken, Role, RoleGrant, User
from kiemdiem.core import text
from kiemdiem.core.audit import audit_record
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import Person, Unit

# Letters and digits that cannot be mistaken for one another on a printed sheet.
ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
ONE_TIME_PASSWORD_LENGTH = 10
ENDED_STATUSES = ENDED_PERSON_STATUSES
TOKEN_NAME_MAX = 100


@dataclass(frozen=True)
class IssuedLogin:
    """A login handed out to one member: shown once, on the sheet the office prints."""

    username: str
    password: str
    full_name: str
    card_number: str
    cell_code: str
    cell_name: str


def _one_time_password() -> str:
    return "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(ONE_TIME_PASSWORD_LENGTH))


def username_base(person: Person) -> str:
    """ "nguyenvanan" for Nguyễn Văn An: the folded name without spaces, ASCII only."""
    folded = text.fold(person.full_name)
    return re.sub(r"[^a-z0-9]", "", folded)[:30] or "dangvien"


def _free_username(base: str, taken: set[str]) -> str:
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}{number}"
    taken.add(candidate)
    return candidate


def _in_subtree(unit: Unit) -> Q:
    """People whose cell lies in `unit`'s subtree (one indexed range on the path)."""
    return Q(unit__path__gte=unit.path, unit__path__lt=unit.path_upper_bound)


@transaction.atomic
def logins_create(*, actor: User, unit: Unit) -> list[IssuedLogin]:
    """A login for every member of `unit`'s subtree who has none yet (the members whose record has
    ended are skipped), each with a one-time password that must be changed at the first sign-in,
    and the member's role. Returns the new logins in cell and name order; nothing is stored of the
    passwords but their hashes."""
    if not org_selectors.user_can_manage_unit(user=actor, unit=unit):
        raise PermissionDenied(_("Chỉ văn phòng cấp ủy quản lý đơn vị mới tạo được tài khoản."))
    people = list(
        Person.objects.filter(_in_subtree(unit), user__isnull=True)
        .exclude(status__in=ENDED_STATUSES)
        .select_related("unit")
        .order_by("unit__path", "sort_key", "pk")
    )
    bases = {person.pk: username_base(person) for person in people}
    taken: set[str] = set()
    for initial in {base[:1] for base in bases.values()}:
        # One query per first letter, not per member: at most 36 for a whole Military Region.
        taken.update(
            User.objects.filter(username__startswith=initial).values_list("username", flat=True)
        )
    issued: list[IssuedLogin] = []
    users: list[User] = []
    for person in people:
        password = _one_time_password()
        user = User(
            username=_free_username(bases[person.pk], taken),
            first_name=person.given_name[:150],
            last_name=f"{person.family_name} {person.middle_name}".strip()[:150],
            person=person,
            must_change_password=True,
        )
        user.set_password(password)
        users.append(user)
        issued.append(
            IssuedLogin(
                username=user.username,
                password=password,
                full_name=person.full_name,
                card_number=person.card_number or "",
                cell_code=person.unit.code,
                cell_name=person.unit.name,
            )
        )
    created = User.objects.bulk_create(users)
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=Role.MEMBER) for user in created])
    audit_record(
        actor=actor,
        verb="logins_create",
        instance=unit,
        changes={"created": [user.username for user in created]},
    )
    return issued


@transaction.atomic
def password_change(*, actor: User, old_password: str, new_password: str) -> User:
    """The user's own password. A one-time password's holder must choose a new one."""
    if not actor.check_password(old_password):
        raise ValidationError(
            _("Mật khẩu hiện tại không đúng."), code="invalid", params={"field": "old_password"}
        )
    if new_password == old_password:
        raise ValidationError(
            _("Mật khẩu mới phải khác mật khẩu hiện tại."),
            code="same",
            params={"field": "new_password"},
        )
    try:
        validate_password(new_password, user=actor)
    except ValidationError as exc:
        raise ValidationError(
            " ".join(exc.messages), code="weak", params={"field": "new_password"}
        ) from exc
    actor.set_password(new_password)
    actor.must_change_password = False
    actor.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, verb="password_change", instance=actor, changes={})
    return actor


@transaction.atomic
def token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A bearer token for the user's own scripts; the raw value is returned once."""
    name = " ".join("".join(ch for ch in name if ch.isprintable()).split())
    if not name:
        raise ValidationError(
            _("Cần đặt tên cho mã truy cập."), code="required", params={"field": "name"}
        )
    if len(name) > TOKEN_NAME_MAX:
        raise ValidationError(
            _("Tên mã truy cập dài quá %(limit)s ký tự."),
            code="max_length",
            params={"field": "name", "limit": TOKEN_NAME_MAX},
        )
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=actor, name=name, digest=token_digest(raw))
    audit_record(actor=actor, verb="token_create", instance=token, changes={"name": name})
    return token, raw


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise PermissionDenied(_("Đây không phải mã truy cập của bạn."))
    audit_record(actor=actor, verb="token_revoke", instance=token, changes={"name": token.name})
    token.delete()


GRANTABLE_ROLES = (Role.COMMITTEE_OFFICE, Role.CELL_SECRETARY)


@transaction.atomic
def grant_role(*, actor: User, user: User, role: str, unit: Unit) -> RoleGrant:
    """Give `user` a role over `unit`'s subtree: the office of a committee, or a cell's
    secretary. Only an office over the unit (or an administrator) grants, and only to a login
    it can see (a member of its own tree)."""
    if not org_selectors.user_can_manage_unit(user=actor, unit=unit):
        raise PermissionDenied(_("Chỉ văn phòng cấp ủy quản lý đơn vị mới giao được vai trò."))
    if role not in GRANTABLE_ROLES:
        raise ValidationError(
            _("Vai trò «%(role)s» không giao được ở đây."),
            code="invalid",
            params={"field": "role", "role": role},
        )
    visible = user.person_id is not None and (
        org_selectors.people_in_scope(actor).filter(pk=user.person_id).exists()
    )
    if not visible and not org_selectors.user_scope(actor).everything:
        raise ValidationError(
            _("Không tìm thấy tài khoản này trong phạm vi của bạn."),
            code="invalid",
            params={"field": "user"},
        )
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        audit_record(
            actor=actor,
            verb="role_grant",
            instance=grant,
            changes={"user": user.username, "role": role, "unit": unit.code},
        )
    return grant


def _outranks(actor: User, unit: Unit) -> bool:
    """An administrator, or an office over a unit strictly above `unit`: who may take back an
    office's role (an office never removes its own level or the one that appointed it)."""
    scope = org_selectors.user_scope(actor)
    if scope.everything:
        return True
    return RoleGrant.objects.filter(
        user=actor, role=Role.COMMITTEE_OFFICE, unit_id__in=unit.ancestor_ids
    ).exists()


@transaction.atomic
def revoke_role(*, actor: User, grant: RoleGrant) -> None:
    """Take back a role: a cell secretary's by an office over the cell; an office's only by an
    office above that unit (or an administrator)."""
    if grant.unit is None or not org_selectors.user_can_manage_unit(user=actor, unit=grant.unit):
        raise PermissionDenied(_("Chỉ văn phòng cấp ủy quản lý đơn vị mới thu hồi được vai trò."))
    if grant.role == Role.COMMITTEE_OFFICE and not _outranks(actor, grant.unit):
        raise PermissionDenied(
            _("Vai trò văn phòng cấp ủy chỉ do văn phòng cấp trên của đơn vị đó thu hồi.")
        )
    if grant.user_id == actor.pk and grant.role == Role.COMMITTEE_OFFICE:
        raise ValidationError(
            _("Không tự thu hồi vai trò văn phòng cấp ủy của chính mình."),
            code="self",
            params={"field": "grant"},
        )
    audit_record(
        actor=actor,
        verb="role_revoke",
        instance=grant,
        changes={"user": grant.user.username, "role": grant.role, "unit": grant.unit.code},
    )
    grant.delete()
