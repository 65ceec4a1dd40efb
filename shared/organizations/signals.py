"""Keep the platform's own row and base domain in place after every migrate."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_migrate
from django.dispatch import receiver

from shared.core.tenancy import current_schema_name


@receiver(post_migrate, dispatch_uid="organizations.platform_organization_ensure")
def platform_organization_ensure_after_migrate(sender: Any, **kwargs: Any) -> None:
    if getattr(sender, "label", None) != "organizations" or current_schema_name() != "public":
        return
    from shared.organizations.services import platform_organization_ensure

    platform_organization_ensure()
