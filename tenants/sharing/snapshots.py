"""What may leave an organisation's schema: the whitelisted snapshot of a need, idea or method.

Each builder copies an explicit list of fields from the source row. Nothing
else goes: never the submitter, the contact, who registered or evaluated it,
coach notes, comments, attachments, the trial log or the council's internal
preparation. A new field on a source model stays at home until it is added
here on purpose (a test pins the lists).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Prefetch

from network.exchange.models import IdeaPhase, PublicationKind
from tenants.ideas.models import Idea, Stage, StageKind
from tenants.library.models import Method
from tenants.needs.models import Need
from tenants.trials.models import Evaluation, SuccessMeasure, Trial

SUMMARY_MAX_LENGTH = 400

# The fields each builder reads from its source, and nothing more.
NEED_FIELDS = ("title", "description", "unit", "affected", "tags")
IDEA_FIELDS = ("title", "description", "expected_benefit", "unit", "tags", "stage")
TRIAL_FIELDS = ("title", "kind", "status", "goal", "hypothesis", "units", "starts_on", "ends_on")
TRIAL_MONEY_FIELDS = ("budget_sek",)
EVALUATION_FIELDS = ("summary", "effects", "lessons", "recommendation", "evaluated_on")
EVALUATION_MONEY_FIELDS = ("actual_cost_sek",)
METHOD_FIELDS = ("kind", "title", "description", "location")


@dataclass(frozen=True)
class Snapshot:
    """The published fields of one source row, ready to write to its publication."""

    title: str
    summary: str
    body: str
    area: str = ""
    category: str = ""
    tags: list[str] = field(default_factory=list)
    stage: str = ""
    stage_name: str = ""
    outcome: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_fields(self) -> dict[str, Any]:
        return asdict(self)

    def digest(self) -> str:
        """A stable hash of the content: the same content refreshes nothing."""
        text = json.dumps(self.as_fields(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def summary_of(text: str) -> str:
    """The first paragraph of ``text``, shortened at a word to at most SUMMARY_MAX_LENGTH."""
    first = (text or "").strip().split("\n\n", 1)[0].strip()
    if len(first) <= SUMMARY_MAX_LENGTH:
        return first
    cut = first[: SUMMARY_MAX_LENGTH - 1].rsplit(" ", 1)[0]
    return cut + "…"


def source_row(kind: str, source_id: int) -> Need | Idea | Method | None:
    """The source row in the current schema, loaded for its snapshot; None if it is gone."""
    if kind == PublicationKind.NEED:
        return Need.objects.filter(pk=source_id).only(*NEED_FIELDS).first()
    if kind == PublicationKind.IDEA:
        trials = Trial.objects.select_related("evaluation").prefetch_related(
            Prefetch("success_measures", SuccessMeasure.objects.select_related("result"))
        )
        return (
            Idea.objects.select_related("stage")
            .prefetch_related(Prefetch("trials", trials.order_by("starts_on", "pk")))
            .filter(pk=source_id)
            .first()
        )
    if kind == PublicationKind.METHOD:
        return Method.objects.filter(pk=source_id).only(*METHOD_FIELDS).first()
    raise ValueError(f"Unknown publication kind {kind!r}")


def snapshot_of(kind: str, row: Need | Idea | Method) -> Snapshot:
    """Build the snapshot of ``row`` (from ``source_row``)."""
    if kind == PublicationKind.NEED:
        assert isinstance(row, Need)
        return need_snapshot(row)
    if kind == PublicationKind.IDEA:
        assert isinstance(row, Idea)
        return idea_snapshot(row)
    assert isinstance(row, Method)
    return method_snapshot(row)


def need_snapshot(need: Need) -> Snapshot:
    return Snapshot(
        title=need.title,
        summary=summary_of(need.description),
        body=need.description,
        area=need.unit,
        tags=list(need.tags),
        evidence={"affected": need.affected} if need.affected else {},
    )


def idea_snapshot(idea: Idea) -> Snapshot:
    trials = [_trial(trial) for trial in idea.trials.all()]
    evaluated = [each["evaluation"] for each in trials if each.get("evaluation")]
    latest = max(evaluated, key=lambda e: e["evaluated_on"]) if evaluated else None
    evidence: dict[str, Any] = {"tests": trials}
    if latest is not None:
        evidence["latest_evaluation"] = latest
    return Snapshot(
        title=idea.title,
        summary=summary_of(idea.expected_benefit or idea.description),
        body=idea.description,
        area=idea.unit,
        tags=list(idea.tags),
        stage=phase_of(idea.stage, evaluated=bool(evaluated)),
        stage_name=idea.stage.name_sv,
        outcome=latest["recommendation"] if latest else "",
        evidence=evidence,
    )


def method_snapshot(method: Method) -> Snapshot:
    return Snapshot(
        title=method.title,
        summary=summary_of(method.description),
        body=method.description,
        area=method.location,
        category=method.kind,
    )


def phase_of(stage: Stage, *, evaluated: bool) -> str:
    """The network's phase for an organisation's own stage (stages are configurable)."""
    if stage.kind == StageKind.DONE:
        return IdeaPhase.IMPLEMENTED
    if stage.key in IdeaPhase.values:
        return stage.key
    evaluation = Stage.objects.filter(key=IdeaPhase.EVALUATION).only("position").first()
    if evaluated or (
        stage.kind == StageKind.OPEN
        and evaluation is not None
        and stage.position >= evaluation.position
    ):
        return IdeaPhase.EVALUATION
    return IdeaPhase.TEST


def _trial(trial: Trial) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(trial, name) for name in TRIAL_FIELDS}
    values.update({name: str(getattr(trial, name)) for name in TRIAL_MONEY_FIELDS})
    values["units"] = list(trial.units)
    values["starts_on"] = trial.starts_on.isoformat()
    values["ends_on"] = trial.ends_on.isoformat()
    measures = []
    for measure in trial.success_measures.all():
        result = getattr(measure, "result", None)
        measures.append(
            {
                "description": measure.description,
                "target": measure.target,
                "result": result.result if result else "",
                "met": result.met if result else None,
            }
        )
    values["measures"] = measures
    evaluation: Evaluation | None = getattr(trial, "evaluation", None)
    if evaluation is not None:
        values["evaluation"] = {
            **{name: getattr(evaluation, name) for name in EVALUATION_FIELDS},
            **{name: str(getattr(evaluation, name)) for name in EVALUATION_MONEY_FIELDS},
            "evaluated_on": evaluation.evaluated_on.isoformat(),
            "trial_title": trial.title,
        }
    return values
