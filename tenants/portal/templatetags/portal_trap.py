"""The portal's time trap: the signed time a form was shown, in a hidden field."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from tenants.portal import ratelimit

register = template.Library()


@register.simple_tag(takes_context=True)
def rendered_at_field(context: dict[str, Any]) -> str:
    """A hidden input with the signed time of this rendering (blank outside an organisation)."""
    request = context.get("request")
    organization = getattr(request, "tenant", None)
    if organization is None:
        return ""
    token = ratelimit.rendered_at_token(organization=organization)
    return format_html(
        '<input type="hidden" name="{}" value="{}">', ratelimit.RENDERED_AT_FIELD, token
    )
