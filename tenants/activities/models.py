"""Activities: workshops, trainings such as "Innovativ chef", network meetings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.contacts.models import Gender
from tenants.references import person_reference


class ActivityKind(models.TextChoices):
    WORKSHOP = "workshop", _("Idéworkshop")
    TRAINING = "training", _("Utbildning")
    MEETING = "meeting", _("Nätverksmöte")
    OTHER = "other", _("Annat")


class Activity(models.Model):
    """An activity with registered participants or head counts (optionally by gender)."""

    kind = models.CharField(_("typ"), max_length=10, choices=ActivityKind.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    held_on = models.DateField(_("datum"))
    description = models.TextField(_("beskrivning"), blank=True)
    # Head counts for when participants are not registered one by one.
    head_count = models.PositiveIntegerField(_("antal deltagare"), null=True, blank=True)
    head_count_women = models.PositiveIntegerField(_("varav kvinnor"), null=True, blank=True)
    head_count_men = models.PositiveIntegerField(_("varav män"), null=True, blank=True)
    # Managers among those who took part, for a training whose participants are not
    # registered one by one; "managers trained" counts these beside registered managers.
    head_count_managers = models.PositiveIntegerField(_("varav chefer"), null=True, blank=True)
    # In a group of municipalities: which of them held it (SCB code; blank: not stated).
    municipality_code = models.CharField(_("kommun"), max_length=4, blank=True, db_index=True)
    # The ideas a workshop produced; the idea's page shows the workshop.
    ideas = models.ManyToManyField(
        "ideas.Idea", verbose_name=_("idéer som kom fram"), blank=True, related_name="activities"
    )
    created_by = person_reference(_("skapad av"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = pgettext_lazy("plural", "aktiviteter")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(head_count__isnull=True)
                | models.Q(
                    head_count__gte=models.functions.Coalesce("head_count_women", 0)
                    + models.functions.Coalesce("head_count_men", 0)
                ),
                name="activity_head_count_covers_genders",
            ),
            models.CheckConstraint(
                condition=models.Q(head_count_managers__isnull=True)
                | models.Q(head_count__isnull=True)
                | models.Q(head_count__gte=models.F("head_count_managers")),
                name="activity_head_count_covers_managers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class ParticipantRole(models.TextChoices):
    MANAGER = "manager", _("Chef")
    STAFF = "staff", _("Medarbetare")
    CITIZEN = "citizen", _("Invånare")
    BUSINESS = "business", _("Näringsliv")
    ASSOCIATION = "association", _("Föreningsliv")
    OTHER = "other", _("Annan")


class Participant(models.Model):
    """A registered participant of an activity, and whether they came."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    person = person_reference(_("person"))
    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("roll"), max_length=12, choices=ParticipantRole.choices)
    gender = models.CharField(
        _("kön (frivilligt)"), max_length=8, choices=Gender.choices, blank=True
    )
    attended = models.BooleanField(_("deltog"), default=True)

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = pgettext_lazy("plural", "deltagare")

    def __str__(self) -> str:
        return f"{self.name} ({self.activity_id})"
