"""Forms for ballots (shape only; rules live in services)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kiemdiem.orgs.models import Unit
from kiemdiem.voting.models import Ballot


class BallotCreateForm(forms.Form):
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        queryset=None, label=_("Tổ chức đảng")
    )
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    year = forms.IntegerField(
        label=_("Năm"), min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year
    )
    kind = forms.ChoiceField(
        label=_("Hình thức"), choices=Ballot.Kind.choices, initial=Ballot.Kind.SECRET_BALLOT
    )

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Unit], self.fields["unit"]).queryset = units


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Mã bỏ phiếu"), max_length=16)
