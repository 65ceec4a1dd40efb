"""The one permission layer: what a role in an organisation may do.

Every view, API view and later feature asks ``can(request, capability)`` or
uses ``MemberRequiredMixin`` / ``HasCapability``; none checks roles itself.
A person without a membership in the organisation of the host they call gets
403, whatever session or token from another organisation they carry.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from shared.accounts.models import Role

# Capabilities by role. Later features add capabilities here, never role checks.
# What every member may do: read the lock, and take part in it.
_MEMBER = frozenset(
    {
        "trials.view",
        "activities.view",
        "library.view",
        "workspace.view",
        "needs.view",
        "needs.submit",
        "calls.view",
        "ideas.view",
        "ideas.submit",
        "ideas.comment",
        "ideas.support",
        "ideas.follow",
    }
)
# Those who work the pipeline: triage, move, merge, publish, write internal notes.
_PIPELINE = frozenset(
    {
        "coaching.view",
        "coaching.manage",
        "council.view",
        "council.prepare",
        "trials.manage",
        "activities.manage",
        "library.manage",
        "reports.view",
        "members.view",
        "needs.manage",
        "calls.manage",
        "ideas.manage",
        "ideas.view_internal",
        "ideas.comment_internal",
    }
)
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ADMIN: _MEMBER
    | _PIPELINE
    | {"members.manage", "settings.manage", "audit.view", "council.decide", "council.budget"},
    Role.COACH: _MEMBER | _PIPELINE,
    Role.COUNCIL_MEMBER: _MEMBER
    | {
        "members.view",
        "ideas.view_internal",
        "ideas.comment_internal",
        "council.view",
        "council.decide",
        "reports.view",
    },
    Role.STAFF: _MEMBER,
    # Viewers read; they neither submit nor take part.
    Role.VIEWER: frozenset(
        {
            "workspace.view",
            "needs.view",
            "calls.view",
            "ideas.view",
            "trials.view",
            "activities.view",
            "library.view",
            "reports.view",
        }
    ),
}

NO_MEMBERSHIP_MESSAGE = _("Du är inte medlem i den här organisationen.")


def capabilities_of(role: str | None) -> frozenset[str]:
    return CAPABILITIES.get(role or "", frozenset())


def can(request: HttpRequest, capability: str) -> bool:
    """Tell whether the person behind ``request`` may use ``capability`` in this organisation."""
    membership = getattr(request, "membership", None)
    return membership is not None and capability in capabilities_of(membership.role)


def require(request: HttpRequest, capability: str) -> None:
    """Raise ``PermissionDenied`` unless ``can(request, capability)``."""
    if getattr(request, "membership", None) is None:
        raise PermissionDenied(NO_MEMBERSHIP_MESSAGE)
    if not can(request, capability):
        raise PermissionDenied(_("Din roll ger inte behörighet till detta."))


class MemberRequiredMixin(AccessMixin):
    """Page views: log in first, then be a member with ``required_capability``."""

    required_capability = "workspace.view"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require(request, self.required_capability)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class HasCapability(permissions.BasePermission):
    """API views: a membership in this organisation with the view's ``required_capability``.

    A view may name one capability for reads and another for writes with
    ``required_capabilities = {"GET": ..., "POST": ...}``.
    """

    message = NO_MEMBERSHIP_MESSAGE

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        # DRF authenticates tokens after Django's middleware ran, so look the
        # membership up here for token requests.
        if getattr(request._request, "membership", None) is None:
            from shared.accounts import selectors

            request._request.membership = selectors.membership_in(
                person=request.user, organization=getattr(request, "tenant", None)
            )
        if request._request.membership is None:
            return False
        by_method = getattr(view, "required_capabilities", {})
        capability = by_method.get(request.method, getattr(view, "required_capability", None))
        if capability is None:
            return True
        if not can(request._request, capability):
            self.message = _("Din roll ger inte behörighet till detta.")
            return False
        return True
