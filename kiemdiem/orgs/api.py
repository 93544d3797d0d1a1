"""Organization API: the unit tree, subtrees, and people (search, paginated)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import PageNumberPagination, paginate

from kiemdiem.orgs import selectors
from kiemdiem.orgs.models import Person, Unit
from kiemdiem.orgs.schemas import PersonDetailOut, PersonOut, UnitNodeOut, UnitOut

router = Router(tags=["orgs"])


@router.get("/units", response=list[UnitNodeOut], summary="Đơn vị gốc trong phạm vi của người dùng")
def unit_roots(request: HttpRequest) -> list[Unit]:
    return list(selectors.unit_roots_for_user(user=request.user))  # type: ignore[arg-type]


@router.get("/units/{unit_id}", response=UnitOut, summary="Một đơn vị")
def unit_detail(request: HttpRequest, unit_id: int) -> Unit:
    return selectors.unit_get_for_user(user=request.user, pk=unit_id)  # type: ignore[arg-type]


@router.get("/units/{unit_id}/children", response=list[UnitNodeOut], summary="Đơn vị trực thuộc")
def unit_children(request: HttpRequest, unit_id: int) -> list[Unit]:
    unit = selectors.unit_get_for_user(user=request.user, pk=unit_id)  # type: ignore[arg-type]
    return list(selectors.unit_children(user=request.user, unit=unit))  # type: ignore[arg-type]


@router.get(
    "/units/{unit_id}/subtree", response=list[UnitOut], summary="Đơn vị và toàn bộ cấp dưới"
)
@paginate(PageNumberPagination, page_size=500)
def unit_subtree(request: HttpRequest, unit_id: int):  # type: ignore[no-untyped-def]
    unit = selectors.unit_get_for_user(user=request.user, pk=unit_id)  # type: ignore[arg-type]
    return selectors.unit_subtree(user=request.user, unit=unit)  # type: ignore[arg-type]


@router.get("/people", response=list[PersonOut], summary="Tìm đảng viên (không phân biệt dấu)")
@paginate(PageNumberPagination, page_size=50)
def people(request: HttpRequest, q: str = "", unit_id: int | None = None, subtree: bool = True):  # type: ignore[no-untyped-def]
    unit = selectors.unit_get_for_user(user=request.user, pk=unit_id) if unit_id else None  # type: ignore[arg-type]
    return selectors.person_list_paged(user=request.user, unit=unit, query=q, subtree=subtree)  # type: ignore[arg-type]


@router.get(
    "/people/{person_id}",
    response=PersonDetailOut,
    summary="Hồ sơ đảng viên và quá trình sinh hoạt",
)
def person_detail(request: HttpRequest, person_id: int) -> Person:
    person = selectors.person_get_for_user(user=request.user, pk=person_id)  # type: ignore[arg-type]
    person.memberships_list = list(selectors.person_memberships(person=person))  # type: ignore[attr-defined]
    return person
