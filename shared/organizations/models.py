"""Organisations (tenants), their domains and the record of their provisioning."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin


class OrganizationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommun")
    MUNICIPALITY_GROUP = "municipality_group", _("Kommungrupp")
    PARTNER = "partner", _("Partner")
    # The one row that owns the public schema: the platform itself.
    PLATFORM = "platform", _("Plattform")


class OrganizationStatus(models.TextChoices):
    TRIAL = "trial", _("Provperiod")
    ACTIVE = "active", _("Aktiv")
    # An invoice is overdue: everything still works, its admins see a banner (billing).
    PAST_DUE = "past_due", _("Förfallen betalning")
    SUSPENDED = "suspended", _("Avstängd")
    ARCHIVED = "archived", _("Arkiverad")


# Statuses in which an organisation works normally: writes, reminders, digests.
WRITABLE_STATUSES = frozenset(
    {OrganizationStatus.TRIAL, OrganizationStatus.ACTIVE, OrganizationStatus.PAST_DUE}
)


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def in_use(self) -> OrganizationQuerySet:
        """Tenant organisations that may write: trial, active and past due (still in grace)."""
        return self.tenants().filter(status__in=WRITABLE_STATUSES)

    def tenants(self) -> OrganizationQuerySet:
        """Organisations with a schema of their own (not the platform's public one)."""
        return self.exclude(kind=OrganizationKind.PLATFORM)

    def listed(self) -> OrganizationQuerySet:
        """Organisations shown in the public directory."""
        return self.tenants().exclude(status=OrganizationStatus.ARCHIVED)


class Organization(TenantMixin):
    """A municipality, a group of municipalities or a partner, with its own schema."""

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), max_length=40, unique=True)
    kind = models.CharField(_("typ"), max_length=32, choices=OrganizationKind.choices)
    municipality_codes = ArrayField(
        models.CharField(max_length=4),
        verbose_name=_("kommunkoder (SCB)"),
        default=list,
        blank=True,
        help_text=_("Kommunerna som organisationen tjänar; den första är värdkommunen."),
    )
    county_code = models.CharField(_("län (SCB-kod)"), max_length=2, blank=True)
    population = models.PositiveIntegerField(_("invånare som tjänas"), default=0)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=OrganizationStatus.choices,
        default=OrganizationStatus.TRIAL,
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    # Named in the national figures, or counted only inside totals (its admin decides).
    # Empty: yes for municipalities and groups of them, whose activity is public record.
    figures_named = models.BooleanField(
        _("visas med namn i nationell statistik"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Tomt: ja för kommuner och kommungrupper, nej för partner."),
    )

    # The provisioning service creates the schema itself, inside its own
    # transaction, so that a failure leaves neither row nor schema behind.
    auto_create_schema = False
    auto_drop_schema = False

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganizationKind.values),
                name="organization_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OrganizationStatus.values),
                name="organization_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.slug})"

    @property
    def is_named_in_figures(self) -> bool:
        """Whether national figures may name this organisation, rather than count it in totals."""
        if self.figures_named is not None:
            return self.figures_named
        return self.kind in {OrganizationKind.MUNICIPALITY, OrganizationKind.MUNICIPALITY_GROUP}

    @property
    def is_writable(self) -> bool:
        """Suspended and archived organisations keep read access only."""
        return self.status in WRITABLE_STATUSES


class Domain(DomainMixin):
    """A host name that routes to an organisation."""

    class Meta:
        verbose_name = _("domän")
        verbose_name_plural = _("domäner")

    def __str__(self) -> str:
        return self.domain


class ProvisioningStatus(models.TextChoices):
    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Pågår")
    SUCCEEDED = "succeeded", _("Klar")
    FAILED = "failed", _("Misslyckades")


class ProvisioningStep(models.TextChoices):
    """Steps of provisioning, stored as codes so each viewer reads them in their language."""

    WAITING = "waiting", _("Väntar på att starta")
    VALIDATING = "validating", _("Kontrollerar uppgifterna")
    CREATING_SCHEMA = "creating_schema", _("Skapar schema och tabeller")
    INVITING_ADMIN = "inviting_admin", _("Bjuder in den första administratören")
    DONE = "done", _("Klar")
    ABORTED = "aborted", _("Avbröts: inget skapades")


class ProvisioningRequest(models.Model):
    """A request to create an organisation, carried out by a task; shows its progress."""

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn"), max_length=40)
    kind = models.CharField(_("typ"), max_length=32, choices=OrganizationKind.choices)
    municipality_codes = ArrayField(
        models.CharField(max_length=4),
        verbose_name=_("kommunkoder (SCB)"),
        default=list,
        blank=True,
    )
    domain = models.CharField(_("domän"), max_length=253, blank=True)
    # The first admin is invited by mail and chooses their own password.
    admin_email = models.EmailField(_("första administratörens e-postadress"), blank=True)
    admin_name = models.CharField(_("första administratörens namn"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProvisioningStatus.choices,
        default=ProvisioningStatus.QUEUED,
    )
    progress_percent = models.PositiveSmallIntegerField(_("förlopp (%)"), default=0)
    step = models.CharField(
        _("steg"), max_length=32, choices=ProvisioningStep.choices, default=ProvisioningStep.WAITING
    )
    error = models.TextField(_("fel"), blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        "accounts.Person",
        verbose_name=_("beställd av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)

    class Meta:
        verbose_name = _("beställning av organisation")
        verbose_name_plural = _("beställningar av organisationer")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_percent__lte=100), name="provisioning_progress_le_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slug}: {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in {ProvisioningStatus.SUCCEEDED, ProvisioningStatus.FAILED}


# Kinds of organisation that serve municipalities; a partner only names where it works.
SERVING_KINDS = (OrganizationKind.MUNICIPALITY, OrganizationKind.MUNICIPALITY_GROUP)


class ServedMunicipality(models.Model):
    """A municipality and the one organisation that serves it, kept by the services.

    The unique code is the database's guarantee that no municipality is served
    by two organisations at once, so national figures never count it twice.
    An archived organisation gives its municipalities up.
    """

    municipality_code = models.CharField(_("kommunkod (SCB)"), max_length=4, unique=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="served_municipalities",
    )

    class Meta:
        verbose_name = _("kommun som tjänas")
        verbose_name_plural = _("kommuner som tjänas")

    def __str__(self) -> str:
        return f"{self.municipality_code} – {self.organization.slug}"
