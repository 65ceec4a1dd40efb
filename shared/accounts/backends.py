"""Log in by e-mail address, in any letter case."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from shared.accounts.models import Person


class EmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Person | None:
        email = kwargs.get("email", username)
        if not email or password is None:
            return None
        person = Person.objects.filter(email__iexact=email.strip()).first()
        if person is None:
            # Spend the same time as a real check, so timing tells nothing.
            Person().set_password(password)
            return None
        if person.check_password(password) and self.user_can_authenticate(person):
            return person
        return None
