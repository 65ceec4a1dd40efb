"""The publish form: who answers questions, and whether the publisher's own name is shown."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tenants.sharing.services import CONTACT_ROLE_MAX_LENGTH


class PublishForm(forms.Form):
    contact_role = forms.CharField(
        label=_("Kontakt (roll)"),
        max_length=CONTACT_ROLE_MAX_LENGTH,
        help_text=_("Till exempel ”Idéslussen i Lerum”. Ingen e-postadress, inget namn."),
        required=False,
    )
    show_contact_name = forms.BooleanField(
        label=_("Visa mitt namn som kontaktperson"),
        help_text=_("Bara om du själv vill. Annars visas bara rollen."),
        required=False,
    )
