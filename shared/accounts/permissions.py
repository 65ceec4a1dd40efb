"""The one permission layer: what a role in an organisation may do, and who may use a route.

Every view, API view and later feature asks ``can(request, capability)`` or
uses ``MemberRequiredMixin`` / ``HasCapability``; none checks roles itself.
A person without a membership in the organisation of the host they call gets
403, whatever session or token from another organisation they carry.

Routes fail closed: every view declares who may use it, or it is refused to
everyone (``RouteDeclarationMiddleware`` for pages, ``HasCapability`` as the
default DRF permission for the API). The declarations are:

- ``MemberRequiredMixin`` / ``@capability_required("x.y")`` / ``HasCapability``
  with ``required_capability`` or ``required_capabilities`` (by method; HEAD
  and OPTIONS count as GET): members whose role has the capability;
- ``PublicRouteMixin`` / ``@public_route(reason=...)`` / ``PublicEndpoint``
  with ``public_reason``: anyone, for the reason given (reviewed);
- ``PlatformStaffRequiredMixin`` / ``@platform_staff_required``: platform staff;
- ``CoordinatorRequiredMixin`` / ``@coordinator_required`` / ``IsNationalCoordinator``:
  the national coordinator and platform staff, on the public site (aggregate
  figures only; the coordinator has no membership of any organisation).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse
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
        # Read the network between organisations.
        "network.view",
        # Read joint pilots: published ones, and the inside of those the organisation is in.
        "pilots.view",
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
        # Take a network item into this lock (adoption); follow areas for the digest.
        "network.adopt",
        # Publish needs, proven ideas and methods to the network; co-sign others' needs.
        "network.publish",
        "network.cosign",
        # Propose and run joint pilots, prepare invitations for the council, write the log.
        "pilots.manage",
    }
)
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ADMIN: _MEMBER
    | _PIPELINE
    | {
        "members.manage",
        "settings.manage",
        "audit.view",
        "council.decide",
        "council.budget",
        # The organisation's plan, invoices, billing details and split (billing/).
        "billing.manage",
        # Its own identity provider, group-to-role mapping and requiring it (shared/sso).
        "sso.manage",
    },
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
            "network.view",
            "pilots.view",
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


ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])

# Methods that only read: they need what GET needs.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def capability_for(view: Any, method: str) -> str | None:
    """The capability ``view`` declares for ``method`` (HEAD and OPTIONS as GET), or None."""
    key = "GET" if method.upper() in READ_METHODS else method.upper()
    by_method = getattr(view, "required_capabilities", None) or {}
    if key in by_method:
        return by_method[key]
    capability = getattr(view, "required_capability", None)
    return capability or None


class MemberRequiredMixin(AccessMixin):
    """Page views: log in first, then be a member with the capability the method needs.

    ``required_capability`` applies to every method; ``required_capabilities``
    (``{"POST": "members.manage"}``) overrides it per method, HEAD and OPTIONS
    counting as GET.
    """

    required_capability: str | None = "workspace.view"
    required_capabilities: dict[str, str] = {}

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        capability = capability_for(self, request.method or "GET")
        if capability is None:
            raise PermissionDenied(_("Din roll ger inte behörighet till detta."))
        require(request, capability)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class PublicRouteMixin:
    """Page views open to anyone; ``public_reason`` says why (reviewed like code)."""

    public_reason: str = ""


class PlatformStaffRequiredMixin(AccessMixin):
    """Page views on the public site for platform staff only."""

    platform_staff_only = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not getattr(request.user, "is_platform_staff", False):
            raise PermissionDenied(_("Sidan är bara för plattformens personal."))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def may_see_national_figures(person: Any) -> bool:
    """The national coordinator and platform staff see the national figures; nobody else."""
    return bool(
        getattr(person, "is_authenticated", False)
        and (
            getattr(person, "is_national_coordinator", False)
            or getattr(person, "is_platform_staff", False)
        )
    )


class CoordinatorRequiredMixin(AccessMixin):
    """Page views on the public site for the national coordinator and platform staff."""

    coordinator_only = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not may_see_national_figures(request.user):
            raise PermissionDenied(_("Sidan är bara för nationella samordnare."))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def coordinator_required(view_func: ViewFunc) -> ViewFunc:
    """Function page views on the public site for the national coordinator and platform staff."""

    @wraps(view_func)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_see_national_figures(request.user):
            raise PermissionDenied(_("Sidan är bara för nationella samordnare."))
        return view_func(request, *args, **kwargs)

    wrapper.coordinator_only = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def capability_required(capability: str) -> Callable[[ViewFunc], ViewFunc]:
    """Function page views: log in first, then be a member whose role has ``capability``."""

    def decorator(view_func: ViewFunc) -> ViewFunc:
        @wraps(view_func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request, capability)
            return view_func(request, *args, **kwargs)

        wrapper.required_capability = capability  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def public_route(*, reason: str) -> Callable[[ViewFunc], ViewFunc]:
    """Function page views open to anyone, with the reviewed ``reason`` why."""
    if not reason.strip():
        raise ImproperlyConfigured("public_route needs a reason.")

    def decorator(view_func: ViewFunc) -> ViewFunc:
        @wraps(view_func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return view_func(request, *args, **kwargs)

        wrapper.public_reason = reason  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def platform_staff_required(view_func: ViewFunc) -> ViewFunc:
    """Function page views on the public site for platform staff only."""

    @wraps(view_func)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not getattr(request.user, "is_platform_staff", False):
            raise PermissionDenied(_("Sidan är bara för plattformens personal."))
        return view_func(request, *args, **kwargs)

    wrapper.platform_staff_only = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def _membership_for_api(request: Any) -> Any:
    # DRF authenticates tokens after Django's middleware ran, so look the
    # membership up here for token requests.
    if getattr(request._request, "membership", None) is None:
        from shared.accounts import selectors

        request._request.membership = selectors.membership_in(
            person=request.user, organization=getattr(request, "tenant", None)
        )
    return request._request.membership


class HasCapability(permissions.BasePermission):
    """API views: a membership in this organisation with the capability the method needs.

    The project's default permission. A view names ``required_capability`` for
    every method, or ``required_capabilities = {"GET": ..., "POST": ...}`` per
    method (HEAD and OPTIONS count as GET). A view that names nothing for the
    method is refused to everyone: endpoints fail closed.
    """

    message = NO_MEMBERSHIP_MESSAGE

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if _membership_for_api(request) is None:
            return False
        capability = capability_for(view, request.method)
        if capability is None or not can(request._request, capability):
            self.message = _("Din roll ger inte behörighet till detta.")
            return False
        return True


class IsNationalCoordinator(permissions.BasePermission):
    """API views on the public site for the national coordinator and platform staff."""

    message = _("Bara nationella samordnare får använda detta.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return may_see_national_figures(request.user)


class PublicEndpoint(permissions.BasePermission):
    """The reviewed opt-out: an API view open to anyone, with its ``public_reason``.

    Use as ``permission_classes = [PublicEndpoint]`` and say why in
    ``public_reason``; a view without a reason is refused.
    """

    def has_permission(self, request: Any, view: Any) -> bool:
        return bool(str(getattr(view, "public_reason", "")).strip())


# Namespaces whose views declare their own access: Django's admin on the public
# site logs people in itself and lets in only ``is_staff`` accounts.
SELF_GUARDED_NAMESPACES: dict[str, str] = {
    "admin": "Django admin: its own login, only is_staff accounts (platform staff).",
}


def access_declaration(view_func: Any, *, namespace: str = "") -> str | None:
    """Who a resolved view says may use it: ``capability``, ``public``, ``platform_staff``,
    ``coordinator``, ``self_guarded``, or None when it declares nothing (and must be refused).
    """
    if namespace and namespace.split(":")[0] in SELF_GUARDED_NAMESPACES:
        return "self_guarded"
    if getattr(view_func, "platform_staff_only", False):
        return "platform_staff"
    if getattr(view_func, "coordinator_only", False):
        return "coordinator"
    if getattr(view_func, "required_capability", None) or getattr(
        view_func, "required_capabilities", None
    ):
        return "capability"
    if str(getattr(view_func, "public_reason", "")).strip():
        return "public"
    view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
    if view_class is not None:
        from rest_framework.views import APIView

        if issubclass(view_class, APIView):
            classes = list(view_class.permission_classes)
            if any(issubclass(c, PublicEndpoint) for c in classes if isinstance(c, type)):
                return "public" if str(getattr(view_class, "public_reason", "")).strip() else None
            if any(issubclass(c, HasCapability) for c in classes if isinstance(c, type)):
                return "capability"
            if any(issubclass(c, IsNationalCoordinator) for c in classes if isinstance(c, type)):
                return "coordinator"
            return None
        if issubclass(view_class, PlatformStaffRequiredMixin):
            return "platform_staff"
        if issubclass(view_class, CoordinatorRequiredMixin):
            return "coordinator"
        if issubclass(view_class, MemberRequiredMixin):
            return "capability"
        if issubclass(view_class, PublicRouteMixin) and view_class.public_reason.strip():
            return "public"
        return None
    return None
