"""Django admin writes go through the services: derived columns, history and audit stay right."""

from __future__ import annotations

import pytest

from kiemdiem.core.models import AuditEvent
from kiemdiem.orgs.models import CellMembership, Person, Unit
from kiemdiem.orgs.tests.test_subtree_members import assert_derived_columns_match_the_paths

pytestmark = pytest.mark.django_db


def person_form(person: Person | None = None, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "family_name": "Vũ",
        "middle_name": "Thị",
        "given_name": "Hạnh",
        "date_of_birth": "1990-04-02",
        "gender": "nu",
        "card_number": "01999999",
        "admitted_on": "2012-05-19",
        "official_on": "2013-05-19",
        "status": "official",
        "rank": "",
        "position": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    if person is not None:
        data.update(
            {
                "family_name": person.family_name,
                "middle_name": person.middle_name,
                "given_name": person.given_name,
                "date_of_birth": person.date_of_birth.isoformat(),
                "gender": person.gender,
                "card_number": person.card_number or "",
                "admitted_on": person.admitted_on.isoformat(),
                "official_on": person.official_on.isoformat() if person.official_on else "",
                "status": person.status,
                "unit": person.unit_id,
            }
        )
        count = person.memberships.count()
        data["memberships-TOTAL_FORMS"] = data["memberships-INITIAL_FORMS"] = str(count)
        for index, membership in enumerate(person.memberships.order_by("start", "id")):
            data.update(
                {
                    f"memberships-{index}-id": membership.pk,
                    f"memberships-{index}-person": person.pk,
                    f"memberships-{index}-unit": membership.unit_id,
                    f"memberships-{index}-start": membership.start.isoformat(),
                    f"memberships-{index}-end": membership.end.isoformat()
                    if membership.end
                    else "",
                    f"memberships-{index}-reason": membership.reason,
                }
            )
    data.update(changes)
    return data


def test_a_person_added_in_the_admin_gets_names_ancestors_history_and_an_audit_row(
    admin_client, cast
):
    response = admin_client.post("/admin/orgs/person/add/", person_form(unit=cast.cell_a.pk))
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = Person.objects.get(card_number="01999999")
    assert person.full_name == "Vũ Thị Hạnh"
    assert person.memberships.count() == 1
    assert AuditEvent.objects.filter(verb="person_create", object_id=str(person.pk)).exists()
    assert_derived_columns_match_the_paths()


def test_a_new_cell_set_in_the_admin_is_a_dated_transfer(admin_client, cast):
    person = cast.person_a
    response = admin_client.post(
        f"/admin/orgs/person/{person.pk}/change/", person_form(person, unit=cast.cell_b.pk)
    )
    assert response.status_code == 302
    assert (
        list(
            CellMembership.objects.filter(person=person)
            .order_by("start", "id")
            .values_list("unit__code", flat=True)
        )[-1]
        == "CB-B"
    )
    assert_derived_columns_match_the_paths()


def test_a_name_changed_in_the_admin_recomputes_the_sort_and_search_columns(admin_client, cast):
    person = cast.person_a
    response = admin_client.post(
        f"/admin/orgs/person/{person.pk}/change/", person_form(person, given_name="Ánh")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.full_name, person.name_folded) == ("Nguyễn Văn Ánh", "nguyen van anh")


def test_deleting_a_person_in_the_admin_updates_the_subtree_totals(admin_client, cast):
    response = admin_client.post(f"/admin/orgs/person/{cast.person_b.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert Unit.objects.get(pk=cast.committee.pk).member_total == 2
    assert_derived_columns_match_the_paths()


def test_a_unit_added_and_moved_in_the_admin_gets_a_path_and_moves_its_members(admin_client, cast):
    response = admin_client.post(
        "/admin/orgs/unit/add/", {"code": "DB-02", "name": "Đảng bộ Hai", "kind": "dang_bo"}
    )
    assert response.status_code == 302
    new_root = Unit.objects.get(code="DB-02")
    assert new_root.path
    response = admin_client.post(
        f"/admin/orgs/unit/{cast.cell_a.pk}/change/",
        {"code": "CB-A", "name": "Chi bộ A", "kind": "chi_bo", "parent": new_root.pk},
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=new_root.pk).member_total == 2
    assert_derived_columns_match_the_paths()


def test_the_admin_refuses_to_move_a_unit_under_its_own_cell(admin_client, cast):
    response = admin_client.post(
        f"/admin/orgs/unit/{cast.committee.pk}/change/",
        {
            "code": "DB-01",
            "name": "Đảng bộ Sư đoàn 1",
            "kind": "dang_bo_co_so",
            "parent": cast.cell_a.pk,
        },
    )
    assert response.status_code == 200
    assert Unit.objects.get(pk=cast.committee.pk).parent is None


def test_a_unit_renamed_in_the_admin_gets_an_audit_row(admin_client, cast):
    response = admin_client.post(
        f"/admin/orgs/unit/{cast.cell_a.pk}/change/",
        {"code": "CB-A", "name": "Chi bộ A mới", "kind": "chi_bo", "parent": cast.committee.pk},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(verb="unit_update", object_id=str(cast.cell_a.pk))
    assert event.changes["name"][1] == "Chi bộ A mới"


def test_people_deleted_with_the_admin_action_get_audit_rows_and_fresh_totals(admin_client, cast):
    people = [cast.person_a.pk, cast.person_b.pk]
    response = admin_client.post(
        "/admin/orgs/person/",
        {"action": "delete_selected", "_selected_action": people, "post": "yes"},
    )
    assert response.status_code == 302
    deleted = AuditEvent.objects.filter(verb="person_delete").values_list("object_id", flat=True)
    assert sorted(deleted) == sorted(str(pk) for pk in people)
    assert Unit.objects.get(pk=cast.committee.pk).member_total == 1
    assert_derived_columns_match_the_paths()


def test_a_person_deleted_in_the_admin_gets_an_audit_row(admin_client, cast):
    admin_client.post(f"/admin/orgs/person/{cast.person_b.pk}/delete/", {"post": "yes"})
    event = AuditEvent.objects.get(verb="person_delete")
    assert (event.object_id, event.changes["full_name"]) == (str(cast.person_b.pk), "Lê Thị Đào")
