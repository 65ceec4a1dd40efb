"""This organisation's own records of the joint pilots it was invited to.

A municipality's answer is a decision of its idea council: the invitation
becomes a case (``PilotCase``) with an idea of its own in this lock, put on a
meeting's agenda and decided like any other, with its registration number
and against the council's budget. A partner has no idea council: its answer
is a ``PartnerDecision`` recorded by a person who may decide for it. Both
stay here when the organisation leaves the pilot; the pilot is named by value.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.references import person_reference


class PilotCase(models.Model):
    """A joint pilot invitation prepared for the idea council (ärende om gemensam pilot)."""

    # The public pilot and this organisation's participant row, by value.
    pilot_id = models.PositiveBigIntegerField(unique=True)
    participant_id = models.PositiveBigIntegerField(unique=True)
    pilot_title = models.CharField(_("pilot"), max_length=200)
    owner_name = models.CharField(_("ägare"), max_length=200)
    idea = models.OneToOneField(
        "ideas.Idea", on_delete=models.PROTECT, related_name="pilot_case", verbose_name=_("idé")
    )
    units = ArrayField(
        models.CharField(max_length=200), verbose_name=_("enheter"), default=list, blank=True
    )
    proposed_amount_sek = models.DecimalField(
        _("föreslaget åtagande (kr)"), max_digits=12, decimal_places=2, default=0
    )
    prepared_by = person_reference(_("beredd av"))
    prepared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ärende om gemensam pilot")
        verbose_name_plural = pgettext_lazy("plural", "ärenden om gemensamma piloter")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposed_amount_sek__gte=0),
                name="pilot_case_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pilot_title} (pilot {self.pilot_id})"


class PartnerDecision(models.Model):
    """A partner's decision on taking part in a joint pilot, with its own registration number."""

    pilot_id = models.PositiveBigIntegerField(unique=True)
    participant_id = models.PositiveBigIntegerField(unique=True)
    pilot_title = models.CharField(_("pilot"), max_length=200)
    takes_part = models.BooleanField(_("deltar"))
    committed_sek = models.DecimalField(
        _("åtagande (kr)"), max_digits=12, decimal_places=2, default=0
    )
    units = ArrayField(
        models.CharField(max_length=200), verbose_name=_("enheter"), default=list, blank=True
    )
    rationale = models.TextField(_("motivering"))
    registration_number = models.CharField(_("diarienummer"), max_length=40, unique=True)
    # The partner's own reference, when its board or management decided it elsewhere.
    external_reference = models.CharField(_("egen beteckning"), max_length=40, blank=True)
    decided_on = models.DateField(_("beslutsdatum"))
    decided_by = person_reference(_("beslutat av"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partnerbeslut om gemensam pilot")
        verbose_name_plural = pgettext_lazy("plural", "partnerbeslut om gemensamma piloter")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(committed_sek__gte=0),
                name="partner_decision_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(takes_part=True) | models.Q(committed_sek=0),
                name="partner_decision_no_commitment_when_declined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_number} (pilot {self.pilot_id})"
