"""The clerk's register: "Số {n}-{type}/{issuer}" from 01 per type per committee term (§7)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kiemdiem.documents import services
from kiemdiem.documents.models import RegisterEntry
from kiemdiem.orgs.models import BodyKind, LeadershipBody

pytestmark = pytest.mark.django_db

DAY = datetime.date(2020, 11, 20)


def take(cast, type_code="QĐ", on=DAY, number=None, actor=None):  # type: ignore[no-untyped-def]
    return services.register_number_take(
        actor=actor or cast.officer,
        issuer=cast.committee,
        type_code=type_code,
        issuer_code="ĐU",
        issued_on=on,
        title="Quyết định khen thưởng",
        number=number,
    )


def test_numbers_count_from_01_per_type(cast):
    assert [take(cast).n for _ in range(3)] == [1, 2, 3]
    assert take(cast, type_code="BC").n == 1
    assert str(take(cast)) == "Số 04-QĐ/ĐU (20/11/2020)"


def test_a_new_committee_term_numbers_from_01_again(cast):
    LeadershipBody.objects.create(
        unit=cast.committee,
        kind=BodyKind.EXECUTIVE_COMMITTEE,
        term_start=datetime.date(2015, 7, 1),
        term_end=datetime.date(2020, 6, 30),
    )
    LeadershipBody.objects.create(
        unit=cast.committee,
        kind=BodyKind.EXECUTIVE_COMMITTEE,
        term_start=datetime.date(2020, 7, 1),
    )
    assert take(cast, on=datetime.date(2020, 5, 5)).n == 1
    assert take(cast, on=datetime.date(2020, 6, 1)).n == 2
    new_term = take(cast, on=datetime.date(2020, 8, 1))
    assert new_term.n == 1
    assert new_term.term_start == datetime.date(2020, 7, 1)
    # The same term across calendar years keeps counting.
    assert take(cast, on=datetime.date(2021, 2, 5)).n == 2


def test_without_a_recorded_term_the_register_counts_per_year(cast):
    assert take(cast, on=datetime.date(2020, 12, 30)).n == 1
    assert take(cast, on=datetime.date(2021, 1, 4)).n == 1


def test_a_number_the_clerk_holds_is_recorded_once(cast):
    assert take(cast, number=7).n == 7
    assert take(cast).n == 8
    with pytest.raises(ValidationError) as exc:
        take(cast, number=7)
    assert exc.value.error_list[0].code == "duplicate"
    assert RegisterEntry.objects.filter(n=7).count() == 1


def test_only_the_issuers_office_takes_numbers(cast):
    assert take(cast).n == 1
    with pytest.raises(PermissionDenied):
        take(cast, actor=cast.secretary_a)
    assert RegisterEntry.objects.count() == 1


def test_the_letterhead_signs_for_the_body_the_unit_has(cast):
    from kiemdiem.documents.selectors import letterhead_for

    def on_behalf(unit):  # type: ignore[no-untyped-def]
        return letterhead_for(unit=unit, place="Hà Nội", on=DAY).on_behalf

    assert on_behalf(cast.committee) == "T/M ĐẢNG ỦY"
    assert on_behalf(cast.cell_a) == "T/M CHI BỘ"
    LeadershipBody.objects.create(
        unit=cast.committee, kind=BodyKind.STANDING_COMMITTEE, term_start=datetime.date(2020, 7, 1)
    )
    LeadershipBody.objects.create(
        unit=cast.cell_a, kind=BodyKind.CELL_COMMITTEE, term_start=datetime.date(2020, 7, 1)
    )
    assert on_behalf(cast.committee) == "T/M BAN THƯỜNG VỤ"
    assert on_behalf(cast.cell_a) == "T/M CHI ỦY"
    head = letterhead_for(unit=cast.cell_a, place="", on=DAY)
    assert (head.superior_body, head.issuer_code, head.place) == (
        "Đảng bộ Sư đoàn 1",
        "CB",
        "Hà Nội",
    )
