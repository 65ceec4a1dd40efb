"""Platform admin: platform staff set up an organisation's identity provider for it.

The same service as the organisation's own page does the saving (validation,
encryption of the secret, audit row); the admin never shows the secret.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from shared.sso import services
from shared.sso.forms import mappings_parse, mappings_text
from shared.sso.models import IdentityProvider

_SETTINGS_FIELDS = [
    "protocol",
    "enabled",
    "require_sso",
    "issuer",
    "client_id",
    "secret_from_environment",
    "scopes",
    "email_claim",
    "groups_claim",
    "metadata_url",
    "metadata_xml",
    "idp_entity_id",
    "email_attribute",
    "groups_attribute",
]


class IdentityProviderAdminForm(forms.ModelForm):
    client_secret = forms.CharField(
        label=_("Klienthemlighet"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Lagras krypterad och visas aldrig igen. Lämna tomt för att behålla den."),
    )
    mappings = forms.CharField(
        label=_("Gruppkopplingar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("En per rad: grupp = roll."),
    )

    class Meta:
        model = IdentityProvider
        fields = ["organization", *_SETTINGS_FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["mappings"].initial = mappings_text(self.instance)

    def clean_mappings(self) -> list[tuple[str, str]]:
        return mappings_parse(self.cleaned_data.get("mappings", ""))

    def provider_settings(self) -> services.ProviderSettings:
        data = self.cleaned_data
        values: dict[str, Any] = {name: data.get(name) for name in _SETTINGS_FIELDS}
        return services.ProviderSettings(
            **values,
            client_secret=data.get("client_secret", ""),
            mappings=data.get("mappings", []),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        has_secret = bool(cleaned.get("client_secret")) or bool(
            self.instance.pk and self.instance.client_secret_encrypted
        )
        errors = services.provider_settings_errors(self.provider_settings(), has_secret=has_secret)
        for name, messages in errors.items():
            self.add_error(name if name in self.fields else None, messages)
        return cleaned


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    form = IdentityProviderAdminForm
    list_display = ["organization", "protocol", "enabled", "require_sso", "updated_at"]
    list_filter = ["protocol", "enabled", "require_sso"]
    search_fields = ["organization__name", "organization__slug"]

    def save_model(
        self, request: HttpRequest, obj: IdentityProvider, form: Any, change: bool
    ) -> None:
        provider = services.identity_provider_save(
            organization=form.cleaned_data["organization"],
            settings=form.provider_settings(),
            by=request.user,
        )
        obj.pk = provider.pk
