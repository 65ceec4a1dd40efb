"""Pointers from tenant tables to people in the public schema.

Decision 0003: no database constraint across schemas; people are never deleted.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


def person_reference(verbose_name: Any, *, null: bool = True, **kwargs: Any) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=null,
        blank=null,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        **kwargs,
    )
