"""People (in the public schema) and their memberships of organisations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
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
