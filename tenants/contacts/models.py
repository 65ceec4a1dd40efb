"""People outside the organisation who use its public portal: citizens, businesses, associations.

Their personal data stays in the organisation's schema and is never published.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    """Who an idea, need or call comes from or is meant for (målgrupp)."""

    STAFF = "staff", _("Medarbetare")
    CITIZEN = "citizen", _("Invånare")
    BUSINESS = "business", _("Näringsliv")
    ASSOCIATION = "association", _("Föreningsliv")


class Gender(models.TextChoices):
    """Self-declared and optional; used only in aggregates (jämställdhetsanalys)."""

    WOMAN = "woman", _("Kvinna")
    MAN = "man", _("Man")
    OTHER = "other", _("Annat")


class Contact(models.Model):
    """Someone who submitted or follows through the portal, identified by a confirmed e-mail."""

    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-postadress"))
    organization_name = models.CharField(_("organisation"), max_length=200, blank=True)
    audience = models.CharField(
        _("jag är"), max_length=16, choices=Audience.choices, default=Audience.CITIZEN
    )
    gender = models.CharField(
        _("kön (frivilligt)"), max_length=8, choices=Gender.choices, blank=True
    )
    consent_text = models.TextField(_("samtyckestext"))
    consent_given_at = models.DateTimeField(_("samtycke lämnat"))
    confirmed_at = models.DateTimeField(_("e-post bekräftad"), null=True, blank=True)
    # A secret in the mailed link: lets the contact follow their ideas without a password.
    access_token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="contact_email_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(audience__in=Audience.values), name="contact_audience_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(gender__in=[*Gender.values, ""]), name="contact_gender_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
