"""Who is acting: the person behind a request, or the one a service was handed."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest

from shared.accounts.models import Person


def person_of(request: HttpRequest | Any) -> Person:
    """The logged-in person of a page or API request (the permission layer made sure of one)."""
    return cast(Person, request.user)


def stored_person(by: Any) -> Person | None:
    """``by`` when it is a stored person; views may hand over an anonymous user."""
    return by if isinstance(by, Person) and by.pk else None
