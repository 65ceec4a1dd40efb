"""Reads for the tenant side of the network: a source's publication, its preview, similar work."""

from __future__ import annotations

from network.exchange import selectors as network_selectors
from network.exchange.models import Publication
from shared.core import tenancy
from tenants.sharing import snapshots


def publication_of(*, kind: str, source_id: int) -> Publication | None:
    """This organisation's publication of one of its rows (published or withdrawn), or None."""
    organization = tenancy.current_organization()
    if organization is None:
        return None
    return network_selectors.publication_of_source(
        organization_id=organization.pk, kind=kind, source_id=source_id
    )


def snapshot_preview(*, kind: str, source_id: int) -> snapshots.Snapshot | None:
    """Exactly what publishing would share, for the publisher to read first."""
    row = snapshots.source_row(kind, source_id)
    return snapshots.snapshot_of(kind, row) if row is not None else None


def similar_elsewhere(*, title: str, text: str, limit: int = 5) -> list[Publication]:
    """Published items of other organisations like this one; never another's unpublished data."""
    organization = tenancy.current_organization()
    return network_selectors.publication_similar(
        title=title,
        text=text,
        exclude_organization_id=organization.pk if organization else None,
        limit=limit,
    )
