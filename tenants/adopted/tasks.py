"""The flow-back of an adopted idea's evaluation, run by a worker in the adopter's schema."""

from __future__ import annotations

from celery import shared_task

from tenants.adopted import services


@shared_task(name="adopted.evaluation_report_back")
def evaluation_report_back(*, evaluation_id: int, **kwargs: object) -> int | None:
    """Write the public summary of this evaluation for its origin; idempotent.

    Returns the public report's id, or None when the evaluation is not of an
    adopted idea's test.
    """
    report = services.evaluation_report_back(evaluation_id=evaluation_id)
    return report.pk if report is not None else None
