"""Forms of the awards pages (shape only; eligibility is checked by the services)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kiemdiem.awards.models import AwardKind, CommendationProposal
from kiemdiem.orgs.models import Unit


class ProposeForm(forms.Form):
    year = forms.IntegerField(min_value=1901, max_value=2199, widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=AwardKind.choices, widget=forms.HiddenInput)
    person_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    organization_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("person_id") is None) == (data.get("organization_id") is None):
            raise forms.ValidationError(_("Chọn đúng một đảng viên hoặc một tổ chức."))
        return data


class DecisionForm(forms.Form):
    deciding_unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        queryset=Unit.objects.none(), label=_("Cấp quyết định")
    )
    number = forms.IntegerField(
        label=_("Số quyết định"),
        min_value=1,
        required=False,
        help_text=_("Để trống để lấy số tiếp theo trong sổ đăng ký văn bản."),
    )
    decided_on = forms.DateField(label=_("Ngày quyết định"))
    place = forms.CharField(label=_("Địa danh"), max_length=64, initial="Hà Nội")
    form_of_award = forms.CharField(label=_("Hình thức khen thưởng"), initial="Giấy khen")
    signer_name = forms.CharField(label=_("Người ký"), required=False)
    proposals: forms.ModelMultipleChoiceField[CommendationProposal] = (
        forms.ModelMultipleChoiceField(
            queryset=CommendationProposal.objects.none(),
            label=_("Đề nghị"),
            widget=forms.CheckboxSelectMultiple,
        )
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        proposals: QuerySet[CommendationProposal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Unit], self.fields["deciding_unit"]).queryset = units
        cast(
            forms.ModelMultipleChoiceField[CommendationProposal], self.fields["proposals"]
        ).queryset = proposals
