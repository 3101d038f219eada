"""The JSON error envelope: every 4xx and 5xx answer is {"error": {"status", "code", "message"}}.

Exceptions carry their status and code (search.errors); HTTP errors raised by Flask (404, 405)
get the same envelope; anything unexpected is logged and answered as a bare 500, never with a
stack trace.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Flask, Response
from werkzeug.exceptions import HTTPException

from search.errors import WartaError

log = logging.getLogger(__name__)


def json_response(
    payload: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """Payload as UTF-8 JSON, keys in the order built (the documented shape)."""
    body = json.dumps(payload, ensure_ascii=False)
    return Response(body, status=status, mimetype="application/json", headers=headers)


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    """The error envelope with this status."""
    envelope = {"error": {"status": status, "code": code, "message": message}}
    return json_response(envelope, status, headers)


def handle_warta_error(error: WartaError) -> Response:
    """Project errors: bad parameters (400), unknown articles (404), no index (503)."""
    if error.status >= 500:
        log.warning("%s: %s", error.code, error.message)
    return error_response(error.status, error.code, error.message)


def handle_http_error(error: HTTPException) -> Response:
    """Flask's own errors (unknown URL, wrong method, ...) in the same envelope."""
    if error.code is None or error.code < 400:  # redirects travel as exceptions too
        return error.get_response()
    code = (error.name or "error").lower().replace(" ", "_").replace("'", "")
    headers = {"Allow": error.get_response().headers["Allow"]} if error.code == 405 else None
    return error_response(error.code, code, error.description or error.name, headers)


def handle_unexpected(error: Exception) -> Response:
    """A defect: log it with its traceback, answer without one."""
    log.exception("unexpected error", exc_info=error)
    message = "an unexpected error occurred; it has been logged"
    return error_response(500, "internal_error", message)


def init_app(app: Flask) -> None:
    """Register the envelope for every error the app can raise."""
    app.register_error_handler(WartaError, handle_warta_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
