"""Forms for ballots (shape only; rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kiemdiem.voting.models import Ballot


class BallotCreateForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Tổ chức đảng"))  # type: ignore[arg-type]
    title = forms.CharField(label=_("Tiêu đề"), max_length=255)
    year = forms.IntegerField(
        label=_("Năm"), min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year
    )
    kind = forms.ChoiceField(
        label=_("Hình thức"), choices=Ballot.Kind.choices, initial=Ballot.Kind.SECRET_BALLOT
    )

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Mã bỏ phiếu"), max_length=16)
