"""Number formatting for pages, in the Swedish way whatever the language: 18 604."""

from django import template

register = template.Library()


@register.filter
def thousands(value: object) -> str:
    """Group digits by three with a narrow no-break space."""
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return ""
    return f"{number:,}".replace(",", "\u202f")
