"""The organisation's audit log: every change staff make, with before and after.

Rows are only ever inserted: a database trigger refuses UPDATE and DELETE.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.references import person_reference


class AuditEvent(models.Model):
    """Who changed what, when; written in the same transaction as the change."""

    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    actor = person_reference(_("utförd av"))
    action = models.CharField(_("händelse"), max_length=100, db_index=True)
    object_type = models.CharField(_("typ"), max_length=100)
    object_id = models.CharField(_("id"), max_length=64)
    object_label = models.CharField(_("gäller"), max_length=300, blank=True)
    before = models.JSONField(_("före"), default=dict, blank=True)
    after = models.JSONField(_("efter"), default=dict, blank=True)

    class Meta:
        verbose_name = _("granskningspost")
        verbose_name_plural = pgettext_lazy("plural", "granskningslogg")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_label}"
