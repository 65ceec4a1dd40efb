"""The form staff use to correct an idea after submission (rättelse)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from tenants.calls.models import IdeaCall
from tenants.ideas.models import Idea
from tenants.needs.models import Need


class IdeaCorrectForm(forms.Form):
    """Title, text, unit, call and needs of a submitted idea, and why they change."""

    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=200)
    description = forms.CharField(label=gettext_lazy("Beskrivning"), widget=forms.Textarea)
    unit = forms.CharField(label=gettext_lazy("Område eller enhet"), max_length=200, required=False)
    call = forms.ModelChoiceField(
        label=gettext_lazy("Utlysning"), queryset=IdeaCall.objects.none(), required=False
    )
    needs = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Behov"),
        queryset=Need.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=gettext_lazy("Varför rättas idén?"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Syns i idéns historik för medarbetarna."),
    )

    def __init__(self, *args: Any, idea: Idea, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": idea.title,
                "description": idea.description,
                "unit": idea.unit,
                "call": idea.call_id,
                "needs": [need.pk for need in idea.needs.all()],
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = IdeaCall.objects.order_by("-opens_on", "pk")  # type: ignore[attr-defined]
        self.fields["needs"].queryset = Need.objects.order_by("title", "pk")  # type: ignore[attr-defined]
