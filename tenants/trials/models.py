"""Tests and pilots: small-scale trials before rollout, and their evaluations."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.references import person_reference


class TrialKind(models.TextChoices):
    TEST = "test", _("Test")
    PILOT = "pilot", _("Pilot")


class TrialStatus(models.TextChoices):
    PLANNED = "planned", _("Planerad")
    RUNNING = "running", _("Pågår")
    COMPLETED = "completed", _("Genomförd")
    STOPPED = "stopped", _("Avbruten")


class Trial(models.Model):
    """A test or pilot of an idea: the plan, the units taking part, period and budget."""

    idea = models.ForeignKey("ideas.Idea", on_delete=models.PROTECT, related_name="trials")
    decision = models.ForeignKey(
        "council.Decision",
        verbose_name=_("beslut"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trials",
    )
    kind = models.CharField(_("typ"), max_length=8, choices=TrialKind.choices, default="test")
    title = models.CharField(_("rubrik"), max_length=200)
    goal = models.TextField(_("mål"))
    hypothesis = models.TextField(_("hypotes"))
    units = ArrayField(
        models.CharField(max_length=200), verbose_name=_("deltagande enheter"), default=list
    )
    starts_on = models.DateField(_("startar"))
    ends_on = models.DateField(_("slutar"))
    budget_sek = models.DecimalField(_("budget (kr)"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=TrialStatus.choices, default=TrialStatus.PLANNED
    )
    methods = models.ManyToManyField(
        "library.Method",
        verbose_name=_("metoder och testbäddar"),
        blank=True,
        related_name="trials",
    )
    created_by = person_reference(_("skapad av"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = pgettext_lazy("plural", "tester")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="trial_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(budget_sek__gte=0), name="trial_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SuccessMeasure(models.Model):
    """How the trial's success is judged (framgångsmått)."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="success_measures")
    description = models.CharField(_("mått"), max_length=300)
    target = models.CharField(_("målvärde"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("framgångsmått")
        verbose_name_plural = pgettext_lazy("plural", "framgångsmått")

    def __str__(self) -> str:
        return self.description


class TrialLogEntry(models.Model):
    """What happened during the trial."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="log_entries")
    author = person_reference(_("skriven av"))
    body = models.TextField(_("text"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("loggpost")
        verbose_name_plural = pgettext_lazy("plural", "loggposter")

    def __str__(self) -> str:
        return f"{self.trial_id}: {self.body[:40]}"


class Recommendation(models.TextChoices):
    IMPLEMENT = "implement", _("Inför")
    ADJUST = "adjust", _("Justera")
    STOP = "stop", _("Avsluta")


class Evaluation(models.Model):
    """The evaluation of a trial: results per measure, effects, cost, lessons, recommendation."""

    trial = models.OneToOneField(Trial, on_delete=models.PROTECT, related_name="evaluation")
    summary = models.TextField(_("resultat"))
    effects = models.TextField(_("effekter"), blank=True)
    actual_cost_sek = models.DecimalField(
        _("verklig kostnad (kr)"), max_digits=12, decimal_places=2, default=0
    )
    lessons = models.TextField(_("lärdomar"), blank=True)
    recommendation = models.CharField(
        _("rekommendation"), max_length=10, choices=Recommendation.choices
    )
    evaluated_by = person_reference(_("utvärderad av"))
    evaluated_on = models.DateField(_("utvärderad"))

    class Meta:
        verbose_name = _("utvärdering")
        verbose_name_plural = pgettext_lazy("plural", "utvärderingar")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actual_cost_sek__gte=0), name="evaluation_cost_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trial_id}: {self.get_recommendation_display()}"


class MeasureResult(models.Model):
    """The result against one success measure."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="results")
    measure = models.OneToOneField(SuccessMeasure, on_delete=models.PROTECT, related_name="result")
    result = models.CharField(_("utfall"), max_length=300)
    met = models.BooleanField(_("uppnått"))

    class Meta:
        verbose_name = _("utfall")
        verbose_name_plural = pgettext_lazy("plural", "utfall")

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.result}"
