"""The home page of every role: "Việc cần làm"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.worklist import selectors


@login_required
@require_GET
def home(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    sections = [
        ("member", selectors.member_todos(user=user)),
        ("secretary", selectors.secretary_todos(user=user)),
        ("office", selectors.office_todos(user=user)),
    ]
    return render(request, "worklist/home.html", {"sections": sections})
