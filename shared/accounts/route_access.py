"""Fail closed: refuse every resolved view that does not declare who may use it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from shared.accounts.permissions import access_declaration

logger = logging.getLogger(__name__)


class RouteDeclarationMiddleware:
    """Refuse (403) a view that declares no access, on every host, before it runs.

    A view declares access with ``MemberRequiredMixin`` / ``@capability_required``
    / ``HasCapability``, ``PublicRouteMixin`` / ``@public_route`` /
    ``PublicEndpoint``, or the platform staff markers (see
    ``shared.accounts.permissions``). A view that forgot is a bug: refuse it to
    everyone rather than serve it to anyone, and log which one it was.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        match = request.resolver_match
        namespace = match.namespace if match is not None else ""
        if access_declaration(view_func, namespace=namespace) is None:
            logger.error(
                "Refused %s %s: view %s declares no access.",
                request.method,
                request.path,
                getattr(view_func, "__qualname__", view_func),
            )
            raise PermissionDenied(_("Sidan saknar en behörighetsregel och visas inte."))
        return None
