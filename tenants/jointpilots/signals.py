"""A council decision on a pilot case answers the invitation, in the decision's own transaction."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from tenants.council.models import Decision
from tenants.jointpilots import services


@receiver(post_save, sender=Decision, dispatch_uid="jointpilots.council_decision_answers")
def decision_recorded(sender: Any, instance: Decision, created: bool, **kwargs: Any) -> None:
    """Whichever page recorded it, a pilot case's decision is the organisation's answer."""
    if created and not kwargs.get("raw"):
        services.council_decision_answer(decision=instance)
