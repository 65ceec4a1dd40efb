"""Forms for data subjects' requests: who asks, and for what."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shared.privacy.models import SubjectRequestKind


class SubjectRequestForm(forms.Form):
    """Platform staff register a person's request by the address it came from."""

    kind = forms.ChoiceField(
        label=_("Vad begär personen?"),
        choices=SubjectRequestKind.choices,
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label=_("Personens e-postadress"),
        help_text=_("Adressen söks i alla organisationer och på plattformen."),
    )


class ContactRequestForm(forms.Form):
    """An organisation's admin names one of its portal contacts by e-mail."""

    email = forms.EmailField(
        label=_("Kontaktens e-postadress"),
        help_text=_("Bara den här organisationens portalkontakter söks."),
    )
