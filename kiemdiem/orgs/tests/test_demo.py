"""The demo organization: a consistent fictional tree with one login per scope, loaded once."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from kiemdiem.accounts.models import Role, RoleGrant, User
from kiemdiem.core.models import AuditEvent
from kiemdiem.orgs import selectors
from kiemdiem.orgs.demo import DEMO_PASSWORD, FORBIDDEN_NAMES, ROOT_CODE, demo_load
from kiemdiem.orgs.models import (
    BodyKind,
    BodyMembership,
    CellMembership,
    DecidesFor,
    DecisionScope,
    LeadershipBody,
    Person,
    PersonStatus,
    Position,
    Unit,
    UnitKind,
)
from kiemdiem.orgs.naming import name_columns

pytestmark = pytest.mark.django_db
SMALL = 0.05


@pytest.fixture
def demo():  # type: ignore[no-untyped-def]
    return demo_load(size=SMALL)


@pytest.fixture
def root(demo) -> Unit:  # type: ignore[no-untyped-def]
    return Unit.objects.get(code=ROOT_CODE)


def test_every_unit_sits_under_the_root(demo, root):
    under_root = Unit.objects.filter(path__gte=root.path, path__lt=root.path_upper_bound)
    assert under_root.count() == Unit.objects.count() == demo.units
    assert (
        demo.cells
        == Unit.objects.filter(kind__in=[UnitKind.CELL, UnitKind.GRASSROOTS_CELL]).count()
    )
    assert 55 <= demo.cells <= 70
    assert set(Unit.objects.values_list("kind", flat=True)) == {
        UnitKind.PARTY_COMMITTEE,
        UnitKind.GRASSROOTS_COMMITTEE,
        UnitKind.GRASSROOTS_CELL,
        UnitKind.CELL,
    }
    assert root.children.count() == 11


def test_people_live_in_cells_only(demo):
    assert not Person.objects.exclude(
        unit__kind__in=[UnitKind.CELL, UnitKind.GRASSROOTS_CELL]
    ).exists()
    assert Person.objects.count() == demo.people


def test_every_person_has_one_open_membership_in_their_own_cell(demo):
    open_rows = CellMembership.objects.filter(end__isnull=True)
    assert open_rows.count() == Person.objects.count()
    assert not any(row.unit_id != row.person.unit_id for row in open_rows.select_related("person"))


def test_name_columns_are_stored_as_the_services_compute_them(demo):
    assert not Person.objects.filter(sort_key="").exists()
    assert not Person.objects.filter(name_folded="").exists()
    for person in Person.objects.order_by("?")[:25]:
        expected = name_columns(
            family_name=person.family_name,
            middle_name=person.middle_name,
            given_name=person.given_name,
            date_of_birth=person.date_of_birth,
        )
        assert (person.full_name, person.sort_key, person.name_folded) == (
            expected["full_name"],
            expected["sort_key"],
            expected["name_folded"],
        )


def test_members_were_adults_when_admitted_and_probationary_members_have_no_card(demo):
    probationary = 0
    for person in Person.objects.all():
        eighteenth = person.date_of_birth.replace(
            year=person.date_of_birth.year + 18, day=min(person.date_of_birth.day, 28)
        )
        assert person.admitted_on >= eighteenth
        if person.status == PersonStatus.PROBATIONARY:
            probationary += 1
            assert (person.official_on, person.card_number) == (None, None)
        else:
            assert person.official_on is not None
            assert person.official_on <= datetime.date(2020, 11, 1)
            assert len(person.card_number) == 8
            assert person.card_number.isdigit()
    assert probationary > 0


def test_the_names_of_the_seed_articles_officers_are_never_used(demo):
    assert not Person.objects.filter(full_name__in=FORBIDDEN_NAMES).exists()


def test_the_standing_committee_has_thirteen_seats_headed_by_the_political_commissar(root):
    body = LeadershipBody.objects.get(unit=root, kind=BodyKind.STANDING_COMMITTEE)
    assert (body.term_start.year, body.term_end.year) == (2020, 2025)
    seats = list(body.seats.order_by("position_rank", "id"))
    assert len(seats) == 13
    assert (seats[0].position, seats[0].command_title) == (Position.SECRETARY, "Chính ủy Quân khu")
    assert (seats[1].position, seats[1].command_title) == (
        Position.DEPUTY_SECRETARY,
        "Tư lệnh Quân khu",
    )
    assert {seat.position for seat in seats[2:]} == {Position.STANDING_MEMBER}
    assert seats[0].person.rank == "Trung tướng"


def test_the_executive_committee_holds_the_standing_committee_and_more(root):
    standing = set(
        BodyMembership.objects.filter(
            body__unit=root, body__kind=BodyKind.STANDING_COMMITTEE
        ).values_list("person_id", flat=True)
    )
    executive = BodyMembership.objects.filter(
        body__unit=root, body__kind=BodyKind.EXECUTIVE_COMMITTEE
    )
    assert standing < set(executive.values_list("person_id", flat=True))
    assert executive.filter(position=Position.EXECUTIVE_MEMBER).count() >= 5


def test_every_cell_has_a_secretary_and_a_deputy_secretary(demo):
    for cell in Unit.objects.filter(kind__in=[UnitKind.CELL, UnitKind.GRASSROOTS_CELL]):
        body = LeadershipBody.objects.get(unit=cell, kind=BodyKind.CELL_COMMITTEE)
        positions = list(
            body.seats.order_by("position_rank").values_list("position", "person__unit")
        )
        assert positions[:2] == [
            (Position.SECRETARY, cell.pk),
            (Position.DEPUTY_SECRETARY, cell.pk),
        ]


def test_every_unit_but_the_root_has_a_competent_level(root):
    for unit in Unit.objects.exclude(pk=root.pk):
        edge = DecidesFor.objects.get(subject=unit, scope=DecisionScope.ORGANIZATION)
        assert edge.decider.path < unit.path
        assert unit.path.startswith(edge.decider.path)
    assert not DecidesFor.objects.filter(subject=root).exists()
    cells = Unit.objects.filter(kind__in=[UnitKind.CELL, UnitKind.GRASSROOTS_CELL])
    assert DecidesFor.objects.filter(scope=DecisionScope.MEMBERS).count() == cells.count()
    grassroots_cell = cells.filter(kind=UnitKind.GRASSROOTS_CELL).first()
    assert (
        DecidesFor.objects.get(subject=grassroots_cell, scope=DecisionScope.MEMBERS).decider
        == grassroots_cell
    )


def test_the_cell_secretary_sees_only_their_own_cell(demo):
    secretary = User.objects.get(username="bithu_cb1")
    cell = secretary.person.unit
    assert list(selectors.units_in_scope(secretary)) == [cell]
    assert BodyMembership.objects.filter(
        body__unit=cell, person=secretary.person, position=Position.SECRETARY
    ).exists()
    assert set(selectors.people_in_scope(secretary)) == set(cell.people.all())


def test_committee_offices_see_their_subtree(root):
    office = User.objects.get(username="vanphong")
    assert selectors.units_in_scope(office).count() == Unit.objects.count()
    division = Unit.objects.get(code="SD-X1")
    office_f1 = User.objects.get(username="vanphong_f1")
    seen = selectors.units_in_scope(office_f1)
    assert set(seen) == set(Unit.objects.filter(path__startswith=division.path))
    assert root not in seen


def test_the_administrator_and_the_member_logins(demo):
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    assert RoleGrant.objects.filter(user=admin, role=Role.ADMINISTRATOR).exists()
    member = User.objects.get(username="dangvien")
    assert RoleGrant.objects.filter(user=member, role=Role.MEMBER).exists()
    assert not selectors.units_in_scope(member).exists()
    assert list(selectors.people_in_scope(member)) == [member.person]


def test_every_demo_login_signs_in_with_the_documented_password(demo, client):
    usernames = [username for username, _scope in demo.logins]
    assert usernames == ["admin", "vanphong", "vanphong_f1", "bithu_cb1", "dangvien"]
    for username in usernames:
        response = client.post(
            reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        assert client.session["_auth_user_id"] == str(User.objects.get(username=username).pk)
        client.logout()


def test_an_existing_account_with_a_demo_username_is_left_alone():
    User.objects.create_user("admin", password="mat-khau-rieng-1")
    demo_load(size=SMALL)
    admin = User.objects.get(username="admin")
    assert admin.check_password("mat-khau-rieng-1")
    assert not admin.is_superuser
    assert not admin.grants.exists()


def test_running_it_twice_changes_nothing(demo):
    counts = (Unit.objects.count(), Person.objects.count(), User.objects.count())
    again = demo_load(size=SMALL)
    assert again.created is False
    assert again.logins == demo.logins
    assert (Unit.objects.count(), Person.objects.count(), User.objects.count()) == counts
    assert AuditEvent.objects.filter(verb="demo_load").count() == 1


def test_size_scales_the_members_but_not_the_tree():
    summary = demo_load(size=0.2)
    assert 250 <= summary.people <= 350
    assert summary.cells >= 55


def test_the_command_prints_the_logins_and_is_idempotent():
    out = io.StringIO()
    call_command("demo", size=SMALL, demo_confirmed=True, stdout=out)
    assert "Đã tạo" in out.getvalue()
    assert "bithu_cb1" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()
    again = io.StringIO()
    call_command("demo", demo_confirmed=True, stdout=again)
    assert "đã có sẵn" in again.getvalue()
    assert "vanphong_f1" in again.getvalue()
