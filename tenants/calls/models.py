"""Idea calls (utlysningar): targeted requests for ideas on a defined problem or need."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.contacts.models import Audience


class IdeaCall(models.Model):
    """A call for ideas with an audience, needs it answers, and the dates it is open."""

    title = models.CharField(_("rubrik"), max_length=200)
    problem = models.TextField(_("problemet vi vill ha idéer om"))
    needs = models.ManyToManyField(
        "needs.Need", verbose_name=_("behov"), blank=True, related_name="calls"
    )
    audiences = ArrayField(
        models.CharField(max_length=16, choices=Audience.choices),
        verbose_name=_("målgrupper"),
        default=list,
    )
    opens_on = models.DateField(_("öppnar"))
    closes_on = models.DateField(_("stänger"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("utlysning")
        verbose_name_plural = pgettext_lazy("plural", "utlysningar")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="call_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.opens_on}–{self.closes_on})"
