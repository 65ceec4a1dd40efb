"""Data subjects' requests (GDPR art. 15, 17, 20): find, export or erase one person's traces.

A request names the person by e-mail only while it runs: once it has finished,
the address is replaced by a keyed digest (``email_digest``), so the platform
can still tell that the same person asked again without keeping who they are.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectRequestKind(models.TextChoices):
    EXPORT = "export", _("Registerutdrag (export)")
    ERASURE = "erasure", _("Radering (anonymisering)")


class SubjectRequestStatus(models.TextChoices):
    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Pågår")
    SUCCEEDED = "succeeded", _("Klar")
    FAILED = "failed", _("Misslyckades")


class SubjectRequest(models.Model):
    """One request from a data subject, carried out across every schema by a task."""

    kind = models.CharField(_("typ"), max_length=16, choices=SubjectRequestKind.choices)
    # Kept only while the request runs; emptied when it finishes (see the module docstring).
    email = models.CharField(_("e-postadress"), max_length=254, blank=True)
    email_digest = models.CharField(_("e-postadressens digest"), max_length=64, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SubjectRequestStatus.choices,
        default=SubjectRequestStatus.QUEUED,
    )
    schemas_total = models.PositiveIntegerField(_("scheman att gå igenom"), default=0)
    schemas_done = models.PositiveIntegerField(_("scheman klara"), default=0)
    # The export itself (art. 15 and 20): every trace found, machine-readable.
    # Empty for an erasure, whose outcome holds counts only.
    result = models.JSONField(_("resultat"), default=dict, blank=True)
    outcome = models.JSONField(_("utfall"), default=dict, blank=True)
    error = models.TextField(_("fel"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    started_at = models.DateTimeField(_("påbörjad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    seconds = models.FloatField(_("tid (sekunder)"), null=True, blank=True)

    class Meta:
        verbose_name = _("begäran från registrerad")
        verbose_name_plural = _("begäranden från registrerade")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SubjectRequestKind.values),
                name="subject_request_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(schemas_done__lte=models.F("schemas_total")),
                name="subject_request_progress_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}: {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in {SubjectRequestStatus.SUCCEEDED, SubjectRequestStatus.FAILED}

    @property
    def progress_percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.schemas_total:
            return 0
        return int(100 * self.schemas_done / self.schemas_total)
