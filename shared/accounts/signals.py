"""Reactions to changes made anywhere: a password change, an ended membership, a login."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from shared.accounts import middleware, services
from shared.accounts.models import Membership, Person, TokenRevocation


@receiver(pre_save, sender=Person)
def _note_password_change(
    sender: Any, instance: Person, update_fields: Any = None, **kwargs: Any
) -> None:
    # Every way of changing a password (reset link, admin, shell) saves the person;
    # compare with the stored hash so none of them is missed.
    instance._password_changed = False  # type: ignore[attr-defined]
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = Person.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_changed = stored is not None and stored != instance.password  # type: ignore[attr-defined]


@receiver(post_save, sender=Person)
def _revoke_tokens_on_password_change(sender: Any, instance: Person, **kwargs: Any) -> None:
    if getattr(instance, "_password_changed", False):
        services.api_tokens_revoke_all(
            person_id=instance.pk, reason=TokenRevocation.PASSWORD_CHANGED
        )
        instance._password_changed = False  # type: ignore[attr-defined]


@receiver(post_delete, sender=Membership)
def _revoke_tokens_when_membership_ends(sender: Any, instance: Membership, **kwargs: Any) -> None:
    # membership_remove revokes them itself; this catches deletions made elsewhere
    # (the platform admin's inline, a cascade).
    services.api_tokens_revoke_all(
        person_id=instance.person_id,
        organization_id=instance.organization_id,
        reason=TokenRevocation.MEMBERSHIP_ENDED,
    )


@receiver(user_logged_in)
def _start_idle_clock(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # Start the idle clock at login, so the first request after it need not write the session.
    if request is not None and hasattr(request, "session"):
        request.session[middleware.LAST_SEEN_KEY] = int(time.time())
