"""Every page action of the review cycle has its API endpoint (style §2.1: one code path, the
page and the API calling the same service). A new page URL fails here until it is mapped."""

from __future__ import annotations

import pytest
from django.test import Client

from kiemdiem.reviews import urls

API = {
    "campaign_list": [("get", "/campaigns"), ("post", "/campaigns")],
    "campaign_detail": [("get", "/campaigns/{campaign_id}")],
    "campaign_plan": [("patch", "/campaigns/{campaign_id}/plan")],
    "campaign_transition": [("post", "/campaigns/{campaign_id}/transitions")],
    "unit_deadline_set": [
        ("put", "/campaigns/{campaign_id}/deadlines/{unit_id}"),
        ("get", "/campaigns/{campaign_id}/deadlines"),
    ],
    "campaign_open": [("post", "/campaigns/{campaign_id}/open")],
    "open_job": [("get", "/jobs/{job_id}")],
    "dashboard": [("get", "/campaigns/{campaign_id}/dashboard")],
    "dashboard_export": [("get", "/campaigns/{campaign_id}/dashboard.xlsx")],
    "hint_list": [
        ("get", "/campaigns/{campaign_id}/hints"),
        ("post", "/campaigns/{campaign_id}/hints"),
        ("get", "/campaigns/{campaign_id}/hint-targets"),
    ],
    "review_list": [("get", "/campaigns/{campaign_id}/reviews"), ("get", "/mine")],
    "self_review": [
        ("get", "/reviews/{review_id}"),
        ("get", "/reviews/{review_id}/check"),
        ("get", "/forms/{code}"),
    ],
    "self_review_save": [("put", "/reviews/{review_id}/draft")],
    "self_review_submit": [("post", "/reviews/{review_id}/submit")],
    "self_review_return": [("post", "/reviews/{review_id}/return")],
    "self_review_lock": [("post", "/reviews/{review_id}/lock")],
    "self_review_not_required": [("post", "/reviews/{review_id}/not-required")],
    "report_detail": [
        ("get", "/reviews/{review_id}/report"),
        ("get", "/reviews/{review_id}/report/comments"),
    ],
    "report_save": [("put", "/reviews/{review_id}/report")],
    "report_circulate": [("post", "/reports/{report_id}/circulate")],
    "report_comment": [("post", "/reports/{report_id}/comments")],
    "comment_resolve": [("post", "/comments/{comment_id}/resolve")],
    "report_revise": [("post", "/reports/{report_id}/revise")],
    "report_adopt": [("post", "/reports/{report_id}/adopt")],
    "report_reopen": [("post", "/reports/{report_id}/reopen")],
    "report_diff": [("get", "/reports/{report_id}/diff")],
}


def test_every_page_url_of_the_app_is_mapped_to_the_api():
    assert {pattern.name for pattern in urls.urlpatterns} == set(API)


@pytest.mark.django_db
def test_every_mapped_endpoint_is_in_the_openapi_document():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    missing = [
        (method, path)
        for endpoints in API.values()
        for method, path in endpoints
        if method not in paths.get(f"/api/v1/reviews{path}", {})
    ]
    assert missing == []
