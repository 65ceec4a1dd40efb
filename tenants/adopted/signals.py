"""When an adopted idea's test is evaluated, a summary flows back to its origin after commit."""

from __future__ import annotations

import functools
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from tenants.adopted import tasks
from tenants.adopted.models import Provenance
from tenants.trials.models import Evaluation


@receiver(post_save, sender=Evaluation, dispatch_uid="adopted.evaluation_flows_back")
def evaluation_recorded(sender: Any, instance: Evaluation, created: bool, **kwargs: Any) -> None:
    """Send the flow-back task once the evaluation of an adopted idea's test is committed."""
    if not created or kwargs.get("raw"):
        return
    idea_id = instance.trial.idea_id if instance.trial_id else None
    if idea_id is None or not Provenance.objects.filter(idea_id=idea_id).exists():
        return
    transaction.on_commit(
        functools.partial(tasks.evaluation_report_back.delay, evaluation_id=instance.pk)
    )
