"""Reads on provenance: where an adopted idea or method came from."""

from __future__ import annotations

from tenants.adopted.models import Provenance
from tenants.ideas.models import Idea
from tenants.library.models import Method


def provenance_of_idea(*, idea: Idea) -> Provenance | None:
    """Where ``idea`` came from, if it was adopted from the network."""
    return Provenance.objects.filter(idea=idea).first()


def provenance_of_method(*, method: Method) -> Provenance | None:
    """Where ``method`` came from, if it was adopted from the network."""
    return Provenance.objects.filter(method=method).first()


def provenance_list() -> list[Provenance]:
    """Everything this organisation took in from the network, newest first."""
    return list(
        Provenance.objects.select_related("idea", "idea__stage", "method").order_by(
            "-adopted_at", "-pk"
        )
    )
