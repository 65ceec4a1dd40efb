"""Absolute addresses of the public site and of organisations."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def _origin(host: str) -> str:
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    return f"{settings.SITE_SCHEME}://{host}{port}"


def organization_url(organization: Any, path: str = "/") -> str:
    """Return the absolute URL of ``path`` on the organisation's primary domain."""
    domain = organization.domains.filter(is_primary=True).values_list("domain", flat=True).first()
    return _origin(domain or settings.BASE_DOMAIN) + path


def public_url(path: str = "/") -> str:
    """Return the absolute URL of ``path`` on the public site."""
    return _origin(settings.BASE_DOMAIN) + path
