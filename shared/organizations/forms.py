"""Forms for requesting a new organisation."""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shared.core import geography
from shared.core.forms import add_service_errors
from shared.organizations import services
from shared.organizations.models import OrganizationKind, ProvisioningRequest


class ProvisioningRequestForm(forms.ModelForm):
    """Validates with the provisioning service, so the admin shows its messages by each field."""

    kind = forms.ChoiceField(
        label=_("Typ"),
        choices=[c for c in OrganizationKind.choices if c[0] != OrganizationKind.PLATFORM],
    )
    municipality_codes = forms.MultipleChoiceField(
        label=_("Kommuner"),
        required=False,
        choices=geography.municipality_choices,
        help_text=_("Den första kommunen i listan räknas som värdkommun. Håll ned Ctrl för flera."),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )
    domain = forms.CharField(
        label=_("Domän"),
        required=False,
        help_text=_("Lämna tomt för kortnamn.basdomän, t.ex. tranas.localhost."),
    )
    admin_email = forms.EmailField(
        label=_("Första administratörens e-postadress"),
        help_text=_(
            "Hen får ett välkomstmejl med en länk för att välja lösenord; "
            "ingen annan sätter lösenordet."
        ),
    )
    admin_name = forms.CharField(label=_("Första administratörens namn"), max_length=200)

    class Meta:
        model = ProvisioningRequest
        fields = [
            "name",
            "slug",
            "kind",
            "municipality_codes",
            "domain",
            "admin_email",
            "admin_name",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            new_organization = services.organization_validate_new(
                name=cleaned.get("name", ""),
                slug=cleaned.get("slug", ""),
                kind=cleaned.get("kind", ""),
                municipality_codes=cleaned.get("municipality_codes", []),
                domain=cleaned.get("domain", ""),
                admin_email=cleaned.get("admin_email", ""),
                admin_name=cleaned.get("admin_name", ""),
            )
            cleaned.update(dataclasses.asdict(new_organization))
        except ValidationError as error:
            add_service_errors(self, error)
        return cleaned
