"""This organisation's answer to a joint pilot invitation, through its own decision-makers.

A municipality or group answers through its idea council, with the council's
own services: the invitation is prepared as a case (an idea in this lock, put
on a meeting's agenda with a preparation memo), and the council's decision on
it (``decision_record``: a registration number, the grant counted against the
year's budget, the idea moved on) is the answer. The public participant row is
written in the same transaction (``signals``), on the same connection: the
search path is this schema, then ``public``.

A partner has no idea council. Its answer is recorded by a person who may
decide for it (``council.decide``: its admin), with a registration number from
its own registry and a row in its own audit log (docs/decisions/0007).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from network.pilots import services as pilot_services
from network.pilots.models import DecisionRoute
from shared.accounts.models import Person
from shared.accounts.people import stored_person
from shared.core import tenancy
from shared.organizations.models import Organization, OrganizationKind
from tenants.audit.services import audit_event_record
from tenants.council import money
from tenants.council import services as council_services
from tenants.council.models import AgendaItem, Decision, DecisionKind, Meeting
from tenants.ideas import services as idea_services
from tenants.jointpilots.models import PartnerDecision, PilotCase
from tenants.registry import services as registry_services

PARTNER_DECISION_SERIES = "partner-pilot-decision"
TITLE_MAX_LENGTH = idea_services.TITLE_MAX_LENGTH


def _organization() -> Organization:
    organization = tenancy.current_organization()
    if organization is None:
        raise RuntimeError("Joint pilot decisions run in the deciding organisation's schema.")
    return organization


def _refuse_partner(organization: Organization) -> None:
    if organization.kind == OrganizationKind.PARTNER:
        raise ValidationError(
            {
                "pilot": [
                    _(
                        "En partner har inget idéråd; partnerns beslutsfattare "
                        "registrerar beslutet direkt."
                    )
                ]
            }
        )


def _idea_title(title: str) -> str:
    text = _("Gemensam pilot: %(title)s") % {"title": title}
    return text[: TITLE_MAX_LENGTH - 1] + "…" if len(text) > TITLE_MAX_LENGTH else text


@transaction.atomic
def pilot_case_prepare(
    *,
    pilot_id: int,
    meeting: Meeting,
    units: Sequence[str],
    proposed_amount_sek: Decimal | str | int,
    preparation_memo: str,
    by: Person,
) -> PilotCase:
    """Prepare the invitation for the idea council (bereda): an idea here, on the meeting's agenda.

    Preparing again (the item was taken off an agenda) puts the same idea on
    the new meeting's agenda. Refused, with nothing written: a partner, an
    organisation not invited, one that has decided already.
    """
    organization = _organization()
    _refuse_partner(organization)
    participant = pilot_services.participant_for_decision(
        pilot_id=pilot_id, organization=organization
    )
    pilot = participant.pilot
    errors: dict[str, list[str]] = {}
    try:
        amount = money.parse_sek(proposed_amount_sek)
    except money.MoneyError as error:
        errors["proposed_amount_sek"] = [str(error)]
    try:
        cleaned_units = pilot_services.clean_units(units)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    case = PilotCase.objects.select_for_update().filter(pilot_id=pilot.pk).first()
    if case is None:
        idea = idea_services.idea_submit(
            title=_idea_title(pilot.title),
            description="\n\n".join(part for part in (pilot.summary, pilot.plan) if part.strip()),
            audience="staff",
            tags=[pilot.area] if 0 < len(pilot.area) <= idea_services.TAG_MAX_LENGTH else [],
            submitted_by=by,
        )
        case = PilotCase.objects.create(
            pilot_id=pilot.pk,
            participant_id=participant.pk,
            pilot_title=pilot.title,
            owner_name=pilot.organization.name,
            idea=idea,
            units=cleaned_units,
            proposed_amount_sek=amount,
            prepared_by=by,
        )
        action = "pilot_case.prepared"
    else:
        case.units, case.proposed_amount_sek = cleaned_units, amount
        case.save(update_fields=["units", "proposed_amount_sek"])
        action = "pilot_case.prepared_again"
    item = council_services.agenda_item_add(
        meeting=meeting, idea=case.idea, preparation_memo=preparation_memo, by=by
    )
    audit_event_record(
        actor=by,
        action=action,
        obj=case,
        after={
            "pilot": pilot.pk,
            "owner": pilot.organization.name,
            "idea": case.idea.registration_number,
            "agenda_item": item.pk,
            "units": cleaned_units,
            "proposed_amount_sek": amount,
        },
    )
    return case


def open_agenda_item(case: PilotCase) -> AgendaItem | None:
    """The agenda item of ``case`` still waiting for the council's decision, if any."""
    return (
        AgendaItem.objects.filter(idea=case.idea, decision__isnull=True)
        .select_related("meeting")
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def pilot_case_decide(
    *,
    pilot_id: int,
    takes_part: bool,
    amount_sek: Decimal | str | int,
    rationale: str,
    decided_on: datetime.date,
    by: Person,
    units: Sequence[str] | None = None,
    budget_override_reason: str = "",
) -> Decision:
    """Record the idea council's decision on a prepared pilot case: take part or not.

    The council's own ``decision_record`` does it: a pilot decision granting
    ``amount_sek`` (the commitment, counted against the year's budget) or a
    decision to decline; the public participant row follows in the same
    transaction.
    """
    organization = _organization()
    _refuse_partner(organization)
    pilot_services.participant_for_decision(pilot_id=pilot_id, organization=organization)
    case = PilotCase.objects.select_for_update().filter(pilot_id=pilot_id).first()
    if case is None:
        raise ValidationError(
            {"pilot": [_("Bered inbjudan först: sätt upp den på ett sammanträdes dagordning.")]}
        )
    item = open_agenda_item(case)
    if item is None:
        raise ValidationError(
            {"pilot": [_("Inbjudan står inte på någon dagordning; bered den på nytt.")]}
        )
    if units is not None:
        case.units = pilot_services.clean_units(units)
        case.save(update_fields=["units"])
    return council_services.decision_record(
        agenda_item=item,
        kind=DecisionKind.PILOT if takes_part else DecisionKind.DECLINE,
        rationale=rationale,
        amount_granted_sek=amount_sek if takes_part else Decimal(0),
        decided_on=decided_on,
        by=by,
        budget_override_reason=budget_override_reason,
    )


# Council decisions that answer a pilot invitation, and what they answer.
TAKES_PART = {DecisionKind.PILOT: True, DecisionKind.FUND_TEST: True, DecisionKind.DECLINE: False}


def council_decision_answer(*, decision: Decision) -> None:
    """Make a council decision on a pilot case this organisation's answer to the invitation.

    Runs inside the decision's transaction (a signal of ``decision_record``,
    whichever page recorded it): a refusal here undoes the decision too.
    """
    case = PilotCase.objects.filter(idea_id=decision.idea_id).first()
    if case is None:
        return
    takes_part = TAKES_PART.get(DecisionKind(decision.kind))
    if takes_part is None:
        raise ValidationError(
            {
                "kind": [
                    _(
                        "Ett ärende om en gemensam pilot beslutas med ”Genomföra pilot” "
                        "(delta) eller ”Avslå” (avstå)."
                    )
                ]
            }
        )
    participant = pilot_services.participant_decision_record(
        pilot_id=case.pilot_id,
        organization=_organization(),
        takes_part=takes_part,
        committed_sek=decision.amount_granted_sek,
        units=case.units,
        reference=decision.registration_number,
        decided_on=decision.decided_on,
        route=DecisionRoute.COUNCIL,
        by=stored_person(decision.recorded_by),
    )
    audit_event_record(
        actor=decision.recorded_by,
        action="pilot_case.decided",
        obj=case,
        after={
            "pilot": case.pilot_id,
            "decision": decision.registration_number,
            "takes_part": takes_part,
            "committed_sek": participant.committed_sek,
            "units": participant.units,
        },
    )


@transaction.atomic
def partner_decide(
    *,
    pilot_id: int,
    takes_part: bool,
    committed_sek: Decimal | str | int,
    units: Sequence[str],
    rationale: str,
    decided_on: datetime.date,
    by: Person,
    external_reference: str = "",
) -> PartnerDecision:
    """Record a partner's decision on a joint pilot (a partner has no idea council).

    The decision gets the next number of the partner's own series, is kept
    here with its rationale and the person who recorded it, and is written to
    the partner's audit log; the public participant row follows in the same
    transaction.
    """
    organization = _organization()
    if organization.kind != OrganizationKind.PARTNER:
        raise ValidationError(
            {"pilot": [_("Er organisation beslutar om piloten i sitt idéråd: bered ärendet.")]}
        )
    participant = pilot_services.participant_for_decision(
        pilot_id=pilot_id, organization=organization
    )
    rationale = rationale.strip()
    external_reference = " ".join(external_reference.split())
    errors: dict[str, list[str]] = {}
    amount = Decimal("0.00")
    try:
        amount = money.parse_sek(committed_sek)
    except money.MoneyError as error:
        errors["committed_sek"] = [str(error)]
    if not rationale:
        errors["rationale"] = [_("Skriv en motivering till beslutet.")]
    if len(external_reference) > pilot_services.REFERENCE_MAX_LENGTH:
        errors["external_reference"] = [_("Beteckningen är för lång.")]
    if not isinstance(decided_on, datetime.date):
        errors["decided_on"] = [_("Ange beslutsdatum.")]
    if errors:
        raise ValidationError(errors)
    _sequence, number = registry_services.registration_number_next(
        series=PARTNER_DECISION_SERIES, year=decided_on.year
    )
    participant_row = pilot_services.participant_decision_record(
        pilot_id=pilot_id,
        organization=organization,
        takes_part=takes_part,
        committed_sek=amount,
        units=units,
        reference=number,
        decided_on=decided_on,
        route=DecisionRoute.PARTNER,
        by=by,
    )
    decision = PartnerDecision.objects.create(
        pilot_id=pilot_id,
        participant_id=participant.pk,
        pilot_title=participant.pilot.title,
        takes_part=takes_part,
        committed_sek=participant_row.committed_sek,
        units=participant_row.units,
        rationale=rationale,
        registration_number=number,
        external_reference=external_reference,
        decided_on=decided_on,
        decided_by=by,
    )
    audit_event_record(
        actor=by,
        action="partner_decision.recorded",
        obj=decision,
        after={
            "pilot": pilot_id,
            "registration_number": number,
            "takes_part": takes_part,
            "committed_sek": decision.committed_sek,
            "units": decision.units,
            "external_reference": external_reference,
            "rationale": rationale,
        },
    )
    return decision
