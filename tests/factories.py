"""factory_boy factories for the rows tests need."""

from __future__ import annotations

import itertools
import secrets
from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone

from shared.accounts.models import Membership, Person
from tenants.calls.models import IdeaCall
from tenants.contacts.models import Contact
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea, Stage

TEST_PASSWORD = "ett-långt-testlösenord"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    role = "staff"


# --- Ideas: call these inside an organisation's schema (tenant_context) ----------------

_numbers = itertools.count(1)


def make_contact(**fields: Any) -> Contact:
    """A portal contact who gave consent and confirmed their address (unless told otherwise)."""
    n = next(_numbers)
    now = timezone.now()
    values: dict[str, Any] = {
        "name": f"Kontakt {n}",
        "email": f"kontakt{n}@example.org",
        "audience": "citizen",
        "consent_text": "Jag samtycker till att mina uppgifter sparas.",
        "consent_given_at": now,
        "confirmed_at": now,
        "access_token": secrets.token_urlsafe(32),
        **fields,
    }
    return Contact.objects.create(**values)


def make_call(**fields: Any) -> IdeaCall:
    """An idea call that is open today, for every audience."""
    today = timezone.localdate()
    values: dict[str, Any] = {
        "title": f"Utlysning {next(_numbers)}",
        "problem": "Hur minskar vi matsvinnet i skolköken?",
        "audiences": ["staff", "citizen", "business", "association"],
        "opens_on": today - timedelta(days=10),
        "closes_on": today + timedelta(days=10),
        **fields,
    }
    return IdeaCall.objects.create(**values)


def make_idea(**fields: Any) -> Idea:
    """Submit an idea through ``idea_submit``; a new staff person submits it unless told who."""
    n = next(_numbers)
    fields.setdefault("title", f"Idé nummer {n}")
    fields.setdefault("description", f"Beskrivning av idé nummer {n}.")
    fields.setdefault("audience", "staff")
    if fields.get("submitted_by") is None and fields.get("contact") is None:
        fields["submitted_by"] = PersonFactory()
    return idea_services.idea_submit(**fields)


def stage(key: str) -> Stage:
    """The stage with ``key`` (the defaults: received, screening, … declined, parked, merged)."""
    return Stage.objects.get(key=key)


def api_token_for(person: Person, organization: Any = None) -> Any:
    """An API token of ``person`` in ``organization`` (their only one by default).

    ``.key`` is the key: send ``HTTP_AUTHORIZATION=f"Token {token.key}"``; it works on that
    organisation's host only.
    """
    from shared.accounts import services as account_services

    if organization is None:
        organization = Membership.objects.get(person=person).organization
    return account_services.api_token_create(person=person, organization=organization)
