"""Platform-wide records kept in the public schema."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who changed what on the platform, and when: written in the same transaction as the change."""

    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utförd av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("händelse"), max_length=100)
    target = models.CharField(_("gäller"), max_length=200, blank=True)
    before = models.JSONField(_("före"), default=dict, blank=True)
    after = models.JSONField(_("efter"), default=dict, blank=True)

    class Meta:
        verbose_name = _("granskningspost")
        verbose_name_plural = _("granskningslogg")
        indexes = [models.Index(fields=["organization", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"


class SpentToken(models.Model):
    """A one-time value from a link that has been used (its jti), kept until it would expire."""

    jti = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=100)
    used_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("använd engångslänk")
        verbose_name_plural = _("använda engångslänkar")

    def __str__(self) -> str:
        return f"{self.purpose} {self.jti[:8]}… {self.used_at:%Y-%m-%d %H:%M}"


class Delivery(models.Model):
    """One effect of a task for one recipient (a mail): claimed before it is sent, once ever.

    ``purpose`` names the kind of mail (``shared.core.deliveries.PURPOSES``),
    ``schema_name`` the organisation whose task it was, ``object_key`` what it is
    about and ``recipient`` whom, by id (``person:12``, ``contact:7``), never by
    address: the row stays in ``public`` while a contact's data stays in its
    organisation's schema. ``sent_at`` is empty while the mail is on its way;
    a claim left empty means the worker died while sending (decision 0013).
    """

    purpose = models.CharField(max_length=40)
    schema_name = models.CharField(max_length=63)
    object_key = models.CharField(max_length=100)
    recipient = models.CharField(max_length=40)
    task_id = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("leverans")
        verbose_name_plural = _("leveranser")
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "schema_name", "object_key", "recipient"],
                name="delivery_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["claimed_at"],
                condition=models.Q(sent_at__isnull=True),
                name="delivery_unsent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.schema_name}/{self.object_key} → {self.recipient}"
