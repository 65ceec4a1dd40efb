"""Joint pilots (gemensamma piloter): several organisations test one idea together.

Public schema. A participant's decision is named by value (its registration
number, diarienummer, and date); nothing here points into a tenant schema.
Nothing personal is kept beyond the acting person's public ``Person`` row.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Custom cost shares are kept in basis points: 100 % is 10 000, exact to 0.01 %.
FULL_SHARE = 10_000


class PilotStatus(models.TextChoices):
    PROPOSED = "proposed", _("Föreslagen")
    RUNNING = "running", _("Pågår")
    EVALUATED = "evaluated", _("Utvärderad")
    ENDED = "ended", _("Avslutad")


class CostSplit(models.TextChoices):
    """How the joint budget is shared between the participants."""

    EQUAL = "equal", _("Lika delar")
    PER_INHABITANT = "per_inhabitant", _("Per invånare som tjänas")
    CUSTOM = "custom", _("Egna andelar")


class Pilot(models.Model):
    """A pilot run by several organisations together, owned by the one that proposed it."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("ägare"),
        on_delete=models.PROTECT,
        related_name="owned_pilots",
    )
    title = models.CharField(_("rubrik"), max_length=200)
    # What the whole network may read; the plan, log, budget and evaluation are the participants'.
    summary = models.TextField(_("sammanfattning"))
    plan = models.TextField(_("plan"), blank=True)
    area = models.CharField(_("område"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PilotStatus.choices, default=PilotStatus.PROPOSED
    )
    cost_split = models.CharField(
        _("kostnadsfördelning"), max_length=16, choices=CostSplit.choices, default=CostSplit.EQUAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("gemensam pilot")
        verbose_name_plural = pgettext_lazy("plural", "gemensamma piloter")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PilotStatus.values), name="pilot_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(cost_split__in=CostSplit.values), name="pilot_cost_split_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status="proposed")
                | models.Q(started_at__isnull=False)
                | models.Q(status="ended"),
                name="pilot_running_has_started",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="pilot_by_status")]

    def __str__(self) -> str:
        return f"{self.title} ({self.organization_id})"


class ParticipantStatus(models.TextChoices):
    INVITED = "invited", _("Inbjuden")
    ACCEPTED = "accepted", _("Deltar")
    DECLINED = "declined", _("Avstår")
    LEFT = "left", _("Har lämnat")


class DecisionRoute(models.TextChoices):
    """Who took the participant's decision."""

    COUNCIL = "council", _("Idérådet")
    PARTNER = "partner", _("Partnerns beslutsfattare")


class Participant(models.Model):
    """An organisation in a pilot: invited, then taking part or not by a decision of its own."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="participants")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="pilot_participations"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ParticipantStatus.choices,
        default=ParticipantStatus.INVITED,
    )
    committed_sek = models.DecimalField(
        _("åtagande (kr)"), max_digits=12, decimal_places=2, default=0
    )
    units = ArrayField(
        models.CharField(max_length=200), verbose_name=_("enheter"), default=list, blank=True
    )
    # Custom split only: the share of the joint budget in basis points (10 000 = 100 %).
    share_basis_points = models.PositiveIntegerField(null=True, blank=True)
    # The decision, by value: its registration number in the participant's own records.
    decision_reference = models.CharField(_("diarienummer"), max_length=40, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decided_by_route = models.CharField(
        _("beslutat av"), max_length=8, choices=DecisionRoute.choices, blank=True
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = pgettext_lazy("plural", "deltagare")
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "organization"], name="participant_once_per_pilot"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ParticipantStatus.values),
                name="participant_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(committed_sek__gte=0), name="participant_commitment_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(share_basis_points__isnull=True)
                | models.Q(share_basis_points__lte=FULL_SHARE),
                name="participant_share_at_most_whole",
            ),
            # Every answer is a decision with its registration number and date.
            models.CheckConstraint(
                condition=models.Q(status="invited")
                | (models.Q(decided_on__isnull=False) & ~models.Q(decision_reference="")),
                name="participant_decision_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"pilot {self.pilot_id}: {self.organization_id} ({self.status})"


class LogEntry(models.Model):
    """An entry in the pilot's shared log (logg), written by a participant."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="log_entries")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("loggpost")
        verbose_name_plural = pgettext_lazy("plural", "loggposter")
        indexes = [models.Index(fields=["pilot", "created_at"], name="pilot_log_in_order")]

    def __str__(self) -> str:
        return f"pilot {self.pilot_id} {self.created_at:%Y-%m-%d}"


class Recommendation(models.TextChoices):
    IMPLEMENT = "implement", _("Inför")
    ADJUST = "adjust", _("Justera")
    STOP = "stop", _("Avsluta")


class Evaluation(models.Model):
    """The pilot's one joint evaluation (utvärdering)."""

    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, related_name="evaluation")
    results = models.TextField(_("resultat"))
    effects = models.TextField(_("effekter"), blank=True)
    recommendation = models.CharField(
        _("rekommendation"), max_length=10, choices=Recommendation.choices
    )
    actual_cost_sek = models.DecimalField(
        _("faktisk kostnad (kr)"), max_digits=12, decimal_places=2, default=0
    )
    evaluated_on = models.DateField(_("utvärderad"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("utvärdering av gemensam pilot")
        verbose_name_plural = pgettext_lazy("plural", "utvärderingar av gemensamma piloter")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recommendation__in=Recommendation.values),
                name="pilot_evaluation_recommendation_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(actual_cost_sek__gte=0),
                name="pilot_evaluation_cost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"pilot {self.pilot_id}: {self.recommendation}"


class PilotEvent(models.TextChoices):
    INVITED = "invited", _("Inbjudan")
    DECIDED = "decided", _("Beslut")
    STARTED = "started", _("Start")
    EVALUATED = "evaluated", _("Utvärdering")


class PilotNotification(models.Model):
    """One mail sent to one person about one pilot event: the record that keeps it to one."""

    event = models.CharField(max_length=10, choices=PilotEvent.choices)
    # The participant (invited, decided) or the pilot (started, evaluated) the mail is about.
    object_id = models.PositiveBigIntegerField()
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("skickat pilotmeddelande")
        verbose_name_plural = pgettext_lazy("plural", "skickade pilotmeddelanden")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "object_id", "person"], name="pilot_notification_sent_once"
            ),
            models.CheckConstraint(
                condition=models.Q(event__in=PilotEvent.values),
                name="pilot_notification_event_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.object_id} → {self.person_id}"
