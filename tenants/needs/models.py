"""The needs bank (behovsbank): problems and needs that ideas and calls answer."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.contacts.models import Audience


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Öppet")
    BEING_ADDRESSED = "being_addressed", _("Hanteras")
    SOLVED = "solved", _("Löst")
    WITHDRAWN = "withdrawn", _("Återkallat")


class Need(models.Model):
    """A need (behov) identified by a unit or by citizens."""

    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"))
    unit = models.CharField(_("enhet eller grupp som har behovet"), max_length=200, blank=True)
    affected = models.TextField(_("vilka som berörs"), blank=True)
    # In a group of municipalities: which of them this concerns (SCB code; blank: not stated).
    municipality_code = models.CharField(_("kommun"), max_length=4, blank=True, db_index=True)
    tags = ArrayField(
        models.CharField(max_length=50), verbose_name=_("taggar"), default=list, blank=True
    )
    source = models.CharField(
        _("kommer från"), max_length=16, choices=Audience.choices, default=Audience.STAFF
    )
    # Submitted through the portal: the contact's data stays in this schema.
    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("inlämnat via portalen av"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    # People live in the public schema. See docs/decisions/0003: no database
    # constraint across schemas, and people are anonymised, never deleted.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerat av"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registrerat"), auto_now_add=True)

    class Meta:
        verbose_name = _("behov")
        verbose_name_plural = pgettext_lazy("plural", "behov")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=NeedStatus.values), name="need_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"
