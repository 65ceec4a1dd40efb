"""People (in the public schema) and their memberships of organisations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlatformRole(models.TextChoices):
    NONE = "", _("Ingen")
    PLATFORM_STAFF = "platform_staff", _("Plattformspersonal")
    NATIONAL_COORDINATOR = "national_coordinator", _("Nationell samordnare")


class Role(models.TextChoices):
    """A person's role in one organisation."""

    ADMIN = "admin", _("Administratör")
    COACH = "coach", _("Idécoach")
    COUNCIL_MEMBER = "council_member", _("Ledamot i idérådet")
    STAFF = "staff", _("Medarbetare")
    VIEWER = "viewer", _("Läsare")


class PersonManager(BaseUserManager["Person"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> Person:
        if not email:
            raise ValueError("A person needs an e-mail address.")
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> Person:
        fields.update(is_staff=True, is_superuser=True, platform_role=PlatformRole.PLATFORM_STAFF)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> Person:
        return self.get(email__iexact=username)


class Person(AbstractBaseUser, PermissionsMixin):
    """Someone who logs in: staff, coach, council member, partner, coordinator. Login by e-mail."""

    email = models.EmailField(_("e-postadress"), max_length=254, unique=True)
    full_name = models.CharField(_("namn"), max_length=200)
    platform_role = models.CharField(
        _("plattformsroll"), max_length=32, choices=PlatformRole.choices, default="", blank=True
    )
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(
        _("får använda plattformsadmin"),
        default=False,
        help_text=_("Bara plattformspersonal; organisationer administreras på sina egna sidor."),
    )
    preferred_language = models.CharField(_("språk"), max_length=8, default="sv")
    date_joined = models.DateTimeField(_("registrerad"), auto_now_add=True)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="person_email_unique_ci"),
            models.CheckConstraint(
                condition=models.Q(platform_role__in=PlatformRole.values),
                name="person_platform_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_national_coordinator(self) -> bool:
        return self.platform_role == PlatformRole.NATIONAL_COORDINATOR

    @property
    def is_platform_staff(self) -> bool:
        return self.platform_role == PlatformRole.PLATFORM_STAFF


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        """Memberships of active people; archived organisations stay readable to their members."""
        return self.filter(person__is_active=True)


class Membership(models.Model):
    """A person's role in one organisation."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("roll"), max_length=32, choices=Role.choices)
    # In a group of municipalities: which of them the member works in (SCB code).
    home_municipality_code = models.CharField(
        _("hemkommun"),
        max_length=4,
        blank=True,
        help_text=_("I en kommungrupp: kommunen medlemmen arbetar i."),
    )
    created_at = models.DateTimeField(_("tillagd"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = pgettext_lazy("plural", "medlemskap")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization"], name="membership_one_per_organization"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.email} – {self.organization.slug} ({self.role})"


class TokenRevocation(models.TextChoices):
    """Why an API token stopped working before it expired."""

    BY_OWNER = "by_owner", _("Återkallad av ägaren")
    PASSWORD_CHANGED = "password_changed", _("Lösenordet byttes")
    MEMBERSHIP_ENDED = "membership_ended", _("Medlemskapet upphörde")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self, *, at: Any = None) -> ApiTokenQuerySet:
        """Tokens neither revoked nor expired at ``at`` (now by default)."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now())


class ApiToken(models.Model):
    """A person's API key (API-nyckel) for one organisation; only a hash of the key is kept.

    The key itself is shown once, when it is made. It works only on the host of
    its organisation, until it expires or is revoked (by its owner, a password
    change or the end of the membership).
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("namn"), max_length=100)
    # The first characters of the key, so its owner can tell keys apart.
    prefix = models.CharField(_("början av nyckeln"), max_length=8)
    key_hash = models.CharField(_("nyckelns hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    expires_at = models.DateTimeField(_("giltig till"))
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    revoked_reason = models.CharField(
        _("orsak"), max_length=32, choices=TokenRevocation.choices, blank=True
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        indexes = [models.Index(fields=["person", "organization"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(revoked_at__isnull=True, revoked_reason="")
                    | (models.Q(revoked_at__isnull=False) & ~models.Q(revoked_reason=""))
                ),
                name="api_token_revocation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name} ({self.person.email} – {self.organization.slug})"

    def is_usable(self, *, at: Any = None) -> bool:
        return self.revoked_at is None and self.expires_at > (at or timezone.now())
