"""The WSGI application bench/http_load.py runs in gunicorn.

Everything is the project's own ``config.wsgi.application`` (production
settings, the full middleware), except paths under ``/bench/bare/``: those go
to a second Django handler built with no middleware and the benchmark's own
URL conf (``bench/http_bare.py``), in the same worker processes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.test.utils import override_settings

from config.wsgi import application as project_application

BARE_PREFIX = "/bench/bare/"


class _BareHandler(WSGIHandler):
    def __init__(self) -> None:
        # Middleware is read once, when the handler is built.
        with override_settings(MIDDLEWARE=[]):
            super().__init__()

    def get_response(self, request: Any) -> Any:
        request.urlconf = "http_bare"
        return super().get_response(request)


_bare_application = _BareHandler()


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if environ.get("PATH_INFO", "").startswith(BARE_PREFIX):
        return _bare_application(environ, start_response)
    return project_application(environ, start_response)
