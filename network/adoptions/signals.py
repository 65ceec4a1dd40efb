"""A new co-signature of a published need mails the need's followers, after commit."""

from __future__ import annotations

import functools
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from network.adoptions import tasks
from network.exchange.models import CoSignature


@receiver(post_save, sender=CoSignature, dispatch_uid="adoptions.cosignature_notifies")
def cosignature_created(sender: Any, instance: CoSignature, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        transaction.on_commit(
            functools.partial(tasks.cosignature_notify_followers.delay, cosignature_id=instance.pk)
        )
