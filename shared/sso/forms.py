"""The admin's form for the organisation's identity provider."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shared.accounts.models import Role
from shared.sso.models import IdentityProvider, Protocol
from shared.sso.services import ProviderSettings


def _role_of(text: str) -> str | None:
    text = text.strip().lower()
    for value, label in Role.choices:
        if text in {value, str(label).lower()}:
            return value
    return None


def mappings_parse(text: str) -> list[tuple[str, str]]:
    """``group = role`` lines as (group, role) pairs; a role by its value or its label."""
    mappings = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        group, separator, role_text = line.rpartition("=")
        role = _role_of(role_text)
        if not separator or not group.strip() or role is None:
            raise ValidationError(
                _("Rad %(number)d: skriv grupp = roll."), params={"number": number}
            )
        mappings.append((group.strip(), role))
    return mappings


def mappings_text(provider: IdentityProvider) -> str:
    return "\n".join(
        f"{m.group} = {m.get_role_display()}" for m in provider.group_mappings.order_by("group")
    )


class ProviderForm(forms.Form):
    protocol = forms.ChoiceField(label=_("Protokoll"), choices=Protocol.choices)
    enabled = forms.BooleanField(label=_("Påslagen"), required=False)
    require_sso = forms.BooleanField(
        label=_("Kräv inloggning via identitetsleverantören"),
        required=False,
        help_text=_("Medlemmar kan då inte logga in med lösenord. Plattformens personal kan."),
    )
    issuer = forms.CharField(label=_("Utfärdare (issuer)"), required=False, max_length=500)
    client_id = forms.CharField(label=_("Klient-id"), required=False, max_length=255)
    client_secret = forms.CharField(
        label=_("Klienthemlighet"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Lagras krypterad och visas aldrig igen. Lämna tomt för att behålla den."),
    )
    secret_from_environment = forms.BooleanField(
        label=_("Hämta klienthemligheten från miljön"), required=False
    )
    scopes = forms.CharField(label=_("Scopes"), required=False, max_length=255)
    email_claim = forms.CharField(label=_("Claim med e-postadress"), required=False, max_length=100)
    groups_claim = forms.CharField(label=_("Claim med grupper"), required=False, max_length=100)
    metadata_url = forms.CharField(label=_("Metadata-URL"), required=False, max_length=500)
    metadata_xml = forms.CharField(
        label=_("Metadata (XML)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    idp_entity_id = forms.CharField(
        label=_("Identitetsleverantörens entity id"), required=False, max_length=500
    )
    email_attribute = forms.CharField(
        label=_("Attribut med e-postadress"), required=False, max_length=200
    )
    groups_attribute = forms.CharField(
        label=_("Attribut med grupper"), required=False, max_length=200
    )
    mappings = forms.CharField(
        label=_("Gruppkopplingar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "En per rad: grupp = roll (Administratör, Idécoach, Ledamot i idérådet, "
            "Medarbetare eller Läsare). Utan matchande grupp behåller en medlem den roll "
            "du har gett den."
        ),
    )

    def __init__(self, *args: Any, provider: IdentityProvider | None = None, **kwargs: Any) -> None:
        initial = {
            "protocol": Protocol.OIDC,
            "scopes": "openid email profile",
            "email_claim": "email",
            "groups_claim": "groups",
            "email_attribute": "mail",
            "groups_attribute": "memberOf",
        }
        if provider is not None:
            initial.update(
                {
                    name: getattr(provider, name)
                    for name in self.base_fields
                    if name not in {"client_secret", "mappings"}
                }
            )
            initial["mappings"] = mappings_text(provider)
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)

    def clean_mappings(self) -> list[tuple[str, str]]:
        return mappings_parse(self.cleaned_data["mappings"])

    def provider_settings(self) -> ProviderSettings:
        values: dict[str, Any] = {
            name: (value.strip() if isinstance(value, str) and name != "metadata_xml" else value)
            for name, value in self.cleaned_data.items()
        }
        return ProviderSettings(**values)

    def add_service_errors(self, error: ValidationError) -> None:
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)
