"""A saved need, idea, method, trial or evaluation refreshes its publication after commit.

After commit, one indexed query on the public table tells whether the source
is published; only then is the refresh sent, as a task (idempotent), once per
transaction and source however many rows of it were saved.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tenants.utils import get_public_schema_name, schema_context

from network.exchange.models import Publication, PublicationKind, PublicationStatus
from shared.core import tenancy
from tenants.ideas.models import Idea
from tenants.library.models import Method
from tenants.needs.models import Need
from tenants.sharing import tasks
from tenants.trials.models import Evaluation, MeasureResult, SuccessMeasure, Trial


class _Refresh:
    """The on-commit callback for one source; equal callbacks are queued once.

    The source is an idea, need or method by id, or the idea of a trial or of an
    evaluation, looked up after commit so that saving costs no query.
    """

    def __init__(self, schema_name: str, kind: str, source_id: int, via: str = "") -> None:
        self.key = (schema_name, kind, source_id, via)
        self.ran = False

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Refresh) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __call__(self) -> None:
        self.ran = True
        schema_name, kind, source_id, via = self.key
        with schema_context(schema_name):
            resolved = _resolve(source_id, via)
            organization = tenancy.current_organization()
            if resolved is None or organization is None:
                return
            published = Publication.objects.filter(
                organization_id=organization.pk,
                kind=kind,
                source_id=resolved,
                status=PublicationStatus.PUBLISHED,
            ).exists()
            if published:
                tasks.publication_refresh.delay(kind=kind, source_id=resolved)


def _resolve(source_id: int, via: str) -> int | None:
    if via == "evaluation":
        trial_id = (
            Evaluation.objects.filter(pk=source_id).values_list("trial_id", flat=True).first()
        )
        if trial_id is None:
            return None
        source_id, via = trial_id, "trial"
    if via == "trial":
        return Trial.objects.filter(pk=source_id).values_list("idea_id", flat=True).first()
    return source_id


def refresh_after_commit(kind: str, source_id: int | None, *, via: str = "") -> None:
    """After commit, refresh the publication of ``(kind, source_id)`` if it is published.

    ``via`` is "trial" or "evaluation" when ``source_id`` is that row's id, not
    the idea's. Nothing is queried while the change is written: saving a source
    that was never published costs one indexed lookup, after commit.
    """
    schema_name = tenancy.current_schema_name()
    if source_id is None or schema_name == get_public_schema_name():
        return
    callback = _Refresh(schema_name, kind, source_id, via)
    # Django keeps (savepoints, callback, robust) here until the transaction ends.
    queued = [entry[1] for entry in connection.run_on_commit]
    pending = [func for func in queued if isinstance(func, _Refresh) and not func.ran]
    if connection.in_atomic_block and callback in pending:
        return
    transaction.on_commit(callback)


@receiver(post_save, sender=Need, dispatch_uid="sharing.need_saved")
def need_saved(sender: Any, instance: Need, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        refresh_after_commit(PublicationKind.NEED, instance.pk)


@receiver(post_save, sender=Idea, dispatch_uid="sharing.idea_saved")
def idea_saved(sender: Any, instance: Idea, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        refresh_after_commit(PublicationKind.IDEA, instance.pk)


@receiver(post_save, sender=Method, dispatch_uid="sharing.method_saved")
def method_saved(sender: Any, instance: Method, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        refresh_after_commit(PublicationKind.METHOD, instance.pk)


@receiver(post_save, sender=Trial, dispatch_uid="sharing.trial_saved")
@receiver(post_delete, sender=Trial, dispatch_uid="sharing.trial_deleted")
def trial_changed(sender: Any, instance: Trial, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        refresh_after_commit(PublicationKind.IDEA, instance.idea_id)


@receiver(post_save, sender=SuccessMeasure, dispatch_uid="sharing.measure_saved")
@receiver(post_save, sender=Evaluation, dispatch_uid="sharing.evaluation_saved")
def trial_part_saved(sender: Any, instance: SuccessMeasure | Evaluation, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        refresh_after_commit(PublicationKind.IDEA, instance.trial_id, via="trial")


@receiver(post_save, sender=MeasureResult, dispatch_uid="sharing.result_saved")
def result_saved(sender: Any, instance: MeasureResult, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        refresh_after_commit(PublicationKind.IDEA, instance.evaluation_id, via="evaluation")
