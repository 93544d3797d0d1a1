"""The REST API at /api/v1/: one NinjaAPI, one router per app, JSON errors naming the field."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from kiemdiem.accounts.auth import TokenAuth

logger = logging.getLogger("kiemdiem.api")

api = NinjaAPI(
    title="kiemdiem API",
    version="1",
    description="Kiểm điểm, đánh giá, xếp loại chất lượng và khen thưởng.",
    # The token first: a script's request carries no CSRF cookie, and the session check raises
    # "CSRF check Failed" rather than letting the next method try. Session requests keep it.
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


def validation_detail(exc: ValidationError) -> list[dict[str, object]]:
    detail: list[dict[str, object]] = []
    for error in exc.error_list:
        params = error.params or {}
        loc: list[object] = []
        for key in ("sheet", "row", "column", "field"):
            if key in params:
                loc.append(params[key])
        message = error.message % params if params else error.message
        detail.append({"loc": loc, "msg": str(message), "type": error.code or "invalid"})
    return detail


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": validation_detail(exc)}, status=422)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found"}, status=404)


@api.exception_handler(Exception)
def on_server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """An unexpected error answers JSON in every mode, never a traceback; the log keeps it."""
    logger.exception("API error on %s %s", request.method, request.path)
    return api.create_response(
        request, {"detail": "Lỗi máy chủ; đã ghi lại để kiểm tra."}, status=500
    )


def _register_routers() -> None:
    from kiemdiem.accounts.api import router as accounts_router
    from kiemdiem.awards.api import router as awards_router
    from kiemdiem.bulletin.api import router as bulletin_router
    from kiemdiem.classification.api import decisions_router
    from kiemdiem.classification.api import router as rules_router
    from kiemdiem.conferences.api import router as conferences_router
    from kiemdiem.documents.api import router as documents_router
    from kiemdiem.orgs.api import router as orgs_router
    from kiemdiem.orgs.roster.api import router as imports_router
    from kiemdiem.reports.api import router as reports_router
    from kiemdiem.reviews.api import router as reviews_router
    from kiemdiem.voting.api import router as voting_router

    api.add_router("/", orgs_router)
    api.add_router("/", accounts_router)
    api.add_router("/rules", rules_router)
    api.add_router("/imports", imports_router)
    api.add_router("/reviews", reviews_router)
    api.add_router("/news", bulletin_router)
    api.add_router("/awards", awards_router)
    api.add_router("/documents", documents_router)
    api.add_router("/reports", reports_router)
    api.add_router("/voting", voting_router)
    api.add_router("/conferences", conferences_router)
    api.add_router("/classification", decisions_router)


_register_routers()
