"""Forms of the billing pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from billing import orgnr, plans
from billing.models import Payer, SplitMethod
from shared.core.forms import BoundedDateField

REQUIRED_PAYER_FIELDS = (
    "organization_number",
    "address_line1",
    "postal_code",
    "city",
    "buyer_reference",
    "contact_name",
    "contact_email",
)


class PayerForm(forms.ModelForm):
    class Meta:
        model = Payer
        fields = [
            "name",
            "organization_number",
            "address_line1",
            "address_line2",
            "postal_code",
            "city",
            "buyer_reference",
            "contact_name",
            "contact_email",
        ]
        help_texts = {
            "organization_number": _("Tio siffror, NNNNNN-NNNN."),
            "buyer_reference": _("Står på fakturan så att den hamnar rätt hos er."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in REQUIRED_PAYER_FIELDS:
            self.fields[name].required = True

    def clean_organization_number(self) -> str:
        return orgnr.normalize(self.cleaned_data["organization_number"])


class SplitForm(forms.Form):
    method = forms.ChoiceField(label=_("Fördelning"), choices=SplitMethod.choices[1:])

    def __init__(self, *args: Any, payers: list[Payer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.payers = payers
        for payer in payers:
            self.fields[f"share_{payer.pk}"] = forms.DecimalField(
                label=_("Andel för %(name)s (%%)") % {"name": payer.name},
                required=False,
                max_digits=6,
                decimal_places=3,
                min_value=0,
                initial=payer.custom_share_percent,
            )

    def custom_percent(self) -> dict[int, Any]:
        return {payer.pk: self.cleaned_data.get(f"share_{payer.pk}") for payer in self.payers}


class PlanForm(forms.Form):
    plan = forms.ChoiceField(label=_("Plan"), choices=plans.plan_choices)


class TrialForm(forms.Form):
    plan = forms.ChoiceField(
        label=_("Plan"),
        choices=[("", _("Efter invånarantal")), *plans.plan_choices()],
        required=False,
    )
    days = forms.IntegerField(label=_("Dagar"), min_value=1, max_value=365, initial=30)


class GraceForm(forms.Form):
    until = BoundedDateField(
        label=_("Anstånd till"), widget=forms.DateInput(attrs={"type": "date"})
    )
