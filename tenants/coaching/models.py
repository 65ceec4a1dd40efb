"""Coaching (idécoachning): who coaches an idea, their notes, and the next steps agreed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.references import person_reference


class CoachAssignment(models.Model):
    """A coach's time with an idea; the current one has no end. Changes keep their history."""

    idea = models.ForeignKey(
        "ideas.Idea", on_delete=models.CASCADE, related_name="coach_assignments"
    )
    coach = person_reference(_("idécoach"), null=False)
    assigned_by = person_reference(_("tilldelad av"))
    assigned_at = models.DateTimeField(_("tilldelad"), auto_now_add=True)
    ended_at = models.DateTimeField(_("avslutad"), null=True, blank=True)

    class Meta:
        verbose_name = _("coachuppdrag")
        verbose_name_plural = pgettext_lazy("plural", "coachuppdrag")
        constraints = [
            models.UniqueConstraint(
                fields=["idea"],
                condition=models.Q(ended_at__isnull=True),
                name="coach_one_current_per_idea",
            ),
        ]
        indexes = [models.Index(fields=["coach", "ended_at"], name="coach_current")]

    def __str__(self) -> str:
        return f"{self.idea_id}: coach {self.coach_id}"


class CoachNote(models.Model):
    """An internal note by a coach about an idea; never shown on the portal."""

    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="coach_notes")
    author = person_reference(_("skriven av"), null=False)
    body = models.TextField(_("anteckning"))
    created_at = models.DateTimeField(_("skriven"), auto_now_add=True)

    class Meta:
        verbose_name = _("coachanteckning")
        verbose_name_plural = pgettext_lazy("plural", "coachanteckningar")

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.body[:40]}"


class NextStep(models.Model):
    """An agreed next step with an owner and a due date; reminders go out by mail."""

    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="next_steps")
    description = models.CharField(_("nästa steg"), max_length=300)
    owner = person_reference(_("ansvarig"), null=False)
    due_on = models.DateField(_("klart senast"))
    done_at = models.DateTimeField(_("klart"), null=True, blank=True)
    created_by = person_reference(_("skapat av"))
    created_at = models.DateTimeField(auto_now_add=True)
    # The day a reminder went out, so the periodic job sends one per day at most.
    reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("nästa steg")
        verbose_name_plural = pgettext_lazy("plural", "nästa steg")
        indexes = [models.Index(fields=["done_at", "due_on"], name="nextstep_open_due")]

    def __str__(self) -> str:
        return f"{self.description} ({self.due_on})"
