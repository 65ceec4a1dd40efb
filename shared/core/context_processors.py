"""Template context every page needs: the organisation, the person's role, the switcher."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from shared.accounts import selectors
from shared.accounts.permissions import capabilities_of
from shared.core import demo


def site(request: HttpRequest) -> dict[str, Any]:
    tenant = getattr(request, "tenant", None)
    membership = getattr(request, "membership", None)
    person = getattr(request, "user", None)
    other_organizations = []
    if person is not None and person.is_authenticated:
        # The membership middleware has read them already on an organisation's host.
        memberships = getattr(request, "memberships", None)
        if memberships is None:
            memberships = selectors.memberships_of(person=person)
        other_organizations = [
            m.organization for m in memberships if tenant is None or m.organization_id != tenant.pk
        ]
    return {
        "tenant": tenant,
        "is_public_site": tenant is not None and tenant.schema_name == "public",
        "membership": membership,
        "capabilities": capabilities_of(membership.role) if membership else frozenset(),
        "other_organizations": other_organizations,
        "is_demo": demo.is_demo_organization(tenant),
    }
