"""Logins for every member: created by the office in one action, handed out once, changed at the
first sign-in; roles given by the office; ended members lose access; tokens for scripts."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from kiemdiem.accounts import services
from kiemdiem.accounts.auth import token_issue
from kiemdiem.accounts.models import Role, RoleGrant, User
from kiemdiem.core.models import AuditEvent
from kiemdiem.orgs import services as org_services
from kiemdiem.orgs.models import PersonStatus
from kiemdiem.orgs.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def sign_in(username: str, password: str) -> Client:
    """Through the login form, as a person does (the lockout backend needs the request)."""
    client = Client()
    client.post(reverse("accounts:login"), {"username": username, "password": password})
    return client


def test_the_office_creates_a_login_for_every_member_without_one(cast):
    PersonFactory(unit=cast.cell_a, family_name="Đinh", middle_name="Văn", given_name="Khoa")
    PersonFactory(unit=cast.cell_b, family_name="Võ", middle_name="Thị", given_name="Hạnh")
    page = signed_in(cast.officer).post(
        reverse("accounts:unit_logins", args=[cast.committee.pk]), {"output": "print"}
    )
    text = page.content.decode()
    assert page["Cache-Control"] == "no-store"
    new = User.objects.filter(username__startswith="vothihanh").get()
    assert new.must_change_password is True
    assert new.grants.get().role == Role.MEMBER
    assert "vothihanh" in text
    assert text.count('class="print-page') == 2  # one printed page per cell
    assert AuditEvent.objects.filter(verb="logins_create").count() == 1


def test_a_second_run_creates_nobody_and_says_so(cast):
    client = signed_in(cast.officer)
    url = reverse("accounts:unit_logins", args=[cast.committee.pk])
    client.post(url, {"output": "print"})
    count = User.objects.count()
    again = client.post(url, {"output": "print"}, follow=True)
    assert User.objects.count() == count
    assert "đã có tài khoản" in again.content.decode()


def test_the_one_time_password_signs_in_once_and_must_be_changed(cast):
    PersonFactory(unit=cast.cell_a, family_name="Đinh", middle_name="Văn", given_name="Khoa")
    (issued,) = services.logins_create(actor=cast.officer, unit=cast.cell_a)
    client = sign_in(issued.username, issued.password)
    assert client.get(reverse("home"))["Location"] == reverse("accounts:password_change")
    assert client.get("/api/v1/me/tokens").status_code == 403
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": issued.password,
            "new_password": "Mat-khau-moi-2021",
            "new_password_again": "Mat-khau-moi-2021",
        },
    )
    assert client.get(reverse("home")).status_code == 200
    assert User.objects.get(username=issued.username).must_change_password is False


def test_the_sheet_has_every_new_login_and_one_worksheet_per_cell(cast):
    PersonFactory(unit=cast.cell_b, family_name="Võ", middle_name="Thị", given_name="Hạnh")
    response = signed_in(cast.officer).post(
        reverse("accounts:unit_logins", args=[cast.committee.pk]), {"output": "xlsx"}
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tất cả", "CB-B"]
    rows = [row for row in book["CB-B"].iter_rows(values_only=True) if row[0] == 1]
    assert rows[0][1] == "Võ Thị Hạnh"


def test_a_cell_secretary_cannot_create_logins(cast):
    PersonFactory(unit=cast.cell_a)
    before = User.objects.count()
    signed_in(cast.secretary_a).post(
        reverse("accounts:unit_logins", args=[cast.cell_a.pk]), {"output": "print"}
    )
    assert User.objects.count() == before


def test_the_command_writes_the_sheet(cast, tmp_path):
    PersonFactory(unit=cast.cell_a, family_name="Đinh", middle_name="Văn", given_name="Khoa")
    out = tmp_path / "tai-khoan.xlsx"
    call_command("logins_create", "CB-A", "--out", str(out))
    book = openpyxl.load_workbook(out)
    assert "CB-A" in book.sheetnames
    assert AuditEvent.objects.get(verb="logins_create").actor.username == "kiemdiem-system"


def test_a_member_who_transferred_out_can_no_longer_sign_in_nor_use_a_token(cast):
    raw = token_issue(user=cast.member_a, name="script")
    org_services.person_update(
        actor=None, person=cast.person_a, status=PersonStatus.TRANSFERRED_OUT
    )
    assert "_auth_user_id" not in sign_in("dangvien_a", PASSWORD).session
    assert Client().get("/api/v1/me", headers=bearer(raw)).status_code == 401


def test_a_script_writes_with_a_bearer_token_and_no_csrf_cookie(cast):
    PersonFactory(unit=cast.cell_a, family_name="Đinh", middle_name="Văn", given_name="Khoa")
    raw = token_issue(user=cast.officer, name="script")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/api/v1/units/{cast.cell_a.pk}/logins",
        content_type="application/json",
        headers=bearer(raw),
    )
    assert response.status_code == 201
    assert [row["full_name"] for row in response.json()] == ["Đinh Văn Khoa"]


def test_a_session_write_without_its_csrf_token_is_refused(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.officer)
    response = client.post("/api/v1/me/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert not cast.officer.api_tokens.exists()


def test_tokens_are_made_on_the_account_page_and_shown_once(cast):
    client = signed_in(cast.member_a)
    page = client.post(reverse("accounts:account"), {"name": "bao-cao"}).content.decode()
    token = cast.member_a.api_tokens.get()
    assert 'id="new-token"' in page
    raw = page.split('id="new-token" class="token">')[1].split("<")[0]
    assert Client().get("/api/v1/me", headers=bearer(raw)).json()["username"] == "dangvien_a"
    assert 'id="new-token"' not in client.get(reverse("accounts:account")).content.decode()
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert not cast.member_a.api_tokens.exists()


def test_the_office_gives_a_member_the_cell_secretary_role(cast):
    client = signed_in(cast.officer)
    client.post(
        reverse("accounts:unit_grant", args=[cast.cell_a.pk]),
        {"username": "dangvien_a", "role": "cell_secretary"},
    )
    grant = RoleGrant.objects.get(user=cast.member_a, role=Role.CELL_SECRETARY)
    assert grant.unit == cast.cell_a
    assert AuditEvent.objects.filter(verb="role_grant").count() == 1


def test_a_cell_secretary_cannot_give_roles(cast):
    signed_in(cast.secretary_a).post(
        reverse("accounts:unit_grant", args=[cast.cell_a.pk]),
        {"username": "dangvien_a", "role": "committee_office"},
    )
    assert not RoleGrant.objects.filter(user=cast.member_a, role=Role.COMMITTEE_OFFICE).exists()


def test_a_login_outside_the_offices_tree_cannot_be_given_a_role(cast):
    office_a = User.objects.create_user("vanphong_a", password=PASSWORD)
    RoleGrant.objects.create(user=office_a, role=Role.COMMITTEE_OFFICE, unit=cast.cell_a)
    response = signed_in(office_a).post(
        f"/api/v1/units/{cast.cell_a.pk}/grants",
        {"username": "dangvien_b", "role": "cell_secretary"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not RoleGrant.objects.filter(user=cast.outsider, role=Role.CELL_SECRETARY).exists()


def test_the_secretary_sees_who_has_signed_in(cast):
    sign_in("dangvien_a", PASSWORD)
    page = signed_in(cast.secretary_a).get(reverse("accounts:unit_logins", args=[cast.cell_a.pk]))
    rows = page.content.decode().split('id="member-logins"')[1]
    assert "dangvien_a" in rows
    assert "Chưa đăng nhập" not in rows.split("dangvien_a")[1].split("</tr>")[0]


def test_an_office_cannot_take_back_the_role_of_the_office_that_appointed_it(cast):
    deputy = make_office_of(cast.committee, "pho_vanphong", cast)
    grant = RoleGrant.objects.get(user=cast.officer, role=Role.COMMITTEE_OFFICE)
    response = signed_in(deputy).delete(f"/api/v1/grants/{grant.pk}")
    assert response.status_code == 403
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_an_office_above_takes_back_an_office_below(cast):
    below = make_office_of(cast.cell_a, "vanphong_cba", cast)
    grant = RoleGrant.objects.get(user=below, role=Role.COMMITTEE_OFFICE)
    assert signed_in(cast.officer).delete(f"/api/v1/grants/{grant.pk}").status_code == 204


def test_a_token_cannot_make_more_tokens(cast):
    raw = token_issue(user=cast.member_a, name="script")
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/me/tokens", {"name": "more"}, content_type="application/json", headers=bearer(raw)
    )
    assert response.status_code == 403
    assert cast.member_a.api_tokens.count() == 1


def test_a_login_that_must_change_its_password_cannot_use_a_token(cast):
    raw = token_issue(user=cast.member_a, name="script")
    User.objects.filter(pk=cast.member_a.pk).update(must_change_password=True)
    assert Client().get("/api/v1/me", headers=bearer(raw)).status_code == 401


def make_office_of(unit, username, cast):  # type: ignore[no-untyped-def]
    """A member of the cast with a login given the office role over `unit` by the top office."""
    person = PersonFactory(unit=cast.cell_a)
    user = User.objects.create_user(username=username, password=PASSWORD, person=person)
    services.grant_role(actor=cast.officer, user=user, role=Role.COMMITTEE_OFFICE, unit=unit)
    return user
