"""Accounts API: the user's own login and tokens, and the logins of a unit's members."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from kiemdiem.accounts import selectors, services
from kiemdiem.accounts.models import ApiToken, RoleGrant, User
from kiemdiem.orgs import selectors as org_selectors

router = Router(tags=["accounts"])


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - the router's auth admits signed-in users only
    return user


class MeOut(Schema):
    username: str
    person_id: int | None
    full_name: str
    must_change_password: bool


class PasswordIn(Schema):
    old_password: str = Field(..., max_length=4096)
    new_password: str = Field(..., max_length=4096)


class TokenIn(Schema):
    name: str = Field(..., max_length=100, examples=["bao-cao-hang-thang"])


class TokenOut(Schema):
    id: int
    name: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(..., description="Shown once; only its digest is stored")


class MemberLoginOut(Schema):
    person_id: int
    full_name: str
    unit_id: int
    username: str
    last_login: datetime.datetime | None
    must_change_password: bool


class IssuedLoginOut(Schema):
    username: str
    password: str = Field(..., description="One-time password, shown once")
    full_name: str
    card_number: str
    cell_code: str
    cell_name: str


@router.get("/me", response=MeOut, summary="Tài khoản đang dùng")
def me(request: HttpRequest) -> dict[str, object]:
    user = _user(request)
    return {
        "username": user.username,
        "person_id": user.person_id,
        "full_name": user.person.full_name if user.person_id and user.person else "",
        "must_change_password": user.must_change_password,
    }


@router.post("/me/password", response={204: None}, summary="Đổi mật khẩu")
def password_change(request: HttpRequest, payload: PasswordIn) -> tuple[int, None]:
    services.password_change(
        actor=_user(request), old_password=payload.old_password, new_password=payload.new_password
    )
    return 204, None


@router.get("/me/tokens", response=list[TokenOut], summary="Các mã truy cập API của tôi")
def token_list(request: HttpRequest) -> list[ApiToken]:
    return list(selectors.tokens_of(user=_user(request)))


@router.post("/me/tokens", response={201: NewTokenOut}, summary="Tạo mã truy cập API")
def token_create(request: HttpRequest, payload: TokenIn) -> tuple[int, dict[str, object]]:
    if getattr(request, "by_token", False):
        raise PermissionDenied(
            _("Mã truy cập chỉ tạo được khi đăng nhập bằng mật khẩu, không bằng mã khác.")
        )
    token, raw = services.token_create(actor=_user(request), name=payload.name)
    return 201, {
        "id": token.pk,
        "name": token.name,
        "created_at": token.created_at,
        "last_used_at": None,
        "token": raw,
    }


@router.delete("/me/tokens/{token_id}", response={204: None}, summary="Thu hồi mã truy cập")
def token_revoke(request: HttpRequest, token_id: int) -> tuple[int, None]:
    user = _user(request)
    services.token_revoke(actor=user, token=selectors.token_get_own(user=user, pk=token_id))
    return 204, None


@router.get(
    "/units/{unit_id}/logins",
    response=list[MemberLoginOut],
    summary="Tài khoản và lần đăng nhập của đảng viên trong đơn vị",
)
def unit_logins(request: HttpRequest, unit_id: int) -> list[dict[str, object]]:
    unit = org_selectors.unit_get_for_user(user=_user(request), pk=unit_id)
    return [
        {
            "person_id": row.person.pk,
            "full_name": row.person.full_name,
            "unit_id": row.person.unit_id,
            "username": row.username,
            "last_login": row.last_login,
            "must_change_password": row.must_change_password,
        }
        for row in selectors.member_logins(unit=unit)
    ]


@router.post(
    "/units/{unit_id}/logins",
    response={201: list[IssuedLoginOut]},
    summary="Tạo tài khoản cho mọi đảng viên chưa có (mật khẩu một lần)",
)
def unit_logins_create(request: HttpRequest, unit_id: int) -> tuple[int, list[object]]:
    unit = org_selectors.unit_get_for_user(user=_user(request), pk=unit_id)
    return 201, list(services.logins_create(actor=_user(request), unit=unit))


class GrantIn(Schema):
    username: str = Field(..., max_length=150)
    role: str = Field(
        ..., examples=["cell_secretary"], description="cell_secretary or committee_office"
    )


class GrantOut(Schema):
    id: int
    username: str
    role: str
    unit_id: int


def _grant_out(grant: RoleGrant) -> dict[str, object]:
    return {
        "id": grant.pk,
        "username": grant.user.username,
        "role": grant.role,
        "unit_id": grant.unit_id,
    }


@router.get("/units/{unit_id}/grants", response=list[GrantOut], summary="Vai trò giao tại đơn vị")
def unit_grants(request: HttpRequest, unit_id: int) -> list[dict[str, object]]:
    unit = org_selectors.unit_get_for_user(user=_user(request), pk=unit_id)
    return [_grant_out(grant) for grant in selectors.unit_grants(unit=unit)]


@router.post(
    "/units/{unit_id}/grants",
    response={201: GrantOut},
    summary="Giao vai trò (bí thư chi bộ, văn phòng cấp ủy) cho một tài khoản",
)
def unit_grant(
    request: HttpRequest, unit_id: int, payload: GrantIn
) -> tuple[int, dict[str, object]]:
    user = _user(request)
    unit = org_selectors.unit_get_for_user(user=user, pk=unit_id)
    target = selectors.login_for_username(user=user, username=payload.username)
    grant = services.grant_role(actor=user, user=target, role=payload.role, unit=unit)
    return 201, _grant_out(grant)


@router.delete("/grants/{grant_id}", response={204: None}, summary="Thu hồi vai trò")
def grant_revoke(request: HttpRequest, grant_id: int) -> tuple[int, None]:
    user = _user(request)
    services.revoke_role(actor=user, grant=selectors.grant_get_for_user(user=user, pk=grant_id))
    return 204, None
