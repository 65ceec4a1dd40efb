"""Forms of the staff pages: filters, moves, a new idea, comments."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shared.core.forms import BoundedDateField
from tenants import municipalities
from tenants.calls import selectors as call_selectors
from tenants.coaching import selectors as coaching_selectors
from tenants.contacts.models import Audience, Gender
from tenants.ideas import selectors
from tenants.ideas.models import Stage
from tenants.ideas.services import MERGED_STAGE_KEY
from tenants.needs import selectors as need_selectors


def _set_choices(field: forms.Field, choices: Sequence[tuple[Any, Any]]) -> None:
    cast(forms.ChoiceField, field).choices = choices


def _stage_choices(stages: Sequence[Stage]) -> list[tuple[str, str]]:
    return [(stage.key, stage.name) for stage in stages]


class IdeaFilterForm(forms.Form):
    """The filters of the idea list and board; every field may be left empty."""

    stage = forms.ChoiceField(label=gettext_lazy("Steg"), required=False)
    call = forms.TypedChoiceField(
        label=gettext_lazy("Utlysning"), required=False, coerce=int, empty_value=None
    )
    need = forms.TypedChoiceField(
        label=gettext_lazy("Behov"), required=False, coerce=int, empty_value=None
    )
    audience = forms.ChoiceField(label=gettext_lazy("Kommer från"), required=False)
    unit = forms.CharField(label=gettext_lazy("Område eller enhet"), required=False, max_length=200)
    municipality = forms.ChoiceField(label=gettext_lazy("Kommun"), required=False)
    coach = forms.TypedChoiceField(
        label=gettext_lazy("Idécoach"), required=False, coerce=int, empty_value=None
    )
    submitted_from = BoundedDateField(
        label=gettext_lazy("Inkommen från och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = BoundedDateField(
        label=gettext_lazy("Inkommen till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    q = forms.CharField(
        label=gettext_lazy("Sök"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, *args: Any, stages: Sequence[Stage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("Alla"))]
        _set_choices(self.fields["stage"], everything + _stage_choices(stages))
        _set_choices(self.fields["audience"], everything + list(Audience.choices))
        calls = call_selectors.call_list().prefetch_related(None)
        _set_choices(self.fields["call"], everything + [(c.pk, c.title) for c in calls])
        needs = need_selectors.need_list()
        _set_choices(self.fields["need"], everything + [(n.pk, n.title) for n in needs])
        coaches = coaching_selectors.eligible_coaches()
        _set_choices(self.fields["coach"], everything + [(p.pk, p.full_name) for p in coaches])
        # Only a group of municipalities has a municipality to filter on.
        municipalities.filter_field(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
            self.add_error("submitted_to", _("Slutdatumet kan inte ligga före startdatumet."))
        return data

    @property
    def active_count(self) -> int:
        """How many filters the request sets (the filters stay folded away when none)."""
        if not self.is_bound:
            return 0
        return sum(1 for name in self.fields if str(self.data.get(name, "")).strip())

    def filters(self) -> selectors.IdeaFilters:
        """The selector's filters for the valid fields; invalid ones are left out."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if self.is_bound and not self.is_valid():
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return selectors.IdeaFilters(
            stage=data.get("stage") or None,
            call_id=data.get("call"),
            need_id=data.get("need"),
            audience=data.get("audience") or None,
            unit=(data.get("unit") or "").strip() or None,
            coach_id=data.get("coach"),
            municipality_code=data.get("municipality") or None,
            submitted_from=data.get("submitted_from"),
            submitted_to=data.get("submitted_to"),
            q=(data.get("q") or "").strip() or None,
        )


class MoveForm(forms.Form):
    """Move one idea, or the chosen ones, to another stage, and say why."""

    stage = forms.ChoiceField(label=gettext_lazy("Flytta till"))
    reason = forms.CharField(
        label=gettext_lazy("Motivering"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Visas för den som lämnade idén när den avslutas."),
    )

    def __init__(
        self,
        *args: Any,
        stages: Sequence[Stage],
        current: Stage | None = None,
        compact: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Not where it already is, and not "merged": merging has its own form.
        targets = [
            stage
            for stage in stages
            if stage.key != MERGED_STAGE_KEY and (current is None or stage.pk != current.pk)
        ]
        self.stages = {stage.key: stage for stage in targets}
        _set_choices(self.fields["stage"], _stage_choices(targets))
        if compact:
            self.fields["reason"].help_text = ""

    def chosen_stage(self) -> Stage:
        return self.stages[self.cleaned_data["stage"]]


class BulkMoveForm(MoveForm):
    """Move the ideas chosen in the list; the chosen ids come from the table's checkboxes."""


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class IdeaForm(forms.Form):
    """A new idea registered by a member of staff."""

    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Beskriv idén"),
        widget=forms.Textarea,
        help_text=gettext_lazy("Vilket problem löser den, och hur?"),
    )
    expected_benefit = forms.CharField(
        label=gettext_lazy("Förväntad nytta"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    unit = forms.CharField(label=gettext_lazy("Område eller enhet"), max_length=200, required=False)
    municipality_code = forms.ChoiceField(
        label=gettext_lazy("Kommun"),
        required=False,
        help_text=gettext_lazy("Vilken av kommunerna idén gäller."),
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Idén kommer från"), choices=Audience.choices, initial=Audience.STAFF
    )
    call = forms.TypedChoiceField(
        label=gettext_lazy("Svar på utlysning"), required=False, coerce=int, empty_value=None
    )
    needs = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Svarar på behov"),
        required=False,
        coerce=int,
        help_text=gettext_lazy("Håll ned Ctrl (Cmd på Mac) för att välja flera."),
    )
    tags = forms.CharField(
        label=gettext_lazy("Taggar"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Skilj taggarna åt med kommatecken."),
    )
    submitter_gender = forms.ChoiceField(
        label=gettext_lazy("Kön (frivilligt)"),
        required=False,
        help_text=gettext_lazy("Används bara i sammanställningar om jämställdhet."),
    )
    attachments = MultipleFileField(
        label=gettext_lazy("Bilagor"),
        required=False,
        help_text=gettext_lazy("Bilder, PDF eller dokument."),
    )

    def __init__(self, *args: Any, home_municipality: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipalities.form_field(self, initial=home_municipality)
        none = [("", _("Ingen"))]
        # Only calls that take ideas today; the service refuses the others anyway.
        open_calls = call_selectors.call_list(state=call_selectors.CallState.OPEN)
        self.call_by_pk = {call.pk: call for call in open_calls.prefetch_related(None)}
        self.need_by_pk = {need.pk: need for need in need_selectors.need_list()}
        _set_choices(
            self.fields["call"], none + [(pk, c.title) for pk, c in self.call_by_pk.items()]
        )
        _set_choices(self.fields["needs"], [(pk, n.title) for pk, n in self.need_by_pk.items()])
        _set_choices(self.fields["submitter_gender"], [("", _("Vill inte ange")), *Gender.choices])

    def submission(self) -> dict[str, Any]:
        """The keyword arguments of ``services.idea_submit`` from the cleaned data."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "expected_benefit": data["expected_benefit"],
            "unit": data["unit"],
            "audience": data["audience"],
            "call": self.call_by_pk.get(data["call"]) if data["call"] else None,
            "needs": [self.need_by_pk[pk] for pk in data["needs"]],
            "tags": [tag.strip() for tag in data["tags"].split(",") if tag.strip()],
            "submitter_gender": data["submitter_gender"],
            "attachments": data["attachments"],
            "municipality_code": data.get("municipality_code", ""),
        }


class CommentForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Kommentar"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_internal = forms.BooleanField(
        label=gettext_lazy("Intern anteckning (syns bara för innovationsenheten och idérådet)"),
        required=False,
    )

    def __init__(self, *args: Any, may_write_internal: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_write_internal:
            del self.fields["is_internal"]


class MergeForm(forms.Form):
    into = forms.CharField(
        label=gettext_lazy("Slå ihop med idé (diarienummer)"),
        max_length=16,
        help_text=gettext_lazy(
            "Den här idén avslutas som dubblett av den du anger, t.ex. 2026-0042."
        ),
    )
    reason = forms.CharField(
        label=gettext_lazy("Motivering"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
