"""Tasks that keep the national figures: one recount per organisation, and the fan-out.

They read a tenant schema only through ``counting`` and write public rows; the
schema a task was sent from does not matter. Each is idempotent.
"""

from __future__ import annotations

from celery import shared_task

from network.figures import services


@shared_task(name="figures.recount_organization")
def figures_recount_organization(*, organization_id: int, **kwargs: object) -> int:
    """Recount one organisation's figures; return how many kept rows changed."""
    try:
        return services.figures_recount(organization_id=organization_id).changed
    except Exception as error:
        services.figures_recount_failed(organization_id=organization_id, error=repr(error))
        raise


@shared_task(name="figures.recount_fan_out")
def figures_recount_fan_out(**kwargs: object) -> int:
    """Queue a recount of every organisation (beat): repairs whatever an event missed."""
    organization_ids = services.organizations_to_count()
    for organization_id in organization_ids:
        figures_recount_organization.delay(organization_id=organization_id)
    return len(organization_ids)


@shared_task(name="figures.rollup_rebuild")
def figures_rollup_rebuild(**kwargs: object) -> int:
    """Recompute the national and county roll-ups from the organisations' rows (nightly)."""
    return services.figures_rollup_rebuild()
