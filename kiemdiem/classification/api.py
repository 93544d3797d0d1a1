"""POST /api/v1/rules/check: the rules engine over HTTP, the same JSON in and out as the command.

The body is read raw and validated by the engine's own parser, so the API, the command and the
page refuse the same inputs with the same field paths (422, `{"detail": [{"loc", "msg"}]}`).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import Router

from kiemdiem.classification.rules import CaseError, check, loads
from kiemdiem.classification.schemas import EXAMPLE_CASE, CheckOut, ErrorOut

router = Router(tags=["rules"])

_REQUEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": "Một trường hợp xếp loại theo rules-contract.md "
                    "(rule_pack, stage, review_date, collective, members).",
                    "required": ["rule_pack", "stage", "review_date", "collective"],
                },
                "example": EXAMPLE_CASE,
            }
        },
    }
}


@router.post(
    "/check",
    response={200: CheckOut, 422: ErrorOut},
    summary="Kiểm tra một trường hợp xếp loại theo quy định của năm",
    description="Trả về not_classified, ceilings và findings; 422 nêu rõ trường dữ liệu sai.",
    openapi_extra=_REQUEST_BODY,
)
def rules_check(request: HttpRequest) -> Any:
    try:
        data = loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return 422, {"detail": [{"loc": [], "msg": f"not valid JSON: {exc}"}]}
    try:
        return 200, check(data)
    except CaseError as exc:
        return 422, {
            "detail": [{"loc": list(path), "msg": message} for path, message in exc.errors]
        }
