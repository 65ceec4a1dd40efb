"""Forms of the trial pages: plan a test, write in its log, change its status, evaluate it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shared.core.forms import BoundedDateField
from tenants.trials import selectors, services
from tenants.trials.models import Recommendation, SuccessMeasure, Trial, TrialKind, TrialStatus

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def sek_text(value: str) -> str:
    """An amount as people type it ("150 000,50") as a decimal string ("150000.50")."""
    return "".join(value.split()).replace("\u00a0", "").replace(",", ".")


def measure_lines(text: str) -> list[tuple[str, str]]:
    """Success measures, one a line, each with its target after a colon."""
    measures = []
    for line in text.splitlines():
        description, _colon, target = line.partition(":")
        if description.strip() or target.strip():
            measures.append((description.strip(), target.strip()))
    return measures


def measures_text(measures: Sequence[SuccessMeasure]) -> str:
    return "\n".join(
        f"{m.description}: {m.target}" if m.target else m.description for m in measures
    )


class TrialForm(forms.Form):
    idea = forms.TypedChoiceField(label=gettext_lazy("Idé"), coerce=int)
    kind = forms.ChoiceField(
        label=gettext_lazy("Typ"), choices=TrialKind.choices, initial=TrialKind.TEST
    )
    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=services.TITLE_MAX_LENGTH)
    goal = forms.CharField(
        label=gettext_lazy("Mål"),
        help_text=gettext_lazy("Vad ska testet visa eller uppnå?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hypothesis = forms.CharField(
        label=gettext_lazy("Hypotes"),
        help_text=gettext_lazy("Vi tror att … leder till …"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    units = forms.CharField(
        label=gettext_lazy("Deltagande enheter"),
        help_text=gettext_lazy("En enhet per rad."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_on = BoundedDateField(label=gettext_lazy("Startar"), widget=DATE_WIDGET)
    ends_on = BoundedDateField(label=gettext_lazy("Slutar"), widget=DATE_WIDGET)
    budget_sek = forms.CharField(
        label=gettext_lazy("Budget (kr)"),
        help_text=gettext_lazy("I kronor, till exempel 150000 eller 150000,50."),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    measures = forms.CharField(
        label=gettext_lazy("Framgångsmått"),
        help_text=gettext_lazy(
            "Ett mått per rad. Skriv målvärdet efter ett kolon, till exempel: "
            "Nöjda brukare: minst 80 %"
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    decision = forms.TypedChoiceField(
        label=gettext_lazy("Beslut i idérådet"), coerce=int, required=False, empty_value=None
    )
    methods = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Metoder och testbäddar"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, trial: Trial | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        idea_field = cast(forms.TypedChoiceField, self.fields["idea"])
        if trial is None:
            idea_field.choices = [
                ("", "—"),
                *((i.pk, f"{i.registration_number} {i.title}") for i in selectors.ideas_to_test()),
            ]
        else:
            # A trial stays with its idea.
            idea_field.choices = [(trial.idea_id, str(trial.idea))]
            idea_field.disabled = True
        decision_field = cast(forms.TypedChoiceField, self.fields["decision"])
        decision_field.choices = [
            ("", _("Inget beslut")),
            *(
                (d.pk, f"{d.registration_number} {d.get_kind_display()} – {d.idea.title}")
                for d in selectors.decisions_for_trials()
            ),
        ]
        methods_field = cast(forms.TypedMultipleChoiceField, self.fields["methods"])
        methods_field.choices = [
            (m.pk, f"{m.title} ({m.get_kind_display()})") for m in selectors.methods_to_use()
        ]
        if not methods_field.choices:
            del self.fields["methods"]

    def clean_budget_sek(self) -> str:
        return sek_text(self.cleaned_data["budget_sek"])

    def clean_measures(self) -> list[tuple[str, str]]:
        return measure_lines(self.cleaned_data["measures"])

    def clean_units(self) -> list[str]:
        return services.clean_lines(self.cleaned_data["units"])

    @classmethod
    def for_trial(cls, trial: Trial) -> TrialForm:
        return cls(
            trial=trial,
            initial={
                "idea": trial.idea_id,
                "kind": trial.kind,
                "title": trial.title,
                "goal": trial.goal,
                "hypothesis": trial.hypothesis,
                "units": "\n".join(trial.units),
                "starts_on": trial.starts_on,
                "ends_on": trial.ends_on,
                "budget_sek": f"{trial.budget_sek:f}",
                "measures": measures_text(list(trial.success_measures.all())),
                "decision": trial.decision_id,
                "methods": [m.pk for m in trial.methods.all()],
            },
        )


class TrialLogForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Ny loggpost"),
        help_text=gettext_lazy("Vad har hänt i testet? Iakttagelser, problem, beslut."),
        max_length=services.LOG_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TrialStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Ny status"))

    def __init__(self, *args: Any, trial: Trial, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = services.STATUS_CHANGES[trial.status]
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (value, label) for value, label in TrialStatus.choices if value in allowed
        ]


class EvaluationForm(forms.Form):
    """The evaluation, with a result and "met or not" for each of the trial's measures."""

    summary = forms.CharField(
        label=gettext_lazy("Resultat"),
        help_text=gettext_lazy("Vad visade testet?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    effects = forms.CharField(
        label=gettext_lazy("Effekter"),
        help_text=gettext_lazy("Uppmätta effekter, till exempel tid, kvalitet eller kostnad."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    actual_cost_sek = forms.CharField(
        label=gettext_lazy("Verklig kostnad (kr)"),
        help_text=gettext_lazy("I kronor, till exempel 120000 eller 120000,50."),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    lessons = forms.CharField(
        label=gettext_lazy("Lärdomar"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    recommendation = forms.ChoiceField(
        label=gettext_lazy("Rekommendation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
    )
    evaluated_on = BoundedDateField(label=gettext_lazy("Utvärderad"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, measures: Sequence[SuccessMeasure], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"evaluated_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.measures = list(measures)
        for measure in self.measures:
            label = (
                _("Utfall: %(measure)s (mål: %(target)s)")
                % {"measure": measure.description, "target": measure.target}
                if measure.target
                else _("Utfall: %(measure)s") % {"measure": measure.description}
            )
            self.fields[self.result_field(measure)] = forms.CharField(
                label=label, max_length=services.RESULT_MAX_LENGTH, required=False
            )
            self.fields[self.met_field(measure)] = forms.BooleanField(
                label=_("Målet för ”%(measure)s” uppnåddes") % {"measure": measure.description},
                required=False,
            )

    @staticmethod
    def result_field(measure: SuccessMeasure) -> str:
        return f"result_{measure.pk}"

    @staticmethod
    def met_field(measure: SuccessMeasure) -> str:
        return f"met_{measure.pk}"

    def clean_actual_cost_sek(self) -> str:
        return sek_text(self.cleaned_data["actual_cost_sek"])

    def service_arguments(self) -> dict[str, Any]:
        """What ``services.evaluation_record`` takes, from the cleaned data."""
        data = self.cleaned_data
        return {
            "summary": data["summary"],
            "effects": data["effects"],
            "actual_cost_sek": data["actual_cost_sek"],
            "lessons": data["lessons"],
            "recommendation": data["recommendation"],
            "evaluated_on": data["evaluated_on"],
            "results": {
                m.pk: (data.get(self.result_field(m), ""), data.get(self.met_field(m), False))
                for m in self.measures
            },
        }

    def mark_missing_results(self) -> None:
        """Put an error next to each measure left without a result."""
        for measure in self.measures:
            name = self.result_field(measure)
            if not (self.cleaned_data.get(name) or "").strip() and name not in self.errors:
                self.add_error(name, _("Ange utfallet för måttet."))


class TrialFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Alla")), *TrialStatus.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Typ"),
        choices=[("", gettext_lazy("Alla")), *TrialKind.choices],
        required=False,
    )
    period_from = BoundedDateField(
        label=gettext_lazy("Pågår från"), widget=DATE_WIDGET, required=False
    )
    period_to = BoundedDateField(
        label=gettext_lazy("Pågår till"), widget=DATE_WIDGET, required=False
    )

    def filters(self) -> dict[str, Any]:
        """The filters for ``selectors.trial_list``; a field with an invalid value is left out."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
