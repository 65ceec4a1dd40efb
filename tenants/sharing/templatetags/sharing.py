"""The network on the lock's own pages: a source's sharing panel, and similar work elsewhere."""

from __future__ import annotations

from typing import Any

from django import template

from shared.accounts.permissions import can
from tenants.sharing import selectors

register = template.Library()


@register.inclusion_tag("sharing/_panel.html", takes_context=True)
def network_sharing(context: dict[str, Any], kind: str, source_id: int) -> dict[str, Any]:
    """Whether a need, idea or method is in the network, with the way to publish or withdraw it.

    ``{% load sharing %}{% network_sharing "need" need.pk %}``; one query.
    """
    request = context.get("request")
    return {
        "kind": kind,
        "source_id": source_id,
        "publication": selectors.publication_of(kind=kind, source_id=source_id),
        "may_publish": request is not None and can(request, "network.publish"),
    }


@register.inclusion_tag("sharing/_similar.html")
def similar_elsewhere(title: str, text: str) -> dict[str, Any]:
    """Published items of other organisations like this one (liknande arbete på andra håll)."""
    return {"items": selectors.similar_elsewhere(title=title, text=text)}
