"""Writes on joint pilots: propose, invite, decide (the pilot gate), log, split, evaluate, leave.

Every transition runs in one transaction that locks the pilot row first and
then its participants in id order (the same order everywhere, so two
transitions queue instead of deadlocking), writes a platform audit row, and
sends mail only after commit. A participant's decision is recorded by its
own organisation's side (``tenants.jointpilots``): the idea council's
decision, or a partner's, with its registration number.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.pilots import costs, tasks
from network.pilots.models import (
    FULL_SHARE,
    CostSplit,
    DecisionRoute,
    Evaluation,
    LogEntry,
    Participant,
    ParticipantStatus,
    Pilot,
    PilotEvent,
    PilotStatus,
    Recommendation,
)
from shared.accounts.models import Person
from shared.accounts.people import stored_person
from shared.core.services import audit_record
from shared.organizations.models import Organization, OrganizationStatus

TITLE_MAX_LENGTH = 200
AREA_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 20_000
UNITS_MAX = 50
UNIT_MAX_LENGTH = 200
REFERENCE_MAX_LENGTH = 40
# Pilots still open for the participants' work.
OPEN_STATUSES = frozenset({PilotStatus.PROPOSED, PilotStatus.RUNNING, PilotStatus.EVALUATED})


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def _notify(event: str, object_id: int) -> None:
    transaction.on_commit(
        functools.partial(tasks.pilot_notify.delay, event=event, object_id=object_id)
    )


def _locked(pilot_id: int) -> tuple[Pilot, list[Participant]]:
    """Lock the pilot, then its participants in id order; fresh copies of both."""
    pilot = Pilot.objects.select_for_update().filter(pk=pilot_id).first()
    if pilot is None:
        raise ValidationError({"pilot": [_("Piloten finns inte.")]})
    participants = list(
        Participant.objects.select_for_update(of=("self",))
        .select_related("organization")
        .filter(pilot=pilot)
        .order_by("pk")
    )
    return pilot, participants


def _participant_of(participants: Sequence[Participant], organization: Organization) -> Participant:
    """This organisation's participant row; refused when it was never invited."""
    for participant in participants:
        if participant.organization_id == organization.pk:
            return participant
    raise ValidationError({"pilot": [_("Er organisation är inte inbjuden till den här piloten.")]})


def _require_owner(pilot: Pilot, organization: Organization, what: str) -> None:
    if pilot.organization_id != organization.pk:
        raise ValidationError({"pilot": [_("Bara pilotens ägare kan %(what)s.") % {"what": what}]})


def _require_open(pilot: Pilot) -> None:
    if pilot.status not in OPEN_STATUSES:
        raise ValidationError({"pilot": [_("Piloten är avslutad.")]})


def clean_units(units: Sequence[str]) -> list[str]:
    cleaned = list(dict.fromkeys(_one_line(unit) for unit in units if _one_line(unit)))
    errors = []
    if len(cleaned) > UNITS_MAX:
        errors.append(_("Ange högst %(max)d enheter.") % {"max": UNITS_MAX})
    if any(len(unit) > UNIT_MAX_LENGTH for unit in cleaned):
        errors.append(_("En enhet får vara högst %(max)d tecken.") % {"max": UNIT_MAX_LENGTH})
    if errors:
        raise ValidationError({"units": errors})
    return cleaned


def _money(value: Decimal | str | int, field: str) -> Decimal:
    if isinstance(value, float | bool):
        raise ValidationError({field: [_("Ange beloppet som ett exakt decimaltal i kronor.")]})
    try:
        amount = Decimal(str(value).strip())
    except ArithmeticError as error:
        raise ValidationError(
            {field: [_("Ange ett belopp i kronor, till exempel 150000.")]}
        ) from error
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: [_("Ange ett belopp i kronor, inte negativt.")]})
    if amount != amount.quantize(Decimal("0.01")) or amount > Decimal("9999999999.99"):
        raise ValidationError({field: [_("Ange beloppet med högst två decimaler (ören).")]})
    return amount.quantize(Decimal("0.01"))


# --- Proposing and inviting ------------------------------------------------------------------


@transaction.atomic
def pilot_propose(
    *,
    organization: Organization,
    title: str,
    summary: str,
    plan: str = "",
    area: str = "",
    cost_split: str = CostSplit.EQUAL,
    by: Person,
) -> Pilot:
    """Propose a joint pilot (föreslå en gemensam pilot); the proposer takes part in it too.

    The proposer's own idea council decides on its part like every invited
    organisation's does. ``summary`` is what the whole network may read.
    """
    title, area, summary, plan = _one_line(title), _one_line(area), summary.strip(), plan.strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Ge piloten en rubrik.")]
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = [_("Rubriken får vara högst %(max)d tecken.") % {"max": TITLE_MAX_LENGTH}]
    if not summary:
        errors["summary"] = [_("Skriv en sammanfattning som hela nätverket kan läsa.")]
    if len(summary) > TEXT_MAX_LENGTH or len(plan) > TEXT_MAX_LENGTH:
        errors["plan"] = [_("Texten är för lång.")]
    if len(area) > AREA_MAX_LENGTH:
        errors["area"] = [_("Området får vara högst %(max)d tecken.") % {"max": AREA_MAX_LENGTH}]
    if cost_split not in CostSplit.values or cost_split == CostSplit.CUSTOM:
        errors["cost_split"] = [
            _("Välj lika delar eller per invånare; egna andelar sätts när alla har beslutat.")
        ]
    if not organization.is_writable:
        errors["pilot"] = [_("Organisationen är inte aktiv och kan inte föreslå en pilot.")]
    if errors:
        raise ValidationError(errors)
    pilot = Pilot.objects.create(
        organization=organization,
        title=title,
        summary=summary,
        plan=plan,
        area=area,
        cost_split=cost_split,
        created_by=stored_person(by),
    )
    owner = Participant.objects.create(pilot=pilot, organization=organization)
    audit_record(
        actor=by,
        action="pilot.proposed",
        organization=organization,
        target=f"pilot {pilot.pk}",
        after={"title": title, "cost_split": cost_split, "participant": owner.pk},
    )
    _notify(PilotEvent.INVITED, owner.pk)
    return pilot


@transaction.atomic
def participant_invite(
    *, pilot_id: int, organization: Organization, invitee_id: int, by: Person
) -> Participant:
    """Invite another organisation (a municipality, a group or a partner) to a proposed pilot."""
    pilot, participants = _locked(pilot_id)
    _require_owner(pilot, organization, _("bjuda in"))
    if pilot.status != PilotStatus.PROPOSED:
        raise ValidationError(
            {"pilot": [_("Piloten har startat; nya deltagare bjuds inte in längre.")]}
        )
    invitee = (
        Organization.objects.tenants()
        .exclude(status=OrganizationStatus.ARCHIVED)
        .filter(pk=invitee_id)
        .first()
    )
    if invitee is None:
        raise ValidationError({"organization": [_("Välj en organisation i nätverket.")]})
    if any(each.organization_id == invitee.pk for each in participants):
        raise ValidationError({"organization": [_("Organisationen är redan inbjuden.")]})
    participant = Participant.objects.create(pilot=pilot, organization=invitee)
    audit_record(
        actor=by,
        action="pilot.invited",
        organization=organization,
        target=f"pilot {pilot.pk}",
        after={"participant": participant.pk, "organization": invitee.pk},
    )
    _notify(PilotEvent.INVITED, participant.pk)
    return participant


# --- Deciding and the pilot gate --------------------------------------------------------------


def participant_for_decision(*, pilot_id: int, organization: Organization) -> Participant:
    """The participant row ``organization`` decides on, locked; refused unless it may decide now.

    Call inside the deciding transaction, before anything of the decision is
    written, so that a refusal leaves nothing behind: not invited, decided
    already, or the pilot no longer waiting for answers.
    """
    pilot, participants = _locked(pilot_id)
    participant = _participant_of(participants, organization)
    if participant.status != ParticipantStatus.INVITED:
        raise ValidationError(
            {
                "pilot": [
                    _("Er organisation har redan beslutat om piloten (%(reference)s, %(date)s).")
                    % {
                        "reference": participant.decision_reference,
                        "date": participant.decided_on,
                    }
                ]
            }
        )
    if pilot.status != PilotStatus.PROPOSED:
        raise ValidationError({"pilot": [_("Piloten väntar inte längre på beslut.")]})
    participant.pilot = pilot
    return participant


@transaction.atomic
def participant_decision_record(
    *,
    pilot_id: int,
    organization: Organization,
    takes_part: bool,
    committed_sek: Decimal | str | int,
    units: Sequence[str],
    reference: str,
    decided_on: datetime.date,
    route: str,
    by: Person | None,
) -> Participant:
    """Record an invited organisation's decision: taking part, with SEK and units, or not.

    Called by the organisation's own side in the same transaction as the
    decision it took (``tenants.jointpilots``). When the last participant has
    decided, the pilot starts (the pilot gate). When the owner's own decision
    is not to take part, the pilot ends.
    """
    participant = participant_for_decision(pilot_id=pilot_id, organization=organization)
    pilot = participant.pilot
    amount = _money(committed_sek, "committed_sek")
    cleaned_units = clean_units(units)
    reference = _one_line(reference)
    errors: dict[str, list[str]] = {}
    if not takes_part and amount > 0:
        errors["committed_sek"] = [_("Den som avstår åtar sig inget belopp; ange 0.")]
    if takes_part and not cleaned_units:
        errors["units"] = [_("Ange minst en enhet som deltar i piloten.")]
    if not reference or len(reference) > REFERENCE_MAX_LENGTH:
        errors["reference"] = [_("Beslutet behöver ett diarienummer.")]
    if not isinstance(decided_on, datetime.date) or isinstance(decided_on, datetime.datetime):
        errors["decided_on"] = [_("Ange beslutsdatum.")]
    if route not in DecisionRoute.values:
        errors["route"] = [_("Okänt beslutsorgan.")]
    if errors:
        raise ValidationError(errors)

    participant.status = ParticipantStatus.ACCEPTED if takes_part else ParticipantStatus.DECLINED
    participant.committed_sek = amount
    participant.units = cleaned_units if takes_part else []
    participant.decision_reference = reference
    participant.decided_on = decided_on
    participant.decided_by_route = route
    participant.decided_at = timezone.now()
    participant.save(
        update_fields=[
            "status",
            "committed_sek",
            "units",
            "decision_reference",
            "decided_on",
            "decided_by_route",
            "decided_at",
        ]
    )
    audit_record(
        actor=by,
        action="pilot.decided",
        organization=organization,
        target=f"pilot {pilot.pk}",
        after={
            "participant": participant.pk,
            "status": participant.status,
            "committed_sek": str(amount),
            "units": participant.units,
            "reference": reference,
            "decided_on": decided_on.isoformat(),
            "route": route,
        },
    )
    _notify(PilotEvent.DECIDED, participant.pk)
    if not takes_part and pilot.organization_id == organization.pk:
        _end(pilot, by=by, why="owner_declined")
    else:
        _start_if_everyone_decided(pilot, by=by)
    return participant


def undecided(participants: Sequence[Participant]) -> list[Participant]:
    return [each for each in participants if each.status == ParticipantStatus.INVITED]


def _start_if_everyone_decided(pilot: Pilot, *, by: Person | None) -> bool:
    """The pilot gate: start the (locked) pilot once no participant is waiting to decide."""
    participants = list(Participant.objects.filter(pilot=pilot).order_by("pk"))
    if pilot.status != PilotStatus.PROPOSED or undecided(participants):
        return False
    pilot.status = PilotStatus.RUNNING
    pilot.started_at = timezone.now()
    pilot.save(update_fields=["status", "started_at"])
    audit_record(
        actor=by,
        action="pilot.started",
        organization=pilot.organization,
        target=f"pilot {pilot.pk}",
        after={
            "taking_part": [
                each.organization_id
                for each in participants
                if each.status == ParticipantStatus.ACCEPTED
            ]
        },
    )
    _notify(PilotEvent.STARTED, pilot.pk)
    return True


@transaction.atomic
def pilot_start(*, pilot_id: int, organization: Organization, by: Person) -> Pilot:
    """Start the pilot (the owner's request); refused while any participant has not decided."""
    pilot, participants = _locked(pilot_id)
    _require_owner(pilot, organization, _("starta piloten"))
    if pilot.status != PilotStatus.PROPOSED:
        raise ValidationError({"pilot": [_("Piloten har redan startat.")]})
    waiting = undecided(participants)
    if waiting:
        raise ValidationError(
            {
                "pilot": [
                    _("Piloten startar när alla har beslutat. Beslut saknas från: %(names)s.")
                    % {"names": ", ".join(each.organization.name for each in waiting)}
                ]
            }
        )
    _start_if_everyone_decided(pilot, by=by)
    return pilot


def _end(pilot: Pilot, *, by: Person | None, why: str) -> None:
    before = pilot.status
    pilot.status = PilotStatus.ENDED
    pilot.ended_at = timezone.now()
    pilot.save(update_fields=["status", "ended_at"])
    audit_record(
        actor=by,
        action="pilot.ended",
        organization=pilot.organization,
        target=f"pilot {pilot.pk}",
        before={"status": before},
        after={"status": PilotStatus.ENDED, "why": why},
    )


@transaction.atomic
def pilot_end(*, pilot_id: int, organization: Organization, by: Person) -> Pilot:
    """End the pilot (the owner): after its evaluation, or to call off a proposal."""
    pilot, _participants = _locked(pilot_id)
    _require_owner(pilot, organization, _("avsluta piloten"))
    if pilot.status == PilotStatus.RUNNING:
        raise ValidationError(
            {"pilot": [_("Utvärdera piloten innan den avslutas; utvärderingen är gemensam.")]}
        )
    _require_open(pilot)
    _end(pilot, by=by, why="evaluated" if pilot.status == PilotStatus.EVALUATED else "called_off")
    return pilot


# --- Working together -----------------------------------------------------------------------


def _taking_part(participant: Participant) -> None:
    if participant.status == ParticipantStatus.LEFT:
        raise ValidationError(
            {"pilot": [_("Er organisation har lämnat piloten; ni kan läsa men inte skriva.")]}
        )
    if participant.status != ParticipantStatus.ACCEPTED:
        raise ValidationError(
            {"pilot": [_("Er organisation deltar inte i piloten (inget beslut om att delta).")]}
        )


@transaction.atomic
def log_entry_add(*, pilot_id: int, organization: Organization, text: str, by: Person) -> LogEntry:
    """Write in the pilot's shared log as a participant (the owner may from the start)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Skriv något i loggen.")]})
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError({"text": [_("Texten är för lång.")]})
    pilot, participants = _locked(pilot_id)
    participant = _participant_of(participants, organization)
    if pilot.organization_id != organization.pk or participant.status != ParticipantStatus.INVITED:
        _taking_part(participant)
    _require_open(pilot)
    entry = LogEntry.objects.create(
        pilot=pilot, organization=organization, author=stored_person(by), text=text
    )
    audit_record(
        actor=by,
        action="pilot.logged",
        organization=organization,
        target=f"pilot {pilot.pk}",
        after={"log_entry": entry.pk},
    )
    return entry


@transaction.atomic
def pilot_plan_update(
    *, pilot_id: int, organization: Organization, plan: str, summary: str | None = None, by: Person
) -> Pilot:
    """Change the shared plan (and the published summary); the owner keeps the plan."""
    pilot, _participants = _locked(pilot_id)
    _require_owner(pilot, organization, _("ändra planen"))
    _require_open(pilot)
    plan = plan.strip()
    new_summary = summary.strip() if summary is not None else pilot.summary
    if not new_summary:
        raise ValidationError(
            {"summary": [_("Skriv en sammanfattning som hela nätverket kan läsa.")]}
        )
    if len(plan) > TEXT_MAX_LENGTH or len(new_summary) > TEXT_MAX_LENGTH:
        raise ValidationError({"plan": [_("Texten är för lång.")]})
    before = {"plan": pilot.plan, "summary": pilot.summary}
    pilot.plan, pilot.summary = plan, new_summary
    pilot.save(update_fields=["plan", "summary"])
    audit_record(
        actor=by,
        action="pilot.plan_updated",
        organization=organization,
        target=f"pilot {pilot.pk}",
        before={"plan_length": len(before["plan"])},
        after={"plan_length": len(plan)},
    )
    return pilot


@transaction.atomic
def cost_split_set(
    *,
    pilot_id: int,
    organization: Organization,
    split: str,
    shares_percent: Mapping[int, Decimal] | None = None,
    by: Person,
) -> Pilot:
    """Choose how the joint budget is shared: equally, per inhabitant served, or custom shares.

    Custom shares are percentages with at most two decimals, one for every
    participant taking part (by participant id), adding up to exactly 100 %.
    """
    pilot, participants = _locked(pilot_id)
    _require_owner(pilot, organization, _("ändra kostnadsfördelningen"))
    _require_open(pilot)
    if split not in CostSplit.values:
        raise ValidationError({"split": [_("Välj en kostnadsfördelning i listan.")]})
    taking_part = [each for each in participants if each.status == ParticipantStatus.ACCEPTED]
    points: dict[int, int] = {}
    if split == CostSplit.CUSTOM:
        points = _custom_points(shares_percent or {}, taking_part)
    elif shares_percent:
        raise ValidationError({"shares": [_("Andelar anges bara för egna andelar.")]})
    for participant in participants:
        new = points.get(participant.pk)
        if participant.share_basis_points != new:
            participant.share_basis_points = new
            participant.save(update_fields=["share_basis_points"])
    before = pilot.cost_split
    pilot.cost_split = split
    pilot.save(update_fields=["cost_split"])
    audit_record(
        actor=by,
        action="pilot.cost_split_set",
        organization=organization,
        target=f"pilot {pilot.pk}",
        before={"cost_split": before},
        after={"cost_split": split, "shares": {str(k): v for k, v in points.items()}},
    )
    return pilot


def _custom_points(
    shares_percent: Mapping[int, Decimal], taking_part: Sequence[Participant]
) -> dict[int, int]:
    if not taking_part:
        raise ValidationError(
            {"shares": [_("Egna andelar sätts när deltagarna har beslutat att delta.")]}
        )
    wanted = {each.pk for each in taking_part}
    if set(shares_percent) != wanted:
        raise ValidationError(
            {"shares": [_("Ange en andel för varje deltagare som deltar, och bara för dem.")]}
        )
    points: dict[int, int] = {}
    for participant_id, percent in shares_percent.items():
        try:
            value = costs.basis_points_of(Decimal(str(percent)))
        except (ArithmeticError, ValueError) as error:
            raise ValidationError(
                {"shares": [_("Ange andelar i procent med högst två decimaler.")]}
            ) from error
        if not 0 <= value <= FULL_SHARE:
            raise ValidationError({"shares": [_("En andel ligger mellan 0 och 100 %.")]})
        points[participant_id] = value
    if sum(points.values()) != FULL_SHARE:
        raise ValidationError(
            {
                "shares": [
                    _("Andelarna blir tillsammans %(sum)s %%; de ska bli exakt 100 %%.")
                    % {"sum": costs.percent_of(sum(points.values()))}
                ]
            }
        )
    return points


@transaction.atomic
def evaluation_record(
    *,
    pilot_id: int,
    organization: Organization,
    results: str,
    effects: str = "",
    recommendation: str,
    actual_cost_sek: Decimal | str | int = Decimal(0),
    evaluated_on: datetime.date,
    by: Person,
) -> Evaluation:
    """Record the pilot's one joint evaluation (the owner, for everyone); the pilot is evaluated."""
    pilot, _participants = _locked(pilot_id)
    _require_owner(pilot, organization, _("utvärdera piloten"))
    results, effects = results.strip(), effects.strip()
    errors: dict[str, list[str]] = {}
    if pilot.status != PilotStatus.RUNNING:
        errors["pilot"] = [
            _("Piloten är redan utvärderad.")
            if pilot.status == PilotStatus.EVALUATED
            else _("Bara en pilot som pågår utvärderas.")
        ]
    if not results:
        errors["results"] = [_("Beskriv resultatet.")]
    if recommendation not in Recommendation.values:
        errors["recommendation"] = [_("Välj en rekommendation i listan.")]
    if not isinstance(evaluated_on, datetime.date):
        errors["evaluated_on"] = [_("Ange datum för utvärderingen.")]
    if errors:
        raise ValidationError(errors)
    evaluation = Evaluation.objects.create(
        pilot=pilot,
        results=results,
        effects=effects,
        recommendation=recommendation,
        actual_cost_sek=_money(actual_cost_sek, "actual_cost_sek"),
        evaluated_on=evaluated_on,
        written_by=stored_person(by),
    )
    pilot.status = PilotStatus.EVALUATED
    pilot.save(update_fields=["status"])
    audit_record(
        actor=by,
        action="pilot.evaluated",
        organization=organization,
        target=f"pilot {pilot.pk}",
        after={
            "recommendation": recommendation,
            "actual_cost_sek": str(evaluation.actual_cost_sek),
        },
    )
    _notify(PilotEvent.EVALUATED, pilot.pk)
    return evaluation


@transaction.atomic
def participant_leave(*, pilot_id: int, organization: Organization, by: Person) -> Participant:
    """Leave the pilot. What the organisation wrote and decided stays; it no longer writes."""
    pilot, participants = _locked(pilot_id)
    participant = _participant_of(participants, organization)
    if pilot.organization_id == organization.pk:
        raise ValidationError(
            {"pilot": [_("Ägaren lämnar inte sin pilot; avsluta den i stället.")]}
        )
    _taking_part(participant)
    _require_open(pilot)
    participant.status = ParticipantStatus.LEFT
    participant.left_at = timezone.now()
    participant.save(update_fields=["status", "left_at"])
    audit_record(
        actor=by,
        action="pilot.left",
        organization=organization,
        target=f"pilot {pilot.pk}",
        before={"status": ParticipantStatus.ACCEPTED},
        after={"status": ParticipantStatus.LEFT, "participant": participant.pk},
    )
    return participant
