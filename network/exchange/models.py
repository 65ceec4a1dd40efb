"""Publications in the network: snapshots of needs, proven ideas and methods, and who co-signs them.

Public schema. A publication names its source by value (``organization``,
``kind``, ``source_id``): there is no foreign key into a tenant schema. Its
fields are a whitelisted snapshot written by ``tenants.sharing``; nothing
personal is kept — no submitter, contact, e-mail or internal note — only a
contact *role* and, if that person opted in, a contact name.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shared.core import bounds


class PublicationKind(models.TextChoices):
    NEED = "need", _("Behov")
    IDEA = "idea", _("Beprövad idé")
    METHOD = "method", _("Metod")


class PublicationStatus(models.TextChoices):
    PUBLISHED = "published", _("Publicerad")
    WITHDRAWN = "withdrawn", _("Återkallad")


class IdeaPhase(models.TextChoices):
    """How far a published idea has come, the same for every organisation's own stages."""

    TEST = "test", _("Test")
    EVALUATION = "evaluation", _("Utvärdering")
    IMPLEMENTED = "implemented", _("Införd/spridd")


class Outcome(models.TextChoices):
    """The recommendation of the idea's latest evaluation."""

    IMPLEMENT = "implement", _("Inför")
    ADJUST = "adjust", _("Justera")
    STOP = "stop", _("Avsluta")


class PopulationBand(models.TextChoices):
    """Size of the origin by the population it serves, for "organisations like us"."""

    UNDER_10K = "lt10k", _("Under 10 000 invånare")
    FROM_10K = "10k", _("10 000–24 999 invånare")
    FROM_25K = "25k", _("25 000–49 999 invånare")
    FROM_50K = "50k", _("50 000–99 999 invånare")
    FROM_100K = "100k", _("100 000 invånare eller fler")

    @classmethod
    def for_population(cls, population: int) -> PopulationBand:
        """Return the band that ``population`` falls in."""
        if population < 10_000:
            return cls.UNDER_10K
        if population < 25_000:
            return cls.FROM_10K
        if population < 50_000:
            return cls.FROM_25K
        if population < 100_000:
            return cls.FROM_50K
        return cls.FROM_100K


class ProblemSize(models.TextChoices):
    SMALL = "small", _("Litet")
    MEDIUM = "medium", _("Medelstort")
    LARGE = "large", _("Stort")


class PublicationQuerySet(models.QuerySet["Publication"]):
    def published(self) -> PublicationQuerySet:
        """Publications the network shows: not withdrawn."""
        return self.filter(status=PublicationStatus.PUBLISHED)


class Publication(models.Model):
    """A need, a proven idea or a method an organisation has published to the network."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("ursprung"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    kind = models.CharField(_("typ"), max_length=8, choices=PublicationKind.choices)
    # The source row's id in the origin's schema; by value, never a foreign key.
    source_id = models.PositiveBigIntegerField(_("källans id"))

    # --- The snapshot: only these fields leave the tenant schema. -----------
    title = models.CharField(_("rubrik"), max_length=200)
    summary = models.TextField(_("sammanfattning"), blank=True)
    body = models.TextField(_("beskrivning"), blank=True)
    area = models.CharField(_("område"), max_length=200, blank=True)
    category = models.CharField(_("kategori"), max_length=40, blank=True)
    tags = ArrayField(
        models.CharField(max_length=50), verbose_name=_("taggar"), default=list, blank=True
    )
    # Ideas only: the origin's own stage name, its phase and the latest outcome.
    stage = models.CharField(_("fas"), max_length=16, choices=IdeaPhase.choices, blank=True)
    stage_name = models.CharField(_("steg hos ursprunget"), max_length=100, blank=True)
    outcome = models.CharField(_("utfall"), max_length=10, choices=Outcome.choices, blank=True)
    # Tests and the latest evaluation (effects, cost, recommendation); no names.
    evidence = models.JSONField(_("underlag"), default=dict, blank=True)
    contact_role = models.CharField(_("kontakt (roll)"), max_length=200)
    # Only when the named person has opted in to be shown.
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    # A digest of the snapshot: refreshing with the same content writes nothing.
    snapshot_digest = models.CharField(max_length=64, blank=True)

    # --- The origin, denormalised for filters. ---------------------------
    origin_name = models.CharField(_("organisation"), max_length=200)
    county_code = models.CharField(_("län (SCB-kod)"), max_length=2, blank=True, db_index=True)
    municipality_codes = ArrayField(
        models.CharField(max_length=4),
        verbose_name=_("kommuner som tjänas"),
        default=list,
        blank=True,
    )
    population_band = models.CharField(
        _("storlek"), max_length=8, choices=PopulationBand.choices, blank=True
    )

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.PUBLISHED,
    )
    cosign_count = models.PositiveIntegerField(_("medundertecknare"), default=0)
    published_at = models.DateTimeField(_("publicerad"))
    updated_at = models.DateTimeField(_("uppdaterad"))
    withdrawn_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="swedish")
        + SearchVector(bounds.indexed_text("summary"), weight="B", config="swedish")
        + SearchVector("area", weight="B", config="swedish")
        + SearchVector(bounds.indexed_text("body"), weight="C", config="swedish"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publicering")
        verbose_name_plural = pgettext_lazy("plural", "publiceringar")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "source_id"], name="publication_source_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=PublicationKind.values),
                name="publication_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PublicationStatus.values),
                name="publication_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=[*IdeaPhase.values, ""]),
                name="publication_stage_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=[*Outcome.values, ""]),
                name="publication_outcome_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(population_band__in=[*PopulationBand.values, ""]),
                name="publication_population_band_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="idea") | models.Q(stage="", outcome=""),
                name="publication_stage_only_for_ideas",
            ),
            models.CheckConstraint(
                condition=models.Q(status="published", withdrawn_at__isnull=True)
                | models.Q(status="withdrawn", withdrawn_at__isnull=False),
                name="publication_withdrawn_at_matches_status",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="publication_search_gin"),
            GinIndex(fields=["title"], name="publication_title_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["status", "-published_at"], name="publication_feed"),
            models.Index(fields=["status", "kind", "-published_at"], name="publication_kind_feed"),
            models.Index(fields=["status", "-cosign_count"], name="publication_cosigned"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title} ({self.origin_name})"

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


class CoSignature(models.Model):
    """ "Vi har också detta behov": another organisation co-signs a published need."""

    publication = models.ForeignKey(
        Publication,
        verbose_name=_("behov"),
        on_delete=models.CASCADE,
        related_name="cosignatures",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="cosignatures",
    )
    # Denormalised like the publication's origin, so lists need no join.
    organization_name = models.CharField(_("organisation"), max_length=200)
    county_code = models.CharField(_("län (SCB-kod)"), max_length=2, blank=True)
    local_context = models.TextField(_("lokalt sammanhang"))
    problem_size = models.CharField(
        _("problemets storlek"), max_length=8, choices=ProblemSize.choices
    )
    affected_count = models.PositiveIntegerField(
        _("antal som berörs (uppskattning)"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("medundertecknad"), auto_now_add=True)

    class Meta:
        verbose_name = _("medundertecknande")
        verbose_name_plural = pgettext_lazy("plural", "medundertecknanden")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "organization"], name="cosignature_once_per_organization"
            ),
            models.CheckConstraint(
                condition=models.Q(problem_size__in=ProblemSize.values),
                name="cosignature_problem_size_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_name} → {self.publication_id}"


class Follow(models.Model):
    """A person, acting for an organisation, who follows a publication (bevakning)."""

    publication = models.ForeignKey(
        Publication, verbose_name=_("publicering"), on_delete=models.CASCADE, related_name="follows"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="network_follows",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="network_follows",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bevakning")
        verbose_name_plural = pgettext_lazy("plural", "bevakningar")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "person", "organization"],
                name="network_follow_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"follow {self.publication_id} by {self.person_id}"
