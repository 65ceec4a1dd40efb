"""Forms for logging in and managing members."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
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
