"""Labels for the network's adoption and evidence values, in the language of the page or mail."""

from __future__ import annotations

from typing import Any

from django import template

from network.adoptions.models import AdoptionCategory, Recommendation

register = template.Library()


@register.filter
def recommendation_label(value: str) -> str:
    """The recommendation's name ("Inför", "Justera", "Avsluta")."""
    return str(Recommendation(value).label) if value in Recommendation.values else value


@register.filter
def category_label(value: str) -> str:
    """The adoption category's name ("Kopierad", "Anpassad", "Först i sitt slag")."""
    return str(AdoptionCategory(value).label) if value in AdoptionCategory.values else value


@register.inclusion_tag("adoptions/_spread.html", takes_context=True)
def network_spread(context: dict[str, Any], publication: Any) -> dict[str, Any]:
    """The item's adopters, the evaluations that flowed back, and the way to take it in.

    For the network item page: ``{% load adoptions %}{% network_spread publication %}``.
    Reads public rows only, in one query.
    """
    from network.adoptions import selectors
    from shared.accounts.permissions import can
    from shared.core.tenancy import current_organization

    request = context.get("request")
    organization = current_organization()
    spread = selectors.spread_of(publication_id=publication.pk)
    return {
        "publication": publication,
        "spread": spread,
        "adoption": spread.adoption_by(organization),
        "may_adopt": request is not None
        and organization is not None
        and can(request, "network.adopt"),
        "is_own": organization is not None and publication.organization_id == organization.pk,
    }
