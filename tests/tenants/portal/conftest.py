"""Helpers for the public portal's tests: a visitor's client, ideas in the pipeline."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.utils.text import slugify
from django_tenants.utils import schema_context

from tenants.calls import selectors as call_selectors
from tenants.calls.models import IdeaCall
from tenants.contacts import services as contact_services
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea, Stage

CONSENT = "Jag samtycker (test)."


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Every test starts with no submissions counted (the cache outlives a test)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def visitor(client_for, tenant_a):
    """An anonymous visitor on Alfa's host."""
    return client_for(tenant_a)


def idea_form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Vera Visitor",
        "email": "vera@example.org",
        "organization_name": "",
        "audience": "citizen",
        "gender": "",
        "title": "Fler bänkar längs ån",
        "description": "Det behövs fler ställen att vila på promenaden längs ån.",
        "expected_benefit": "Äldre kan gå längre.",
        "call": "",
        "consent": "on",
        "webbplats": "",
    }
    data.update(overrides)
    return data


def make_contact(email: str = "kontakt@example.org", name: str = "Kim Kontakt", **fields: Any):
    return contact_services.contact_register(
        name=name,
        email=email,
        audience=fields.pop("audience", "citizen"),
        consent_text=CONSENT,
        **fields,
    )


def make_idea(
    schema: str,
    *,
    title: str = "En idé",
    description: str = "Beskrivning av idén.",
    public: bool = True,
    contact: Any = None,
    call: IdeaCall | None = None,
    **fields: Any,
) -> Idea:
    """Submit an idea in ``schema`` through the service, public or not."""
    with schema_context(schema):
        contact = contact or make_contact(email=f"{slugify(title)[:40] or 'x'}@example.org")
        idea = idea_services.idea_submit(
            title=title,
            description=description,
            audience=fields.pop("audience", "citizen"),
            contact=contact,
            call=call,
            is_public=public,
            **fields,
        )
        return idea


def make_call(
    schema: str, *, open_: bool = True, audiences: tuple[str, ...] = ("citizen",), **fields: Any
) -> IdeaCall:
    today = call_selectors.today()
    if open_:
        opens, closes = today - datetime.timedelta(days=5), today + datetime.timedelta(days=30)
    else:
        opens, closes = today - datetime.timedelta(days=60), today - datetime.timedelta(days=3)
    with schema_context(schema):
        return IdeaCall.objects.create(
            title=fields.pop("title", "Idéer om en tryggare stadskärna"),
            problem=fields.pop("problem", "Många känner sig otrygga i centrum på kvällen."),
            audiences=list(audiences),
            opens_on=opens,
            closes_on=closes,
            **fields,
        )


def stage(schema: str, key: str) -> Stage:
    with schema_context(schema):
        return Stage.objects.get(key=key)
