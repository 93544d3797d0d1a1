"""Django admin for the organization. Unit and Person writes go through the services, so the
paths, name columns, ancestor columns, subtree totals, history and audit stay right."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kiemdiem.core import text
from kiemdiem.core.audit import audit_record, diff, snapshot
from kiemdiem.orgs import services
from kiemdiem.orgs.models import (
    BodyMembership,
    CellMembership,
    ClassificationRecord,
    DecidesFor,
    LeadershipBody,
    Person,
    Unit,
)


class UnitAdminForm(forms.ModelForm[Unit]):
    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "parent"]

    def clean_parent(self) -> Unit | None:
        parent: Unit | None = self.cleaned_data["parent"]
        unit = self.instance
        if parent is not None and unit.pk and parent.path.startswith(unit.path):
            raise forms.ValidationError(
                _("Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.")
            )
        return parent


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    form = UnitAdminForm
    list_display = ["code", "name", "kind", "parent", "depth", "member_total"]
    list_filter = ["kind", "depth"]
    search_fields = ["code", "name", "name_folded"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth", "member_total"]

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            unit = services.unit_create(
                actor=request.user,  # type: ignore[arg-type]
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                parent=data["parent"],
            )
            obj.pk, obj.path, obj.depth = unit.pk, unit.path, unit.depth
            obj._state.adding = False
            return
        fields = ["code", "name", "kind"]
        before = snapshot(Unit.objects.get(pk=obj.pk), fields)
        obj.name_folded = text.fold(obj.name)
        obj.save(update_fields=[*fields, "name_folded", "updated_at"])
        changes = diff(before, snapshot(obj, fields))
        if changes:
            audit_record(actor=request.user, verb="unit_update", instance=obj, changes=changes)
        if "parent" in form.changed_data:
            services.unit_move(actor=request.user, unit=obj, new_parent=data["parent"])  # type: ignore[arg-type]


@admin.register(DecidesFor)
class DecidesForAdmin(admin.ModelAdmin[DecidesFor]):
    list_display = ["subject", "scope", "decider"]
    raw_id_fields = ["subject", "decider"]


class CellMembershipInline(admin.TabularInline[CellMembership, Person]):
    model = CellMembership
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["full_name", "date_of_birth", "card_number", "status", "rank", "unit"]
    list_filter = ["status", "gender"]
    search_fields = ["name_folded", "card_number"]
    raw_id_fields = ["unit"]
    inlines = [CellMembershipInline]
    readonly_fields = ["full_name", "sort_key", "name_folded"]

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        """A new person through person_create, a change through person_update, a new cell
        through person_transfer (dated today)."""
        actor = request.user
        data = {name: form.cleaned_data[name] for name in form.changed_data if name != "unit"}
        if not change:
            person = services.person_create(
                actor=actor,  # type: ignore[arg-type]
                unit=form.cleaned_data["unit"],
                **{name: value for name, value in form.cleaned_data.items() if name != "unit"},
            )
            obj.pk = person.pk
            obj._state.adding = False
            return
        person = Person.objects.select_related("unit").get(pk=obj.pk)
        if data:
            person = services.person_update(actor=actor, person=person, **data)  # type: ignore[arg-type]
        if "unit" in form.changed_data:
            services.person_transfer(
                actor=actor,  # type: ignore[arg-type]
                person=person,
                to_unit=form.cleaned_data["unit"],
                on=timezone.localdate(),
            )

    def delete_model(self, request: HttpRequest, obj: Person) -> None:
        _audit_person_delete(request, [obj])
        super().delete_model(request, obj)
        services.member_totals_refresh()

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Person]) -> None:
        # The changelist's delete action runs outside the admin's transaction.
        _audit_person_delete(request, list(queryset))
        super().delete_queryset(request, queryset)
        services.member_totals_refresh()


def _audit_person_delete(request: HttpRequest, people: list[Person]) -> None:
    for person in people:
        audit_record(
            actor=request.user,
            verb="person_delete",
            instance=person,
            changes=snapshot(person, services.PERSON_AUDIT_FIELDS),
        )


@admin.register(CellMembership)
class CellMembershipAdmin(admin.ModelAdmin[CellMembership]):
    list_display = ["person", "unit", "start", "end", "reason"]
    raw_id_fields = ["person", "unit"]


class SeatInline(admin.TabularInline[BodyMembership, LeadershipBody]):
    model = BodyMembership
    extra = 0
    raw_id_fields = ["person"]


@admin.register(LeadershipBody)
class LeadershipBodyAdmin(admin.ModelAdmin[LeadershipBody]):
    list_display = ["unit", "kind", "term_start", "term_end"]
    list_filter = ["kind"]
    raw_id_fields = ["unit"]
    inlines = [SeatInline]


@admin.register(BodyMembership)
class BodyMembershipAdmin(admin.ModelAdmin[BodyMembership]):
    list_display = ["person", "body", "position", "command_title", "start", "end"]
    raw_id_fields = ["person", "body"]


@admin.register(ClassificationRecord)
class ClassificationRecordAdmin(admin.ModelAdmin[ClassificationRecord]):
    list_display = ["person", "year", "level", "award"]
    list_filter = ["year", "level"]
    raw_id_fields = ["person"]
