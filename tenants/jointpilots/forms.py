"""Forms of the deciding organisation's pilot pages: preparing for the council, deciding."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from network.pilots.forms import lines
from shared.core.forms import BoundedDateField
from tenants.council.models import Meeting, MeetingStatus

UNITS_HELP = _("En enhet per rad.")


class PrepareForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Sammanträde"), queryset=Meeting.objects.none())
    units = forms.CharField(
        label=_("Enheter som deltar"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=UNITS_HELP,
    )
    proposed_amount_sek = forms.DecimalField(
        label=_("Föreslaget åtagande (kr)"), max_digits=12, decimal_places=2, min_value=Decimal(0)
    )
    preparation_memo = forms.CharField(
        label=_("Beredning"), widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(  # type: ignore[attr-defined]
            status=MeetingStatus.PLANNED
        ).order_by("held_on", "pk")

    def clean_units(self) -> list[str]:
        return lines(self.cleaned_data["units"])


class DecisionForm(forms.Form):
    """The council's decision, or a partner's (with ``partner=True``: units and own reference)."""

    takes_part = forms.TypedChoiceField(
        label=_("Beslut"),
        choices=[("yes", _("Delta i piloten")), ("no", _("Avstå"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    committed_sek = forms.DecimalField(
        label=_("Åtagande (kr)"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        initial=Decimal(0),
        required=False,
    )
    units = forms.CharField(
        label=_("Enheter som deltar"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=UNITS_HELP,
        required=False,
    )
    rationale = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 4}))
    decided_on = BoundedDateField(
        label=_("Beslutsdatum"), widget=forms.DateInput(attrs={"type": "date"})
    )
    budget_override_reason = forms.CharField(
        label=_("Skäl att överskrida budgeten"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    external_reference = forms.CharField(
        label=_("Egen beteckning"),
        max_length=40,
        required=False,
        help_text=_("Om beslutet också finns i er styrelses protokoll: dess beteckning."),
    )

    def __init__(self, *args: Any, partner: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["external_reference" if not partner else "budget_override_reason"]

    def clean_units(self) -> list[str]:
        return lines(self.cleaned_data["units"])

    def clean_committed_sek(self) -> Decimal:
        return self.cleaned_data["committed_sek"] or Decimal(0)
