"""Demo: a joint pilot of the Sundsvall region with the partner incubator Åkroken.

The seed text of the Sundsvall project names exchange with Åkroken Business
Incubator; here the region proposes a pilot, its idea council decides to take
part (a registration number, counted against its budget), the incubator's
admin decides for the partner, and the pilot runs with a shared log and a
custom cost split. It lives on the tenant side because it decides through
each organisation's own services. Running it twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone
from django_tenants.utils import tenant_context

from network.pilots import services as pilot_services
from network.pilots.models import CostSplit, Participant, Pilot
from shared.accounts.models import Person
from shared.core import tenancy
from shared.organizations.models import Organization
from tenants.council import selectors as council_selectors
from tenants.council import services as council_services
from tenants.council.models import CouncilBudget
from tenants.jointpilots import services

TITLE = "Digital idéslussning för startups i välfärden"
SUMMARY = (
    "Sundsvallsregionen och Åkroken Business Incubator testar tillsammans hur idéer från "
    "kommunernas medarbetare kan mötas av inkubatorns bolag i korta, gemensamma tester."
)
PLAN = (
    "Vecka 1–2: tre behov från hemtjänsten i Timrå och Ånge väljs ut.\n"
    "Vecka 3–8: Åkrokens bolag prövar lösningar på plats, med idécoacherna som stöd.\n"
    "Vecka 9–10: gemensam utvärdering: ledtid från behov till test, nytta för brukarna."
)
LOG = (
    ("sundsvallsregionen", "Tre behov valda: nattillsyn, läkemedelspåminnelser och matsvinn."),
    ("akroken", "Två bolag har tackat ja; första besöket i Timrå är bokat."),
)


def _override_reason(year: int, amount: Decimal) -> str:
    """A reason only when the demo year's budget has too little left for the commitment."""
    if council_selectors.budget_status(year=year).remaining >= amount:
        return ""
    return "Regionens gemensamma utvecklingsmedel täcker överskridandet."


def seed(*, log: Callable[[str], object] = print) -> dict[str, int]:
    """Propose, decide and start the Sundsvall–Åkroken pilot; return what was made."""
    created = {"pilots": 0}
    region = Organization.objects.filter(slug="sundsvallsregionen").first()
    incubator = Organization.objects.filter(slug="akroken").first()
    admin = Person.objects.filter(email="admin.sundsvall@example.org").first()
    partner_admin = Person.objects.filter(email="partner@example.org").first()
    if not (region and incubator and admin and partner_admin):
        return created
    if Pilot.objects.filter(organization=region, title=TITLE).exists():
        return created

    pilot = pilot_services.pilot_propose(
        organization=region,
        title=TITLE,
        summary=SUMMARY,
        plan=PLAN,
        area="Vård och omsorg",
        by=admin,
    )
    pilot_services.participant_invite(
        pilot_id=pilot.pk, organization=region, invitee_id=incubator.pk, by=admin
    )
    today = timezone.localdate()
    with tenant_context(region):
        if not CouncilBudget.objects.filter(year=today.year).exists():
            council_services.budget_set(year=today.year, amount_sek="2000000", by=admin)
        meeting = council_services.meeting_create(
            held_on=today, title="Idérådet – gemensam pilot med Åkroken", by=admin
        )
        services.pilot_case_prepare(
            pilot_id=pilot.pk,
            meeting=meeting,
            units=["Hemtjänsten i Timrå", "Hemtjänsten i Ånge"],
            proposed_amount_sek="340000",
            preparation_memo="Inbjudan från nätverket; beredd av innovationsenheten.",
            by=admin,
        )
        services.pilot_case_decide(
            pilot_id=pilot.pk,
            takes_part=True,
            amount_sek="340000",
            rationale="Idérådet beslutar att delta i piloten med hemtjänsten i Timrå och Ånge.",
            decided_on=today,
            by=admin,
            budget_override_reason=_override_reason(today.year, Decimal("340000")),
        )
    with tenant_context(incubator):
        services.partner_decide(
            pilot_id=pilot.pk,
            takes_part=True,
            committed_sek=Decimal("60000"),
            units=["Affärsutvecklare", "Två inkubatorbolag"],
            rationale="Åkroken bidrar med affärsutvecklare och bolag till testerna.",
            decided_on=today,
            external_reference="Styrelsen 2/2026",
            by=partner_admin,
        )
    tenancy.use_public_schema()
    participants = dict(
        Participant.objects.filter(pilot=pilot).values_list("organization__slug", "pk")
    )
    pilot_services.cost_split_set(
        pilot_id=pilot.pk,
        organization=region,
        split=CostSplit.CUSTOM,
        shares_percent={
            participants["sundsvallsregionen"]: Decimal("85"),
            participants["akroken"]: Decimal("15"),
        },
        by=admin,
    )
    authors = {"sundsvallsregionen": (region, admin), "akroken": (incubator, partner_admin)}
    for slug, text in LOG:
        organization, by = authors[slug]
        pilot_services.log_entry_add(pilot_id=pilot.pk, organization=organization, text=text, by=by)
    created["pilots"] += 1
    log("  network: joint pilot of the Sundsvall region with Åkroken, running")
    return created
