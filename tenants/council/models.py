"""The idea council (idéråd): meetings, agendas, decisions that are public records, budget."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.references import person_reference


class CouncilBudget(models.Model):
    """What the council may grant in a year, in SEK."""

    year = models.PositiveSmallIntegerField(_("år"), unique=True)
    amount_sek = models.DecimalField(_("budget (kr)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("idérådets budget")
        verbose_name_plural = pgettext_lazy("plural", "idérådets budgetar")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_sek__gte=0), name="budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount_sek} kr"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planerat")
    HELD = "held", _("Genomfört")


class Meeting(models.Model):
    """A council meeting (sammanträde)."""

    held_on = models.DateField(_("datum"))
    title = models.CharField(_("rubrik"), max_length=200)
    location = models.CharField(_("plats"), max_length=200, blank=True)
    minutes = models.TextField(_("protokoll"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    created_by = person_reference(_("skapat av"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = pgettext_lazy("plural", "sammanträden")

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class AgendaItem(models.Model):
    """An idea prepared for decision at a meeting, with its preparation memo."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    idea = models.ForeignKey("ideas.Idea", on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("ordning"))
    preparation_memo = models.TextField(_("beredning"))
    # Where the idea stood when the agenda was set: a decision on an idea that
    # has moved on since is refused with an explanation.
    stage_when_set = models.ForeignKey("ideas.Stage", on_delete=models.PROTECT, related_name="+")
    stage_changed_at_when_set = models.DateTimeField()

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = pgettext_lazy("plural", "ärenden")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "idea"], name="agenda_idea_once_per_meeting"
            ),
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position_unique"),
        ]

    def __str__(self) -> str:
        return f"§{self.position} {self.idea_id}"


class DecisionKind(models.TextChoices):
    FUND_TEST = "fund_test", _("Finansiera test")
    BROADEN = "broaden", _("Bredda")
    PILOT = "pilot", _("Genomföra pilot")
    IMPLEMENT = "implement", _("Införa")
    DECLINE = "decline", _("Avslå")
    PARK = "park", _("Parkera")


class Decision(models.Model):
    """A council decision (beslut): a public record with its own registration number."""

    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, related_name="decision"
    )
    idea = models.ForeignKey("ideas.Idea", on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("beslut"), max_length=16, choices=DecisionKind.choices)
    amount_granted_sek = models.DecimalField(
        _("beviljat belopp (kr)"), max_digits=12, decimal_places=2, default=0
    )
    rationale = models.TextField(_("motivering"))
    registration_number = models.CharField(_("diarienummer"), max_length=20, unique=True)
    registration_year = models.PositiveSmallIntegerField()
    registration_sequence = models.PositiveIntegerField()
    budget_override_reason = models.TextField(_("skäl att överskrida budgeten"), blank=True)
    decided_on = models.DateField(_("beslutsdatum"))
    recorded_by = person_reference(_("registrerat av"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Set when the submitter has been told: a retried task sends no second mail.
    submitter_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = pgettext_lazy("plural", "beslut")
        constraints = [
            models.UniqueConstraint(
                fields=["registration_year", "registration_sequence"],
                name="decision_registration_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_granted_sek__gte=0), name="decision_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=DecisionKind.values), name="decision_kind_valid"
            ),
            # Declining or parking an idea grants nothing.
            models.CheckConstraint(
                condition=~models.Q(kind__in=["decline", "park"], amount_granted_sek__gt=0),
                name="decision_no_grant_when_declined_or_parked",
            ),
        ]
        indexes = [models.Index(fields=["decided_on"], name="decision_decided_on")]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.get_kind_display()}"
