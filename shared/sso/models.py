"""An organisation's own identity provider (OpenID Connect or SAML 2.0) and who logged in by it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shared.accounts.models import Role


class Protocol(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    SAML = "saml", _("SAML 2.0")


class IdentityProvider(models.Model):
    """One organisation's identity provider (identitetsleverantör): how its staff log in.

    The OpenID Connect client secret is kept encrypted (``shared.sso.crypto``),
    or read from the environment variable ``secret_environment_name()`` names;
    it is never shown again once saved.
    """

    organization = models.OneToOneField(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="identity_provider",
    )
    protocol = models.CharField(_("protokoll"), max_length=8, choices=Protocol.choices)
    enabled = models.BooleanField(_("påslagen"), default=False)
    require_sso = models.BooleanField(
        _("kräv inloggning via identitetsleverantören"),
        default=False,
        help_text=_("Medlemmar kan då inte logga in med lösenord här."),
    )
    # OpenID Connect
    issuer = models.URLField(_("utfärdare (issuer)"), max_length=500, blank=True)
    client_id = models.CharField(_("klient-id"), max_length=255, blank=True)
    client_secret_encrypted = models.TextField(_("klienthemlighet (krypterad)"), blank=True)
    secret_from_environment = models.BooleanField(
        _("hämta klienthemligheten från miljön"), default=False
    )
    scopes = models.CharField(
        _("scopes"), max_length=255, default="openid email profile", blank=True
    )
    email_claim = models.CharField(_("claim med e-postadress"), max_length=100, default="email")
    groups_claim = models.CharField(
        _("claim med grupper"), max_length=100, default="groups", blank=True
    )
    # SAML 2.0
    metadata_url = models.URLField(_("metadata-URL"), max_length=500, blank=True)
    metadata_xml = models.TextField(_("metadata (XML)"), blank=True)
    idp_entity_id = models.CharField(
        _("identitetsleverantörens entity id"), max_length=500, blank=True
    )
    email_attribute = models.CharField(
        _("attribut med e-postadress"), max_length=200, default="mail", blank=True
    )
    groups_attribute = models.CharField(
        _("attribut med grupper"), max_length=200, default="memberOf", blank=True
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("identitetsleverantör")
        verbose_name_plural = _("identitetsleverantörer")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(protocol__in=Protocol.values),
                name="identity_provider_protocol_valid",
            ),
            # Requiring SSO with nothing to log in by would lock every member out.
            models.CheckConstraint(
                condition=models.Q(require_sso=False) | models.Q(enabled=True),
                name="identity_provider_required_only_when_enabled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_protocol_display()} – {self.organization_id}"

    def secret_environment_name(self) -> str:
        """The one variable the secret may come from: fixed per organisation, never chosen.

        An admin names the issuer, and the secret is sent to it: letting them
        name any variable would let them send the platform's own secrets away.
        """
        slug = self.organization.slug.upper().replace("-", "_")
        return f"IDESLUSS_OIDC_SECRET_{slug}"


class GroupMapping(models.Model):
    """A group the provider sends, and the role its members get here."""

    provider = models.ForeignKey(
        IdentityProvider,
        verbose_name=_("identitetsleverantör"),
        on_delete=models.CASCADE,
        related_name="group_mappings",
    )
    group = models.CharField(_("grupp"), max_length=500)
    role = models.CharField(_("roll"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("gruppkoppling")
        verbose_name_plural = _("gruppkopplingar")
        constraints = [
            models.UniqueConstraint(fields=["provider", "group"], name="group_mapping_unique"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="group_mapping_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.role}"


class ExternalIdentity(models.Model):
    """A person as the organisation's provider knows them (its subject or NameID)."""

    provider = models.ForeignKey(
        IdentityProvider,
        verbose_name=_("identitetsleverantör"),
        on_delete=models.CASCADE,
        related_name="identities",
    )
    subject = models.CharField(_("subjekt"), max_length=500)
    person = models.ForeignKey(
        "accounts.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    # True while the membership's role comes from a mapped group: leaving every
    # mapped group then ends the membership. A role the admin set by hand stays.
    role_from_groups = models.BooleanField(_("roll från grupper"), default=False)
    # Lets the scheduled check ask the provider whether it still accepts the person.
    refresh_token_encrypted = models.TextField(_("förnyelsenyckel (krypterad)"), blank=True)
    last_login_at = models.DateTimeField(_("senaste inloggning"), null=True, blank=True)
    last_checked_at = models.DateTimeField(_("senast kontrollerad"), null=True, blank=True)

    class Meta:
        verbose_name = _("extern identitet")
        verbose_name_plural = _("externa identiteter")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="external_identity_subject_unique"
            ),
            models.UniqueConstraint(
                fields=["provider", "person"], name="external_identity_person_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.provider_id})"
