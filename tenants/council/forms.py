"""Forms of the idea council's pages; the rules live in the services."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shared.core.forms import BoundedDateField
from tenants.council import money
from tenants.council.models import DecisionKind
from tenants.ideas.models import Idea

_SPACES = re.compile(r"[\s\u00a0\u202f]")


class MoneyField(forms.CharField):
    """Kronor as people write them ("150 000", "150000,50"), cleaned to an exact Decimal."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return money.parse_sek(_SPACES.sub("", text).replace(",", "."))
        except money.MoneyError as error:
            raise forms.ValidationError(str(error)) from error


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    amount_sek = MoneyField(label=_("Budget (kr)"))


class MeetingForm(forms.Form):
    held_on = BoundedDateField(label=_("Datum"), widget=DateInput())
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    location = forms.CharField(label=_("Plats"), max_length=200, required=False)


class IdeaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.registration_number} {obj.title} ({obj.stage.name})"


class AgendaItemForm(forms.Form):
    idea = IdeaChoiceField(label=_("Idé"), queryset=Idea.objects.none())
    preparation_memo = forms.CharField(
        label=_("Beredning"),
        help_text=_("Vad idérådet ska ta ställning till, och underlaget för beslutet."),
        widget=forms.Textarea(
            attrs={"rows": 4, "aria-describedby": "id_preparation_memo_helptext"}
        ),
    )

    def __init__(self, *args: Any, ideas: QuerySet[Idea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["idea"]
        assert isinstance(field, IdeaChoiceField)
        field.queryset = ideas


class DecisionForm(forms.Form):
    """The decision on one agenda item; one per item on the page, told apart by prefix.

    The field for a reason to exceed the budget is there only when needed: when
    the service said so, or when it was filled in before.
    """

    kind = forms.ChoiceField(label=_("Beslut"), choices=DecisionKind.choices)
    amount_granted_sek = MoneyField(label=_("Beviljat belopp (kr)"), required=False, initial="0")
    decided_on = BoundedDateField(label=_("Beslutsdatum"), widget=DateInput())
    rationale = forms.CharField(label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 3}))
    budget_override_reason = forms.CharField(
        label=_("Skäl att överskrida budgeten"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, show_override: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        asked = self.is_bound and bool(self.data.get(self.add_prefix("budget_override_reason")))
        if not (show_override or asked):
            del self.fields["budget_override_reason"]

    @property
    def shows_override(self) -> bool:
        return "budget_override_reason" in self.fields

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "amount_granted_sek": data["amount_granted_sek"] or Decimal(0),
            "decided_on": data["decided_on"],
            "rationale": data["rationale"],
            "budget_override_reason": data.get("budget_override_reason") or "",
        }


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Protokoll"),
        help_text=_("Närvarande, förklaringar och övrigt. Besluten förs in automatiskt."),
        widget=forms.Textarea(attrs={"rows": 8, "aria-describedby": "id_minutes_helptext"}),
        required=False,
    )
