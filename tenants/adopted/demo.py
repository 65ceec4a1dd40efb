"""Demo: a proven idea from Lerum, adopted by Tranås, whose evaluation flows back to Lerum.

Runs through each organisation's own services in its own schema, as
``shared.core.demo.demo_seed`` does for the rest. Running it twice changes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone
from django_tenants.utils import tenant_context

from network.adoptions.models import Adoption
from network.exchange.models import Follow, Publication
from shared.accounts.models import Person
from shared.organizations.models import Organization
from tenants.adopted import services as adopted_services
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea, Stage
from tenants.sharing import services as sharing_services
from tenants.trials import services as trial_services
from tenants.trials.models import Evaluation, Trial

TITLE = "Digital trygghetskamera i hemtjänsten"
DESCRIPTION = (
    "Nattliga tillsynsbesök ersätts, för den som vill, av en kamera som hemtjänsten tittar "
    "genom vid överenskomna tider. Brukaren sover ostört och personalen slipper köra ut."
)
MEASURES = [("Ostörd nattsömn enligt brukarna", "minst 80 %"), ("Körda mil per natt", "-30 %")]


def seed(*, log: Callable[[str], object] = print) -> dict[str, int]:
    """Publish Lerum's tested idea, adopt it in Tranås, evaluate it there; return what was made."""
    created = {"published": 0, "adopted": 0, "evaluations_back": 0}
    lerum = Organization.objects.filter(slug="lerum").first()
    tranas = Organization.objects.filter(slug="tranas").first()
    admin_lerum = Person.objects.filter(email="admin.lerum@example.org").first()
    coach_tranas = Person.objects.filter(email="coach.tranas@example.org").first()
    if not (lerum and tranas and admin_lerum and coach_tranas):
        return created

    with tenant_context(lerum):
        publication = Publication.objects.filter(
            organization=lerum, kind="idea", title=TITLE
        ).first()
        if publication is None:
            idea = _tested_idea(by=admin_lerum, cost=Decimal("85000.00"))
            publication = sharing_services.publication_publish(
                kind="idea",
                source_id=idea.pk,
                by=admin_lerum,
                contact_role="Utvecklingsenheten, Lerums kommun",
            )
            created["published"] += 1
            log(f"  network: Lerum published ”{TITLE}”")
        Follow.objects.get_or_create(
            publication=publication, person=admin_lerum, organization=lerum
        )

    with tenant_context(tranas):
        adoption = Adoption.objects.filter(publication=publication, organization=tranas).first()
        if adoption is None:
            provenance = adopted_services.adoption_create(
                publication_id=publication.pk,
                category="adapted",
                starting_stage=Stage.objects.get(key="test"),
                by=coach_tranas,
            )
            created["adopted"] += 1
            log("  network: Tranås adopted it")
            assert provenance.idea is not None
            evaluation = _evaluate(
                provenance.idea,
                by=coach_tranas,
                cost=Decimal("42000.00"),
                effects="Färre nattliga körningar mellan Kinda och Ydre; brukarna sover bättre.",
            )
            if adopted_services.evaluation_report_back(evaluation_id=evaluation.pk):
                created["evaluations_back"] += 1
                log("  network: Tranås's evaluation flowed back to Lerum's item")
    return created


def _tested_idea(*, by: Person, cost: Decimal) -> Idea:
    idea = idea_services.idea_submit(
        title=TITLE, description=DESCRIPTION, audience="staff", submitted_by=by
    )
    idea_services.idea_move(
        idea=idea, to_stage=Stage.objects.get(key="test"), by=by, reason="Tre enheter testar först."
    )
    _evaluate(idea, by=by, cost=cost, effects="Brukarna sov ostört; 30 % färre körda mil.")
    idea_services.idea_move(idea=idea, to_stage=Stage.objects.get(key="evaluation"), by=by)
    return idea


def _evaluate(idea: Idea, *, by: Person, cost: Decimal, effects: str) -> Evaluation:
    today = timezone.localdate()
    trial: Trial = trial_services.trial_plan(
        idea=idea,
        title=f"Test: {idea.title}",
        goal="Bättre nattsömn och färre körningar.",
        hypothesis="Kameratillsyn ger brukaren ostörd sömn och sparar körtid.",
        units=["Hemtjänst natt"],
        starts_on=today - datetime.timedelta(days=90),
        ends_on=today - datetime.timedelta(days=1),
        budget_sek=cost,
        measures=MEASURES,
        by=by,
    )
    return trial_services.evaluation_record(
        trial=trial,
        summary="Målen nåddes.",
        effects=effects,
        actual_cost_sek=cost,
        lessons="Samtycket behöver förklaras väl.",
        recommendation="implement",
        results={m.pk: ("Uppnått", True) for m in trial.success_measures.all()},
        evaluated_on=today,
        by=by,
    )
