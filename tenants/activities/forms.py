"""Forms of the activity pages: an activity, a participant, the list's filters."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from shared.core.forms import BoundedDateField
from tenants import municipalities
from tenants.activities import selectors, services
from tenants.activities.models import Activity, ActivityKind, ParticipantRole
from tenants.contacts.models import Gender

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Typ"), choices=ActivityKind.choices)
    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=services.TITLE_MAX_LENGTH)
    held_on = BoundedDateField(label=gettext_lazy("Datum"), widget=DATE_WIDGET)
    description = forms.CharField(
        label=gettext_lazy("Beskrivning"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    head_count = forms.IntegerField(
        label=gettext_lazy("Antal deltagare"),
        help_text=gettext_lazy(
            "Fyll i om deltagarna inte registreras var för sig. Då räknas antalet i stället "
            "för de registrerade deltagarna."
        ),
        min_value=0,
        max_value=services.HEAD_COUNT_MAX,
        required=False,
    )
    head_count_women = forms.IntegerField(
        label=gettext_lazy("Varav kvinnor"),
        min_value=0,
        max_value=services.HEAD_COUNT_MAX,
        required=False,
    )
    head_count_men = forms.IntegerField(
        label=gettext_lazy("Varav män"),
        min_value=0,
        max_value=services.HEAD_COUNT_MAX,
        required=False,
    )
    head_count_managers = forms.IntegerField(
        label=gettext_lazy("Varav chefer"),
        help_text=gettext_lazy(
            "För en utbildning: hur många av deltagarna som var chefer. Räknas in i "
            "”utbildade chefer” tillsammans med registrerade chefer."
        ),
        min_value=0,
        max_value=services.HEAD_COUNT_MAX,
        required=False,
    )
    municipality_code = forms.ChoiceField(
        label=gettext_lazy("Kommun"),
        required=False,
        help_text=gettext_lazy("Vilken av kommunerna som höll aktiviteten."),
    )

    def __init__(self, *args: Any, home_municipality: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipalities.form_field(self, initial=home_municipality)

    @classmethod
    def for_activity(cls, activity: Activity) -> ActivityForm:
        return cls(initial={name: getattr(activity, name) for name in services.ACTIVITY_FIELDS})


class IdeaLinkForm(forms.Form):
    """Name an idea that came out of the activity by its registration number."""

    registration_number = forms.CharField(
        label=gettext_lazy("Diarienummer"),
        max_length=16,
        help_text=gettext_lazy("Idén som kom fram på aktiviteten, t.ex. 2026-0042."),
    )


class ParticipantForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Namn"), max_length=services.NAME_MAX_LENGTH)
    role = forms.ChoiceField(label=gettext_lazy("Roll"), choices=ParticipantRole.choices)
    gender = forms.ChoiceField(
        label=gettext_lazy("Kön (frivilligt)"),
        help_text=gettext_lazy("Används bara i sammanställningar, aldrig per person."),
        choices=[("", gettext_lazy("Inte angivet")), *Gender.choices],
        required=False,
    )
    attended = forms.BooleanField(label=gettext_lazy("Deltog"), initial=True, required=False)


class ActivityFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("År"), coerce=int, required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Typ"),
        choices=[("", gettext_lazy("Alla")), *ActivityKind.choices],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = sorted({this_year, *selectors.activity_years()}, reverse=True)
        cast(forms.TypedChoiceField, self.fields["year"]).choices = [(y, y) for y in years]

    def chosen(self) -> tuple[int, str | None]:
        """The year (this year unless a valid one was asked for) and the kind, if any."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("year") or timezone.localdate().year, data.get("kind") or None
