"""Where an adopted idea or library method came from (ursprung), kept by value.

The origin is a network publication in the public schema. This row names it by
value (its id, organisation, title and the evidence it carried when adopted),
so the adopter keeps what it took even if the origin later withdraws it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from network.adoptions.models import AdoptedKind, AdoptionCategory
from tenants.references import person_reference


class Provenance(models.Model):
    """The link from a local idea or method to the network item it was adopted from."""

    idea = models.OneToOneField(
        "ideas.Idea",
        verbose_name=_("idé"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provenance",
    )
    method = models.OneToOneField(
        "library.Method",
        verbose_name=_("metod"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="provenance",
    )
    category = models.CharField(_("kategori"), max_length=16, choices=AdoptionCategory.choices)
    # The public rows, by value: no constraint crosses the schema boundary.
    adoption_id = models.PositiveBigIntegerField(_("adoption i nätverket"), unique=True)
    origin_publication_id = models.PositiveBigIntegerField(
        _("ursprungets publicering"), unique=True
    )
    origin_organization_id = models.PositiveBigIntegerField(_("ursprungets organisation"))
    origin_organization_name = models.CharField(_("ursprung"), max_length=200)
    origin_kind = models.CharField(_("typ"), max_length=8, choices=AdoptedKind.choices)
    origin_title = models.CharField(_("ursprunglig rubrik"), max_length=300)
    origin_stage = models.CharField(_("ursprungets steg"), max_length=100, blank=True)
    origin_evidence = models.JSONField(_("ursprungets underlag"), default=dict, blank=True)
    adopted_by = person_reference(_("tagen in av"))
    adopted_at = models.DateTimeField(_("tagen in"), auto_now_add=True)

    class Meta:
        verbose_name = _("ursprung")
        verbose_name_plural = pgettext_lazy("plural", "ursprung")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(idea__isnull=False) & models.Q(method__isnull=True))
                | (models.Q(idea__isnull=True) & models.Q(method__isnull=False)),
                name="provenance_one_target",
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=AdoptionCategory.values),
                name="provenance_category_valid",
            ),
        ]

    def __str__(self) -> str:
        target = f"idea {self.idea_id}" if self.idea_id else f"method {self.method_id}"
        return f"{target} ← {self.origin_organization_name}: {self.origin_title}"
