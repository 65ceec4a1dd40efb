"""Adoptions across the network, evidence flowing back, and what was mailed about them.

Public schema. Rows name the adopter's own idea or method by value
(``local_source_id``); nothing here points into a tenant schema, and nothing
personal is kept: no submitter, contact, evaluator or internal note.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AdoptionCategory(models.TextChoices):
    """The Danish innovation barometer's categories of how new an innovation is to its adopter."""

    COPIED = "copied", _("Kopierad")
    ADAPTED = "adapted", _("Anpassad")
    FIRST_OF_KIND = "first_of_kind", _("Först i sitt slag")


class AdoptedKind(models.TextChoices):
    """What an adoption made in the adopter's lock."""

    IDEA = "idea", _("Idé")
    METHOD = "method", _("Metod")


class Recommendation(models.TextChoices):
    """An evaluation's recommendation, as the trials app records it."""

    IMPLEMENT = "implement", _("Inför")
    ADJUST = "adjust", _("Justera")
    STOP = "stop", _("Avsluta")


class Adoption(models.Model):
    """An organisation took a published idea or method into its own lock (spridning)."""

    publication = models.ForeignKey(
        "exchange.Publication",
        verbose_name=_("ursprung"),
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation som tog in"),
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    category = models.CharField(_("kategori"), max_length=16, choices=AdoptionCategory.choices)
    local_kind = models.CharField(_("blev"), max_length=8, choices=AdoptedKind.choices)
    # The new idea's or method's id in the adopter's schema, by value.
    local_source_id = models.PositiveBigIntegerField()
    starting_stage = models.CharField(_("startsteg"), max_length=40, blank=True)
    adopted_at = models.DateTimeField(_("tagen in"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = pgettext_lazy("plural", "adoptioner")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "organization"], name="adoption_once_per_organization"
            ),
            models.UniqueConstraint(
                fields=["organization", "local_kind", "local_source_id"],
                name="adoption_local_row_once",
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=AdoptionCategory.values),
                name="adoption_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(local_kind__in=AdoptedKind.values),
                name="adoption_local_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"publication {self.publication_id} → organization {self.organization_id}"


class EvidenceReport(models.Model):
    """An adopter's evaluation of its test, summarised and flowed back to the origin item.

    Only what the network may know: who (the organisation), the recommendation,
    the effects, the cost and how many success measures were met; never the
    evaluator, the lessons or the results text.
    """

    adoption = models.ForeignKey(Adoption, on_delete=models.PROTECT, related_name="reports")
    publication = models.ForeignKey(
        "exchange.Publication", on_delete=models.PROTECT, related_name="evidence_reports"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="evidence_reports"
    )
    # The evaluation's id in the adopter's schema, by value.
    source_evaluation_id = models.PositiveBigIntegerField()
    recommendation = models.CharField(
        _("rekommendation"), max_length=10, choices=Recommendation.choices
    )
    effects = models.TextField(_("effekter"), blank=True)
    actual_cost_sek = models.DecimalField(_("kostnad (kr)"), max_digits=12, decimal_places=2)
    measures_total = models.PositiveSmallIntegerField(_("framgångsmått"))
    measures_met = models.PositiveSmallIntegerField(_("uppnådda mått"))
    evaluated_on = models.DateField(_("utvärderad"))
    # How many inhabitants the adopter served then, so evidence compares by size.
    population_served = models.PositiveIntegerField(_("invånare"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("återrapporterad utvärdering")
        verbose_name_plural = pgettext_lazy("plural", "återrapporterade utvärderingar")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source_evaluation_id"], name="evidence_report_once"
            ),
            models.CheckConstraint(
                condition=models.Q(recommendation__in=Recommendation.values),
                name="evidence_report_recommendation_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(measures_met__lte=models.F("measures_total")),
                name="evidence_report_met_within_total",
            ),
            models.CheckConstraint(
                condition=models.Q(actual_cost_sek__gte=0), name="evidence_report_cost_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["publication", "-evaluated_on"], name="evidence_report_by_item")
        ]

    def __str__(self) -> str:
        return f"publication {self.publication_id}: {self.organization_id} {self.recommendation}"


class FollowedArea(models.Model):
    """An area (område) an organisation follows: its weekly digest lists new items in it."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="followed_areas"
    )
    area = models.CharField(_("område"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bevakat område")
        verbose_name_plural = pgettext_lazy("plural", "bevakade områden")
        constraints = [
            models.UniqueConstraint(fields=["organization", "area"], name="followed_area_once")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.area}"


class NotificationEvent(models.TextChoices):
    COSIGNED = "cosigned", _("Ny medundertecknare")
    ADOPTED = "adopted", _("Ny adoption")
    EVIDENCE = "evidence", _("Utvärdering återrapporterad")


class NotificationDelivery(models.Model):
    """One mail sent to one person about one event: the record that keeps it to one."""

    event = models.CharField(max_length=16, choices=NotificationEvent.choices)
    object_id = models.PositiveBigIntegerField()
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("skickat meddelande")
        verbose_name_plural = pgettext_lazy("plural", "skickade meddelanden")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "object_id", "person"], name="notification_sent_once"
            ),
            models.CheckConstraint(
                condition=models.Q(event__in=NotificationEvent.values),
                name="notification_event_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.object_id} → {self.person_id}"


class DigestDelivery(models.Model):
    """The weekly digest one person of one organisation got for one week (veckobrev)."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_starting = models.DateField()
    items = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("skickat veckobrev")
        verbose_name_plural = pgettext_lazy("plural", "skickade veckobrev")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "person", "week_starting"], name="digest_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.week_starting} → {self.person_id}"
