"""Forms for logging in and managing members."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shared.accounts.models import Role


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-postadress"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("Fel e-postadress eller lösenord. Kontrollera och försök igen."),
        "inactive": _("Kontot är inaktiverat."),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        """Refuse the password where the organisation requires its own provider (shared/sso)."""
        super().confirm_login_allowed(user)
        from shared.sso import selectors as sso_selectors

        organization = getattr(self.request, "tenant", None)
        if sso_selectors.password_login_refused(person=user, organization=organization):
            raise ValidationError(
                _(
                    "%(organization)s kräver inloggning med organisationens eget konto. "
                    "Använd knappen ”Logga in med %(organization)s”."
                ),
                code="sso_required",
                params={"organization": getattr(organization, "name", "")},
            )


class MembershipAddForm(forms.Form):
    email = forms.EmailField(label=_("E-postadress"))
    full_name = forms.CharField(label=_("Namn"), max_length=200)
    # No role is preselected: the most powerful one must never be the default.
    role = forms.ChoiceField(label=_("Roll"), choices=[("", _("Välj roll")), *Role.choices])


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"),
        max_length=100,
        help_text=_("Vad nyckeln används till, t.ex. ”Rapportexport”."),
    )
    days = forms.IntegerField(
        label=_("Giltig i dagar"),
        required=False,
        min_value=1,
        help_text=_("Lämna tomt för längsta tillåtna tid."),
    )
