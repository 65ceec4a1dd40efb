"""Reads on people and memberships."""

from __future__ import annotations

from typing import Any

from shared.accounts.models import ApiToken, Membership, Person


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


def member_get(*, organization: Any, pk: int) -> Membership:
    """Return one membership of ``organization``; raises ``Membership.DoesNotExist`` elsewhere."""
    return Membership.objects.select_related("person", "organization").get(
        organization=organization, pk=pk
    )


def api_tokens_of(*, person: Any, organization: Any) -> list[ApiToken]:
    """Return a person's API tokens in one organisation, newest first, revoked ones too."""
    return list(
        ApiToken.objects.filter(person=person, organization=organization).order_by(
            "-created_at", "-pk"
        )
    )


def api_token_get(*, person: Any, organization: Any, pk: int) -> ApiToken:
    """Return one of the person's tokens in ``organization``; raises ``DoesNotExist`` otherwise."""
    return ApiToken.objects.select_related("person", "organization").get(
        person=person, organization=organization, pk=pk
    )


def people_who_may_reset_password(*, email: str, organization: Any) -> list[Person]:
    """Return the active people with ``email`` who may get a reset link on this host.

    Django's own form leaves out people without a usable password, which would
    strand an invited admin whose invitation expired. Here they are included
    when they are members of this organisation, since the link only works on
    its host anyway.
    """
    people = Person.objects.filter(email__iexact=email.strip(), is_active=True)
    return [
        person
        for person in people
        if person.has_usable_password()
        or Membership.objects.filter(person=person, organization=organization).exists()
    ]
