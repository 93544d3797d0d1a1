"""Factories for the organization, built through the services so derived columns are right."""

from __future__ import annotations

import datetime
import itertools

import factory

from kiemdiem.orgs import services
from kiemdiem.orgs.models import Gender, Person, Unit, UnitKind

_codes = itertools.count(1)
_cards = itertools.count(10_000_001)


class UnitFactory(factory.Factory):
    class Meta:
        model = Unit

    code = factory.LazyFunction(lambda: f"U{next(_codes):05d}")
    name = factory.LazyAttribute(lambda o: f"Chi bộ {o.code}")
    kind = UnitKind.CELL
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        return services.unit_create(actor=None, **kwargs)


class PersonFactory(factory.Factory):
    class Meta:
        model = Person

    family_name = factory.Faker("last_name", locale="vi_VN")
    middle_name = factory.Faker("middle_name", locale="vi_VN")
    given_name = factory.Faker("first_name", locale="vi_VN")
    date_of_birth = factory.Faker(
        "date_between", start_date=datetime.date(1965, 1, 1), end_date=datetime.date(2000, 12, 31)
    )
    gender = Gender.MALE
    admitted_on = factory.LazyAttribute(
        lambda o: o.date_of_birth.replace(year=o.date_of_birth.year + 20, day=1)
    )
    official_on = factory.LazyAttribute(
        lambda o: o.admitted_on.replace(year=o.admitted_on.year + 1)
    )
    card_number = factory.LazyFunction(lambda: f"{next(_cards):08d}")
    rank = ""
    position = ""
    unit = factory.SubFactory(UnitFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        unit = kwargs.pop("unit")
        return services.person_create(actor=None, unit=unit, **kwargs)
