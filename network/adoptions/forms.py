"""Forms of the network's adoption pages that live in the public schema."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AreaForm(forms.Form):
    area = forms.CharField(label=_("Område"), max_length=200)
