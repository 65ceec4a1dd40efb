"""Forms of the joint pilot pages; the services validate again and have the last word."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from network.pilots.models import CostSplit, Participant, Recommendation
from shared.core.forms import BoundedDateField
from shared.organizations.models import Organization


def lines(text: str) -> list[str]:
    """One entry per non-empty line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class ProposeForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    summary = forms.CharField(
        label=_("Sammanfattning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Det här kan hela nätverket läsa när piloten har startat."),
    )
    plan = forms.CharField(
        label=_("Plan"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Planen läser bara de organisationer som är med i piloten."),
    )
    area = forms.CharField(label=_("Område"), max_length=200, required=False)
    cost_split = forms.ChoiceField(
        label=_("Kostnadsfördelning"),
        choices=[
            (CostSplit.EQUAL, CostSplit.EQUAL.label),
            (CostSplit.PER_INHABITANT, CostSplit.PER_INHABITANT.label),
        ],
    )


class InviteForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.none()
    )

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class LogForm(forms.Form):
    text = forms.CharField(label=_("Ny loggpost"), widget=forms.Textarea(attrs={"rows": 3}))


class PlanForm(forms.Form):
    summary = forms.CharField(label=_("Sammanfattning"), widget=forms.Textarea(attrs={"rows": 3}))
    plan = forms.CharField(
        label=_("Plan"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )


class CostSplitForm(forms.Form):
    """The split, with a percentage field per participant for custom shares."""

    split = forms.ChoiceField(label=_("Kostnadsfördelning"), choices=CostSplit.choices)

    def __init__(self, *args: Any, taking_part: list[Participant], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for participant in taking_part:
            self.fields[f"share_{participant.pk}"] = forms.DecimalField(
                label=_("Andel för %(name)s (%%)") % {"name": participant.organization.name},
                max_digits=5,
                decimal_places=2,
                min_value=Decimal(0),
                max_value=Decimal(100),
                required=False,
            )
        self.taking_part = taking_part

    def shares(self) -> dict[int, Decimal] | None:
        if self.cleaned_data["split"] != CostSplit.CUSTOM:
            return None
        return {
            participant.pk: self.cleaned_data.get(f"share_{participant.pk}") or Decimal(0)
            for participant in self.taking_part
        }


class EvaluationForm(forms.Form):
    results = forms.CharField(label=_("Resultat"), widget=forms.Textarea(attrs={"rows": 5}))
    effects = forms.CharField(
        label=_("Effekter"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    recommendation = forms.ChoiceField(label=_("Rekommendation"), choices=Recommendation.choices)
    actual_cost_sek = forms.DecimalField(
        label=_("Faktisk kostnad (kr)"), max_digits=12, decimal_places=2, min_value=Decimal(0)
    )
    evaluated_on = BoundedDateField(
        label=_("Utvärderad"), widget=forms.DateInput(attrs={"type": "date"})
    )
