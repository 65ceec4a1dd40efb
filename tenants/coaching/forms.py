"""Forms of the coaching pages: assign a coach, write a note, agree a next step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from shared.accounts.models import Person
from shared.core.forms import BoundedDateField
from tenants.coaching import services


class _PersonChoiceForm(forms.Form):
    """A form with one field that picks a person from a given list."""

    person_field = ""

    def __init__(self, *args: Any, people: Sequence[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._people = {person.pk: person for person in people}
        field = cast(forms.TypedChoiceField, self.fields[self.person_field])
        field.choices = [("", "—"), *((p.pk, p.full_name or p.email) for p in people)]

    def chosen_person(self) -> Person:
        return self._people[self.cleaned_data[self.person_field]]


class CoachAssignForm(_PersonChoiceForm):
    person_field = "coach"

    coach = forms.TypedChoiceField(label=gettext_lazy("Idécoach"), coerce=int)


class CoachNoteForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Ny anteckning"),
        help_text=gettext_lazy(
            "Interna anteckningar syns bara för idécoacher och administratörer."
        ),
        max_length=services.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class NextStepForm(_PersonChoiceForm):
    person_field = "owner"

    description = forms.CharField(
        label=gettext_lazy("Nästa steg"), max_length=services.DESCRIPTION_MAX_LENGTH
    )
    owner = forms.TypedChoiceField(label=gettext_lazy("Ansvarig"), coerce=int)
    due_on = BoundedDateField(
        label=gettext_lazy("Klart senast"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def describe_fields(form: forms.Form) -> forms.Form:
    """Point each field at its help and error texts (ids of includes/form_fields.html)."""
    for name, field in form.fields.items():
        auto_id = form[name].auto_id
        described_by = [f"{auto_id}_help"] if field.help_text else []
        if name in form.errors:
            field.widget.attrs["aria-invalid"] = "true"
            described_by.append(f"{auto_id}_error")
        if described_by:
            field.widget.attrs["aria-describedby"] = " ".join(described_by)
    return form
