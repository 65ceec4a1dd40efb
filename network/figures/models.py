"""The coordinator's kept figures: counts per organisation and month, rolled up, and how fresh.

Public schema, after Zulip's ``analytics`` (``RealmCount``, ``InstallationCount``,
``FillState``). A row is a count (and, where it has one, a sum in SEK) of one
``dimension`` (see ``network.figures.dimensions``), one ``key`` within it and
one ``group`` (a split such as ``gender:woman``; empty for all), for one
organisation and one calendar month. Nothing here names a person, an idea or
a contact: only numbers, and organisations by id.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

NATIONAL = "SE"  # the area of the national roll-up; counties use their SCB code


class OrganizationMonthCount(models.Model):
    """One figure of one organisation for one month (RealmCount)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    month = models.DateField(_("månad"))
    dimension = models.CharField(_("mått"), max_length=40)
    key = models.CharField(_("nyckel"), max_length=60, blank=True, default="")
    group = models.CharField(_("grupp"), max_length=40, blank=True, default="")
    value = models.BigIntegerField(_("antal"))
    amount_sek = models.DecimalField(_("belopp (kr)"), max_digits=16, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("månadssiffra per organisation")
        verbose_name_plural = _("månadssiffror per organisation")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "month", "dimension", "key", "group"],
                name="figures_org_month_count_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="figures_org_month_first_day"
            ),
        ]
        indexes = [
            # Roll-ups and filtered reads: one dimension over a span of months.
            models.Index(fields=["dimension", "month"], name="figures_org_dim_month"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.month:%Y-%m} {self.dimension}/{self.key}/{self.group}"


class AreaMonthCount(models.Model):
    """One figure of an area (the country, or a county) for one month (InstallationCount).

    Kept equal to the sum of its organisations' rows: every recount applies
    its difference here in the same transaction, and a nightly rebuild
    recomputes the lot.
    """

    area = models.CharField(_("område"), max_length=2)
    month = models.DateField(_("månad"))
    dimension = models.CharField(_("mått"), max_length=40)
    key = models.CharField(_("nyckel"), max_length=60, blank=True, default="")
    group = models.CharField(_("grupp"), max_length=40, blank=True, default="")
    value = models.BigIntegerField(_("antal"))
    amount_sek = models.DecimalField(_("belopp (kr)"), max_digits=18, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("månadssiffra per område")
        verbose_name_plural = _("månadssiffror per område")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "dimension", "month", "key", "group"],
                name="figures_area_month_count_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.month:%Y-%m} {self.dimension}/{self.key}/{self.group}"


class FillState(models.Model):
    """How far one organisation has been counted (Zulip's FillState, per organisation).

    ``counted_through``: every change committed before this instant is in the
    kept figures. ``dirty_since``: a change was committed after the last
    count began and waits for a recount; ``queued_at``: a recount is queued.
    """

    organization = models.OneToOneField(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    counted_through = models.DateTimeField(_("räknat till och med"), null=True, blank=True)
    dirty_since = models.DateTimeField(_("ändrat sedan"), null=True, blank=True)
    queued_at = models.DateTimeField(_("omräkning i kö sedan"), null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(_("senaste omräkningens tid (ms)"), default=0)
    last_error = models.TextField(_("senaste fel"), blank=True)
    recounts = models.PositiveIntegerField(_("omräkningar"), default=0)

    class Meta:
        verbose_name = _("räknestatus")
        verbose_name_plural = _("räknestatus")

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.counted_through}"


class CoordinatorTokenQuerySet(models.QuerySet["CoordinatorToken"]):
    def usable(self, *, at: object) -> CoordinatorTokenQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=at)


class CoordinatorToken(models.Model):
    """An API key for the national figures on the public site; only its hash is kept.

    It belongs to a national coordinator or platform staff, opens nothing but
    ``/api/v1/figures/`` on the public site, and no organisation's host.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    name = models.CharField(_("namn"), max_length=100)
    prefix = models.CharField(_("början av nyckeln"), max_length=8)
    key_hash = models.CharField(_("nyckelns hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    expires_at = models.DateTimeField(_("giltig till"))
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    objects = CoordinatorTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nyckel för nationell statistik")
        verbose_name_plural = _("API-nycklar för nationell statistik")

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name} ({self.person_id})"
