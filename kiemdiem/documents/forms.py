"""Forms of the documents pages (shape only)."""

from __future__ import annotations

from django import forms as django_forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kiemdiem.documents.selectors import FORM_CHOICES


class SelfReviewBatchForm(django_forms.Form):
    year = django_forms.IntegerField(label=_("Năm kiểm điểm"), min_value=1901, max_value=2199)
    forms = django_forms.ChoiceField(
        label=_("Mẫu"), choices=[(key, key) for key in FORM_CHOICES], initial="02A/02B"
    )
    place = django_forms.CharField(label=_("Địa danh"), max_length=64, initial="Hà Nội")
    date = django_forms.DateField(label=_("Ngày"), initial=timezone.localdate)
