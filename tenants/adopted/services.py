"""The adopter's side of an adoption: take a network item into this lock, report back.

Runs in the adopter's schema (its host's request, or a task sent from it); the
search path is the tenant's schema, then ``public``, on one connection, so the
new idea or method, its provenance, the public adoption row and both audit rows
are committed together or not at all. The origin's schema is never written.
"""

from __future__ import annotations

import functools
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from network.adoptions import tasks as network_tasks
from network.adoptions.models import (
    AdoptedKind,
    Adoption,
    AdoptionCategory,
    EvidenceReport,
)
from network.exchange.models import Publication, PublicationStatus
from shared.accounts.models import Person
from shared.accounts.people import stored_person
from shared.core import tenancy
from shared.core.services import audit_record
from shared.organizations.models import Organization
from tenants.adopted.models import Provenance
from tenants.audit.services import audit_event_record
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea, Stage, StageKind
from tenants.library import services as library_services
from tenants.library.models import Method, MethodKind
from tenants.trials.models import Evaluation

TITLE_MAX_LENGTH = idea_services.TITLE_MAX_LENGTH
TAG_MAX_LENGTH = idea_services.TAG_MAX_LENGTH


# --- Adopting -------------------------------------------------------------------------


def starting_stages() -> list[Stage]:
    """The stages an adopted idea may start in: every open stage in use, in pipeline order."""
    return list(Stage.objects.filter(is_active=True, kind=StageKind.OPEN).order_by("position"))


@transaction.atomic
def adoption_create(
    *,
    publication_id: int,
    category: str,
    by: Person,
    starting_stage: Stage | None = None,
) -> Provenance:
    """Adopt a published idea or method (ta in) into this organisation's own lock.

    An idea becomes a new idea here, submitted by ``by``, moved to
    ``starting_stage`` (the entry stage if none) with the origin named as the
    reason; a method becomes a new library entry. Either way it gets a
    provenance row with the origin's evidence as it was, and the network gets
    a public adoption row that the origin's item shows. Refused, with nothing
    written: an item that is not published (withdrawn or unknown), this
    organisation's own item, an item it already adopted, a need.
    """
    organization = _current_organization()
    errors: dict[str, list[str]] = {}
    if category not in AdoptionCategory.values:
        errors["category"] = [_("Välj om ni kopierar, anpassar eller är först i ert slag.")]
    # Lock the item: a withdrawal or a second adoption at the same moment waits for us.
    publication = (
        Publication.objects.select_for_update(of=("self",))
        .select_related("organization")
        .filter(pk=publication_id)
        .first()
    )
    if publication is None or publication.status != PublicationStatus.PUBLISHED:
        errors["publication"] = [
            _("Det här finns inte längre i nätverket; det kan ha dragits tillbaka.")
        ]
    elif publication.organization_id == organization.pk:
        errors["publication"] = [_("Det här kommer från er egen organisation; ni har det redan.")]
    elif publication.kind not in AdoptedKind.values:
        errors["publication"] = [
            _("Bara idéer och metoder kan tas in; ett behov kan ni skriva under.")
        ]
    elif Adoption.objects.filter(publication=publication, organization=organization).exists():
        errors["publication"] = [_("Er organisation har redan tagit in det här.")]
    if starting_stage is not None and publication is not None:
        if publication.kind != AdoptedKind.IDEA:
            errors["starting_stage"] = [_("Bara en idé har ett startsteg.")]
        elif starting_stage not in starting_stages():
            errors["starting_stage"] = [_("Välj ett pågående steg som används.")]
    if errors:
        raise ValidationError(errors)
    assert publication is not None

    if publication.kind == AdoptedKind.IDEA:
        local: Idea | Method = _idea_from(publication, by=by, starting_stage=starting_stage)
        stage_key = local.stage.key  # type: ignore[union-attr]
    else:
        local = _method_from(publication, by=by)
        stage_key = ""
    adoption = Adoption.objects.create(
        publication=publication,
        organization=organization,
        category=category,
        local_kind=publication.kind,
        local_source_id=local.pk,
        starting_stage=stage_key,
    )
    provenance = Provenance.objects.create(
        idea=local if isinstance(local, Idea) else None,
        method=local if isinstance(local, Method) else None,
        category=category,
        adoption_id=adoption.pk,
        origin_publication_id=publication.pk,
        origin_organization_id=publication.organization_id,
        origin_organization_name=publication.origin_name,
        origin_kind=publication.kind,
        origin_title=publication.title,
        origin_stage=_origin_stage(publication),
        origin_evidence=_evidence_of(publication),
        adopted_by=stored_person(by),
    )
    audit_event_record(
        actor=by,
        action="adoption.recorded",
        obj=provenance,
        after={
            "category": category,
            "idea": provenance.idea_id,
            "method": provenance.method_id,
            "origin_publication": publication.pk,
            "origin_organization": publication.origin_name,
            "starting_stage": stage_key,
        },
    )
    audit_record(
        actor=by,
        action="network.adopted",
        organization=organization,
        target=f"publication {publication.pk}",
        after={"adoption": adoption.pk, "category": category, "local_kind": publication.kind},
    )
    transaction.on_commit(
        functools.partial(network_tasks.adoption_notify_followers.delay, adoption_id=adoption.pk)
    )
    return provenance


def _current_organization() -> Organization:
    organization = tenancy.current_organization()
    if organization is None:
        raise RuntimeError("adoption_create runs in the adopting organisation's schema.")
    return organization


def _description_of(publication: Publication) -> str:
    parts = [publication.summary, publication.body]
    text = "\n\n".join(part.strip() for part in parts if part and part.strip())
    return text or publication.title


def _idea_from(publication: Publication, *, by: Person, starting_stage: Stage | None) -> Idea:
    idea = idea_services.idea_submit(
        title=_title_of(publication),
        description=_description_of(publication),
        audience="staff",
        tags=[publication.area] if 0 < len(publication.area) <= TAG_MAX_LENGTH else [],
        submitted_by=by,
    )
    if starting_stage is not None and starting_stage.pk != idea.stage_id:
        idea_services.idea_move(
            idea=idea,
            to_stage=starting_stage,
            by=by,
            reason=_("Tagen in från %(organization)s via nätverket.")
            % {"organization": publication.origin_name},
        )
    return idea


def _method_from(publication: Publication, *, by: Person) -> Method:
    return library_services.method_create(
        kind=MethodKind.METHOD,
        title=_title_of(publication),
        description=_description_of(publication),
        by=by,
    )


def _title_of(publication: Publication) -> str:
    title = " ".join(publication.title.split())
    return title[: TITLE_MAX_LENGTH - 1] + "…" if len(title) > TITLE_MAX_LENGTH else title


def _origin_stage(publication: Publication) -> str:
    return (publication.stage_name or publication.get_stage_display() or "")[:100]


def _evidence_of(publication: Publication) -> dict[str, Any]:
    """The origin's evidence as it was, with its phase and outcome, kept by value."""
    evidence = dict(publication.evidence) if isinstance(publication.evidence, dict) else {}
    return {**evidence, "phase": publication.stage, "outcome": publication.outcome}


# --- Reporting an evaluation back --------------------------------------------------------


@transaction.atomic
def evaluation_report_back(*, evaluation_id: int) -> EvidenceReport | None:
    """Flow a summary of an adopted idea's evaluation back to its origin item (återkoppling).

    Runs in the adopter's schema. Idempotent: a second call for the same
    evaluation returns the report already written. Nothing personal leaves the
    schema: the organisation, the recommendation, the effects, the cost and
    the count of success measures met — not the evaluator, lessons or results.
    Returns None when the evaluation is not of an adopted idea's test.
    """
    organization = _current_organization()
    evaluation = Evaluation.objects.select_related("trial").filter(pk=evaluation_id).first()
    if evaluation is None:
        return None
    provenance = Provenance.objects.filter(idea_id=evaluation.trial.idea_id).first()
    if provenance is None:
        return None
    existing = EvidenceReport.objects.filter(
        organization=organization, source_evaluation_id=evaluation.pk
    ).first()
    if existing is not None:
        return existing
    adoption = Adoption.objects.filter(pk=provenance.adoption_id, organization=organization).first()
    if adoption is None:
        return None
    results = list(evaluation.results.values_list("met", flat=True))
    report = EvidenceReport.objects.create(
        adoption=adoption,
        publication_id=adoption.publication_id,
        organization=organization,
        source_evaluation_id=evaluation.pk,
        recommendation=evaluation.recommendation,
        effects=evaluation.effects,
        actual_cost_sek=evaluation.actual_cost_sek,
        measures_total=len(results),
        measures_met=sum(results),
        evaluated_on=evaluation.evaluated_on,
        population_served=organization.population,
    )
    audit_event_record(
        actor=None,
        action="evaluation.reported_to_network",
        obj=evaluation,
        after={
            "origin_publication": adoption.publication_id,
            "report": report.pk,
            "recommendation": evaluation.recommendation,
        },
    )
    transaction.on_commit(
        functools.partial(network_tasks.evidence_notify_followers.delay, report_id=report.pk)
    )
    return report
