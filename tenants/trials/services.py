"""Writes on tests and pilots (tester och piloter): plan, log, status and evaluation.

Every service validates first and raises ``ValidationError`` keyed by field
with a Swedish message; the change and its audit event are written in one
transaction. Money is a ``Decimal`` (or a decimal string), never a float.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared.accounts.models import Person
from shared.accounts.people import stored_person
from tenants.audit.services import audit_event_record, snapshot
from tenants.council import money
from tenants.council.models import Decision
from tenants.ideas.models import Idea, StageKind
from tenants.library.models import Method
from tenants.trials.models import (
    Evaluation,
    MeasureResult,
    Recommendation,
    SuccessMeasure,
    Trial,
    TrialKind,
    TrialLogEntry,
    TrialStatus,
)

TITLE_MAX_LENGTH = 200
UNIT_MAX_LENGTH = 200
UNITS_MAX = 50
MEASURE_MAX_LENGTH = 300
TARGET_MAX_LENGTH = 200
MEASURES_MAX = 20
RESULT_MAX_LENGTH = 300
LOG_MAX_LENGTH = 10_000

# Fields trial_update may change; the status changes through trial_set_status
# and evaluation_record.
UPDATABLE_FIELDS = frozenset(
    {
        "title",
        "goal",
        "hypothesis",
        "units",
        "starts_on",
        "ends_on",
        "budget_sek",
        "measures",
        "kind",
        "decision",
        "methods",
    }
)
TRIAL_FIELDS = [
    "idea",
    "decision",
    "kind",
    "title",
    "goal",
    "hypothesis",
    "units",
    "starts_on",
    "ends_on",
    "budget_sek",
    "status",
    "methods",
]
EVALUATION_FIELDS = [
    "trial",
    "summary",
    "effects",
    "actual_cost_sek",
    "lessons",
    "recommendation",
    "evaluated_on",
]
# Status changes staff make by hand. A trial is completed by its evaluation, and stays so.
STATUS_CHANGES: dict[str, frozenset[str]] = {
    TrialStatus.PLANNED: frozenset({TrialStatus.RUNNING, TrialStatus.STOPPED}),
    TrialStatus.RUNNING: frozenset({TrialStatus.PLANNED, TrialStatus.STOPPED}),
    TrialStatus.STOPPED: frozenset({TrialStatus.PLANNED, TrialStatus.RUNNING}),
    TrialStatus.COMPLETED: frozenset(),
}


# --- Planning --------------------------------------------------------------------


@transaction.atomic
def trial_plan(
    *,
    idea: Idea,
    title: str,
    goal: str,
    hypothesis: str,
    units: Sequence[str],
    starts_on: datetime.date,
    ends_on: datetime.date,
    budget_sek: Decimal | str | int,
    measures: Sequence[tuple[str, str]],
    kind: str = TrialKind.TEST,
    decision: Decision | None = None,
    methods: Iterable[Method] = (),
    by: Person | None,
) -> Trial:
    """Plan a test or pilot of ``idea``: goal, hypothesis, units, period, budget and measures.

    At least one participating unit (Lerum: three units test first) and one
    success measure (framgångsmått, with an optional target) are required; the
    period may not end before it starts; the budget is exact kronor.
    """
    values, clean_measures = _validated(
        idea=idea,
        title=title,
        goal=goal,
        hypothesis=hypothesis,
        units=units,
        starts_on=starts_on,
        ends_on=ends_on,
        budget_sek=budget_sek,
        measures=measures,
        kind=kind,
        decision=decision,
        planning=True,
    )
    trial = Trial.objects.create(idea=idea, **values, created_by=stored_person(by))
    SuccessMeasure.objects.bulk_create(
        SuccessMeasure(trial=trial, description=description, target=target)
        for description, target in clean_measures
    )
    trial.methods.set(list(methods))
    audit_event_record(
        actor=by,
        action="trial.planned",
        obj=trial,
        after={**snapshot(trial, TRIAL_FIELDS), "measures": _measures_state(trial)},
    )
    return trial


@transaction.atomic
def trial_update(*, trial: Trial, by: Person | None, **fields: Any) -> Trial:
    """Change a trial's plan; its success measures only while it has no evaluation.

    ``measures`` replaces the list: a measure given again (same text and
    target) keeps its row, the others are removed or added.
    """
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"trial_update() cannot change {', '.join(sorted(unknown))}")
    locked = _locked(trial)
    existing = [(m.description, m.target) for m in locked.success_measures.order_by("pk")]
    before = {**snapshot(locked, TRIAL_FIELDS), "measures": _measures_state(locked)}
    current = {name: getattr(locked, name) for name in UPDATABLE_FIELDS - {"measures", "methods"}}
    asked_measures = fields.pop("measures", None)
    methods = fields.pop("methods", None)
    values, clean_measures = _validated(
        idea=locked.idea,
        **{**current, **fields},
        measures=existing if asked_measures is None else asked_measures,
    )
    measures_change = asked_measures is not None and clean_measures != existing
    if measures_change and Evaluation.objects.filter(trial=locked).exists():
        raise ValidationError(
            {"measures": [_("Framgångsmåtten kan inte ändras när testet är utvärderat.")]}
        )
    for name, value in values.items():
        setattr(locked, name, value)
        setattr(trial, name, value)
    locked.save(update_fields=sorted(values))
    if measures_change:
        _replace_measures(locked, clean_measures)
    if methods is not None:
        locked.methods.set(list(methods))
    after = {**snapshot(locked, TRIAL_FIELDS), "measures": _measures_state(locked)}
    changed = {name: value for name, value in after.items() if before.get(name) != value}
    if changed:
        audit_event_record(
            actor=by,
            action="trial.updated",
            obj=locked,
            before={name: before.get(name) for name in changed},
            after=changed,
        )
    return trial


def _replace_measures(trial: Trial, wanted: list[tuple[str, str]]) -> None:
    keep: list[int] = []
    rows = list(trial.success_measures.order_by("pk"))
    remaining = list(wanted)
    for row in rows:
        if (row.description, row.target) in remaining:
            remaining.remove((row.description, row.target))
            keep.append(row.pk)
    trial.success_measures.exclude(pk__in=keep).delete()
    SuccessMeasure.objects.bulk_create(
        SuccessMeasure(trial=trial, description=description, target=target)
        for description, target in remaining
    )


def _validated(
    *,
    idea: Idea,
    title: str,
    goal: str,
    hypothesis: str,
    units: Sequence[str],
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    budget_sek: Any,
    measures: Sequence[tuple[str, str]],
    kind: str,
    decision: Decision | None,
    planning: bool = False,
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    errors: dict[str, list[str]] = {}
    title = " ".join((title or "").split())
    goal = (goal or "").strip()
    hypothesis = (hypothesis or "").strip()
    if not title:
        errors["title"] = [_("Ange en rubrik.")]
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = [_("Rubriken får vara högst %(max)d tecken.") % {"max": TITLE_MAX_LENGTH}]
    if not goal:
        errors["goal"] = [_("Beskriv vad testet ska uppnå.")]
    if not hypothesis:
        errors["hypothesis"] = [_("Skriv testets hypotes.")]
    if kind not in TrialKind.values:
        errors["kind"] = [_("Välj test eller pilot.")]
    clean_units = clean_lines(units)
    if not clean_units:
        errors["units"] = [_("Ange minst en deltagande enhet.")]
    elif any(len(unit) > UNIT_MAX_LENGTH for unit in clean_units):
        errors["units"] = [_("En enhet får vara högst %(max)d tecken.") % {"max": UNIT_MAX_LENGTH}]
    elif len(clean_units) > UNITS_MAX:
        errors["units"] = [_("Ange högst %(max)d enheter.") % {"max": UNITS_MAX}]
    if not isinstance(starts_on, datetime.date):
        errors["starts_on"] = [_("Ange när testet startar.")]
    if not isinstance(ends_on, datetime.date):
        errors["ends_on"] = [_("Ange när testet slutar.")]
    elif isinstance(starts_on, datetime.date) and ends_on < starts_on:
        errors["ends_on"] = [_("Slutdatumet kan inte vara före startdatumet.")]
    try:
        budget = money.parse_sek(budget_sek)
    except money.MoneyError as error:
        errors["budget_sek"] = [str(error)]
        budget = Decimal(0)
    clean_measures, measure_errors = _clean_measures(measures)
    if measure_errors:
        errors["measures"] = measure_errors
    if planning and (idea.merged_into_id is not None or idea.stage.kind == StageKind.CLOSED):
        errors["idea"] = [_("Idén är avslutad; planera inte ett test av den.")]
    if decision is not None and decision.idea_id != idea.pk:
        errors["decision"] = [_("Beslutet gäller en annan idé.")]
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "goal": goal,
        "hypothesis": hypothesis,
        "units": clean_units,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "budget_sek": budget,
        "kind": kind,
        "decision": decision,
    }, clean_measures


def clean_lines(lines: Iterable[str] | str) -> list[str]:
    """Trim lines, drop blank ones and repeats (case-insensitive), keep the order."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    seen: set[str] = set()
    clean: list[str] = []
    for line in lines:
        line = " ".join(str(line).split())
        if line and line.casefold() not in seen:
            seen.add(line.casefold())
            clean.append(line)
    return clean


def _clean_measures(
    measures: Sequence[tuple[str, str]],
) -> tuple[list[tuple[str, str]], list[str]]:
    clean: list[tuple[str, str]] = []
    errors: list[str] = []
    for description, target in measures:
        description, target = " ".join(description.split()), " ".join((target or "").split())
        if not description:
            if target:
                errors.append(_("Målvärdet %(target)s saknar ett mått.") % {"target": target})
            continue
        if len(description) > MEASURE_MAX_LENGTH:
            errors.append(
                _("Ett mått får vara högst %(max)d tecken.") % {"max": MEASURE_MAX_LENGTH}
            )
        elif len(target) > TARGET_MAX_LENGTH:
            errors.append(
                _("Ett målvärde får vara högst %(max)d tecken.") % {"max": TARGET_MAX_LENGTH}
            )
        elif (description, target) not in clean:
            clean.append((description, target))
    if not clean and not errors:
        errors.append(_("Ange minst ett framgångsmått."))
    elif len(clean) > MEASURES_MAX:
        errors.append(_("Ange högst %(max)d framgångsmått.") % {"max": MEASURES_MAX})
    return clean, errors


def _measures_state(trial: Trial) -> list[dict[str, Any]]:
    return [
        {"id": m.pk, "description": m.description, "target": m.target}
        for m in trial.success_measures.order_by("pk")
    ]


# --- Status and log --------------------------------------------------------------


@transaction.atomic
def trial_set_status(*, trial: Trial, status: str, by: Person | None) -> Trial:
    """Start, stop, resume or re-plan a trial; it is completed only by its evaluation."""
    if status not in TrialStatus.values:
        raise ValidationError({"status": [_("Välj en status.")]})
    locked = _locked(trial)
    before = locked.status
    if status == before:
        raise ValidationError(
            {
                "status": [
                    _("Testet har redan statusen %(status)s.")
                    % {"status": locked.get_status_display()}
                ]
            }
        )
    if status == TrialStatus.COMPLETED:
        raise ValidationError(
            {"status": [_("Ett test blir genomfört när utvärderingen registreras.")]}
        )
    if status not in STATUS_CHANGES[before]:
        raise ValidationError({"status": [_("Ett utvärderat test kan inte byta status.")]})
    locked.status = status
    locked.save(update_fields=["status"])
    trial.status = status
    audit_event_record(
        actor=by,
        action="trial.status_changed",
        obj=locked,
        before={"status": before},
        after={"status": status},
    )
    return trial


@transaction.atomic
def trial_log_add(*, trial: Trial, body: str, by: Person | None) -> TrialLogEntry:
    """Write what happened during the trial in its log (logg)."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Skriv vad som hänt.")]})
    if len(body) > LOG_MAX_LENGTH:
        raise ValidationError(
            {"body": [_("Texten får vara högst %(max)d tecken.") % {"max": LOG_MAX_LENGTH}]}
        )
    entry = TrialLogEntry.objects.create(trial=trial, author=stored_person(by), body=body)
    audit_event_record(
        actor=by,
        action="trial_log.added",
        obj=entry,
        after={"trial": trial.pk, "body": body},
    )
    return entry


# --- Evaluation ------------------------------------------------------------------


@transaction.atomic
def evaluation_record(
    *,
    trial: Trial,
    summary: str,
    effects: str,
    actual_cost_sek: Decimal | str | int,
    lessons: str,
    recommendation: str,
    results: Mapping[int, tuple[str, bool]],
    evaluated_on: datetime.date,
    by: Person | None,
) -> Evaluation:
    """Record the trial's evaluation (utvärdering); the trial becomes completed.

    Every success measure needs a result (``results`` maps a measure's id to
    its result text and whether the target was met); the message names the
    measures without one. The recommendation (implement, adjust, stop) is what
    lets the idea move to implemented.
    """
    locked = _locked(trial)
    errors: dict[str, list[str]] = {}
    if Evaluation.objects.filter(trial=locked).exists():
        raise ValidationError({"trial": [_("Testet är redan utvärderat.")]})
    summary = (summary or "").strip()
    effects = (effects or "").strip()
    lessons = (lessons or "").strip()
    if not summary:
        errors["summary"] = [_("Sammanfatta resultatet.")]
    if recommendation not in Recommendation.values:
        errors["recommendation"] = [_("Välj en rekommendation: införa, justera eller avsluta.")]
    try:
        cost = money.parse_sek(actual_cost_sek)
    except money.MoneyError as error:
        errors["actual_cost_sek"] = [str(error)]
        cost = Decimal(0)
    if not isinstance(evaluated_on, datetime.date):
        errors["evaluated_on"] = [_("Ange när testet utvärderades.")]
    elif evaluated_on < locked.starts_on:
        errors["evaluated_on"] = [
            _("Utvärderingen kan inte vara före testets start (%(date)s).")
            % {"date": locked.starts_on.isoformat()}
        ]
    elif evaluated_on > timezone.localdate():
        errors["evaluated_on"] = [_("Utvärderingsdatumet kan inte vara i framtiden.")]
    measures = list(locked.success_measures.order_by("pk"))
    clean_results, result_errors = _clean_results(measures, results)
    if result_errors:
        errors["results"] = result_errors
    if errors:
        raise ValidationError(errors)

    evaluation = Evaluation.objects.create(
        trial=locked,
        summary=summary,
        effects=effects,
        actual_cost_sek=cost,
        lessons=lessons,
        recommendation=recommendation,
        evaluated_by=stored_person(by),
        evaluated_on=evaluated_on,
    )
    MeasureResult.objects.bulk_create(
        MeasureResult(evaluation=evaluation, measure=measure, result=text, met=met)
        for measure, (text, met) in clean_results
    )
    status_before = locked.status
    locked.status = TrialStatus.COMPLETED
    locked.save(update_fields=["status"])
    trial.status = TrialStatus.COMPLETED
    audit_event_record(
        actor=by,
        action="evaluation.recorded",
        obj=evaluation,
        after={
            **snapshot(evaluation, EVALUATION_FIELDS),
            "results": [
                {"measure": measure.pk, "result": text, "met": met}
                for measure, (text, met) in clean_results
            ],
        },
    )
    audit_event_record(
        actor=by,
        action="trial.status_changed",
        obj=locked,
        before={"status": status_before},
        after={"status": TrialStatus.COMPLETED, "evaluation": evaluation.pk},
    )
    return evaluation


def _clean_results(
    measures: list[SuccessMeasure], results: Mapping[int, tuple[str, bool]]
) -> tuple[list[tuple[SuccessMeasure, tuple[str, bool]]], list[str]]:
    by_id = {int(key): value for key, value in results.items()}
    errors: list[str] = []
    unknown = sorted(set(by_id) - {m.pk for m in measures})
    if unknown:
        errors.append(_("Utfallen ska gälla testets egna framgångsmått."))
    clean: list[tuple[SuccessMeasure, tuple[str, bool]]] = []
    missing: list[str] = []
    too_long: list[str] = []
    for measure in measures:
        text, met = by_id.get(measure.pk, ("", False))
        text = " ".join((text or "").split())
        if not text:
            missing.append(measure.description)
        elif len(text) > RESULT_MAX_LENGTH:
            too_long.append(measure.description)
        else:
            clean.append((measure, (text, bool(met))))
    if missing:
        errors.append(
            _("Ange utfallet för varje framgångsmått. Utfall saknas för: %(measures)s.")
            % {"measures": ", ".join(f"”{name}”" for name in missing)}
        )
    if too_long:
        errors.append(
            _("Ett utfall får vara högst %(max)d tecken: %(measures)s.")
            % {"max": RESULT_MAX_LENGTH, "measures": ", ".join(f"”{n}”" for n in too_long)}
        )
    return clean, errors


# --- Helpers -----------------------------------------------------------------------


def _locked(trial: Trial) -> Trial:
    """Lock the trial's row for the rest of the transaction; a fresh copy."""
    try:
        return Trial.objects.select_for_update(of=("self",)).select_related("idea").get(pk=trial.pk)
    except Trial.DoesNotExist as error:
        raise ValidationError({"trial": [_("Testet finns inte längre.")]}) from error
