"""Mail a task sends at most once per purpose, object and recipient, whatever the crashes.

A worker may die at any instruction, and the broker then hands its task to
another worker (``acks_late``, decision 0013). So every mail a task sends goes
through ``send_once``: the delivery is claimed in a transaction of its own and
committed *before* the mail leaves, then marked sent. A rerun finds the claim
and sends nothing. A worker killed between the claim and the mark leaves a
claim without ``sent_at``: the mail may or may not have left, and it is not
sent again (at most once). ``deliveries_unconfirmed`` counts those for
monitoring (``/healthz/broker``); the mail server's log, searched for the
delivery's Message-ID, tells whether it left. An error while sending (the
mail server refuses) releases the claim, so the task's retry sends it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from celery import current_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from shared.core.models import Delivery
from shared.core.tenancy import current_schema_name

# Every kind of mail a task sends: a delivery of any other purpose is refused.
PURPOSES: dict[str, str] = {
    "accounts.welcome": "welcome (invitation) to a new member, per membership",
    "adoptions.adopted": "followers of an item: another organisation adopted it",
    "adoptions.cosigned": "followers of a need: another organisation co-signed it",
    "adoptions.digest": "weekly digest, per organisation and week",
    "adoptions.evidence": "followers of an item: an adopter's evaluation flowed back",
    "coaching.next_step_reminder": "an owner's due next steps, per day",
    "contacts.confirmation": "a portal contact's personal link, per request",
    "council.decision": "the submitter of an idea the council decided on",
    "ideas.stage_change": "followers of an idea that moved",
    "pilots.decided": "a joint pilot's partners: a participant decided",
    "pilots.evaluated": "a joint pilot's partners: it was evaluated",
    "pilots.invited": "an organisation invited to a joint pilot",
    "pilots.started": "a joint pilot's partners: it started",
}

# A claim older than this without a mark is taken to be a worker that died while sending.
UNCONFIRMED_AFTER = datetime.timedelta(minutes=10)


def send_once(
    *,
    purpose: str,
    object_key: str | int,
    recipient: str,
    message: Callable[[], EmailMessage],
    schema_name: str | None = None,
) -> bool:
    """Send the mail ``message()`` builds unless this delivery was claimed before; True if sent.

    The delivery belongs to the current schema's organisation; a task that
    reads only public rows, whichever schema sent it, names ``schema_name="public"``.
    Must run outside any transaction (as a task does): the claim has to be
    committed before the mail leaves, or a crash would roll it back and a
    rerun would send the mail again.
    """
    if purpose not in PURPOSES:
        raise ValueError(f"Undeclared delivery purpose {purpose!r}.")
    key = {
        "purpose": purpose,
        "schema_name": schema_name or current_schema_name(),
        "object_key": str(object_key),
        "recipient": recipient,
    }
    try:
        with transaction.atomic(durable=True):
            delivery, created = Delivery.objects.get_or_create(
                **key, defaults={"task_id": _task_id()}
            )
    except IntegrityError:
        return False  # another run claimed it at the same moment
    if not created:
        return False
    try:
        mail = message()
        mail.extra_headers.setdefault("Message-ID", message_id(delivery))
        mail.send()
    except Exception:
        # The mail server refused it (or it could not be built): release the claim,
        # so that the task's retry sends it.
        Delivery.objects.filter(pk=delivery.pk).delete()
        raise
    Delivery.objects.filter(pk=delivery.pk).update(sent_at=timezone.now())
    return True


def was_sent(
    *, purpose: str, object_key: str | int, recipient: str, schema_name: str | None = None
) -> bool:
    """Whether this delivery (of the current schema unless named) is marked sent."""
    return Delivery.objects.filter(
        purpose=purpose,
        schema_name=schema_name or current_schema_name(),
        object_key=str(object_key),
        recipient=recipient,
        sent_at__isnull=False,
    ).exists()


def message_id(delivery: Delivery) -> str:
    """A Message-ID that names the delivery: the same on any attempt, findable in mail logs."""
    parts = [delivery.purpose, delivery.schema_name, delivery.object_key, delivery.recipient]
    local = ".".join(re.sub(r"[^A-Za-z0-9_-]", "-", part) for part in parts)
    return f"<{local}@{settings.BASE_DOMAIN}>"


def deliveries_unconfirmed(*, now: datetime.datetime | None = None) -> int:
    """Count claims never marked sent, older than ``UNCONFIRMED_AFTER``: mails that may be lost."""
    since = (now or timezone.now()) - UNCONFIRMED_AFTER
    return Delivery.objects.filter(sent_at__isnull=True, claimed_at__lt=since).count()


def _task_id() -> str:
    task = current_task
    request_id = getattr(getattr(task, "request", None), "id", None) if task else None
    return str(request_id or "")
