"""Refill the schema pool in the background, on the provisioning queue."""

from __future__ import annotations

from celery import shared_task

from shared.fleet import pool


# Named organizations.* so it is routed to the provisioning queue with the provisioning itself.
@shared_task(name="organizations.schema_pool_fill")
def schema_pool_fill(**kwargs: object) -> int:
    """Bring the pool of ready schemas back to its size; running it twice does no harm."""
    return len(pool.schema_pool_fill())
