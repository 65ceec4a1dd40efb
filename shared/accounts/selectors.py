"""Reads on people and memberships."""

from __future__ import annotations

from typing import Any

from shared.accounts.models import Membership, Person


def membership_in(*, person: Any, organization: Any) -> Membership | None:
    """Return ``person``'s active membership in ``organization``, or None."""
    if organization is None or not getattr(person, "is_authenticated", False):
        return None
    return (
        Membership.objects.active()
        .select_related("organization")
        .filter(person=person, organization=organization)
        .first()
    )


def memberships_of(*, person: Person) -> list[Membership]:
    """Return the person's active memberships, by organisation name."""
    return list(
        Membership.objects.active()
        .filter(person=person)
        .select_related("organization")
        .order_by("organization__name")
    )


def members_of(*, organization: Any) -> list[Membership]:
    """Return an organisation's memberships with their people, by name."""
    return list(
        Membership.objects.filter(organization=organization)
        .select_related("person")
        .order_by("person__full_name")
    )
