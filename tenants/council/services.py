"""Writes of the idea council (idéråd): budget, meetings, agendas, minutes and decisions.

Every service validates first and raises ``ValidationError`` keyed by field
with a Swedish message; the change and its audit event are written in one
transaction, and mail goes out only after commit. A decision, its
registration number (diarienummer) and the idea's move through the pipeline
are one transaction: all of them or none.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared.accounts.models import Person
from shared.core import tenancy
from tenants.audit import services as audit_services
from tenants.council import money, selectors, tasks
from tenants.council.models import (
    AgendaItem,
    CouncilBudget,
    Decision,
    DecisionKind,
    Meeting,
    MeetingStatus,
)
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea, Stage
from tenants.registry import services as registry_services

DECISION_SERIES = "decision"
TITLE_MAX_LENGTH = 200
LOCATION_MAX_LENGTH = 200
YEAR_MIN, YEAR_MAX = 2000, 2100
# Where a decision takes the idea in the pipeline (stage keys of the default pipeline).
TARGET_STAGE_KEY = {
    DecisionKind.FUND_TEST: "test",
    DecisionKind.PILOT: "test",
    DecisionKind.BROADEN: "refinement",
    DecisionKind.IMPLEMENT: "implemented",
    DecisionKind.DECLINE: "declined",
    DecisionKind.PARK: "parked",
}
NO_GRANT_KINDS = frozenset({DecisionKind.DECLINE, DecisionKind.PARK})
MEETING_FIELDS = ["held_on", "title", "location", "status"]
DECISION_FIELDS = [
    "registration_number",
    "idea",
    "agenda_item",
    "kind",
    "amount_granted_sek",
    "rationale",
    "decided_on",
    "budget_override_reason",
]


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- Budget ---------------------------------------------------------------------


@transaction.atomic
def budget_set(*, year: int, amount_sek: Decimal | str | int, by: Person) -> CouncilBudget:
    """Set what the council may grant in ``year`` (kronor; Decimal or decimal string)."""
    errors: dict[str, str] = {}
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        errors["year"] = _("Ange ett år mellan %(min)d och %(max)d.") % {
            "min": YEAR_MIN,
            "max": YEAR_MAX,
        }
    try:
        amount = money.parse_sek(amount_sek)
    except money.MoneyError as error:
        errors["amount_sek"] = str(error)
    if errors:
        raise ValidationError(errors)
    _lock_budget_year(year)
    budget = CouncilBudget.objects.filter(year=year).first()
    before = {"amount_sek": budget.amount_sek} if budget is not None else {}
    if budget is None:
        budget = CouncilBudget.objects.create(year=year, amount_sek=amount)
    elif budget.amount_sek != amount:
        budget.amount_sek = amount
        budget.save(update_fields=["amount_sek"])
    else:
        return budget
    audit_services.audit_event_record(
        actor=by,
        action="council_budget.set",
        obj=budget,
        before=before,
        after={"year": year, "amount_sek": amount},
    )
    return budget


def _lock_budget_year(year: int) -> None:
    """Serialise everything that grants from or sets the budget of ``year`` until commit.

    The lock names this organisation's schema: advisory locks are database-wide,
    and one council's decisions must not queue behind another municipality's.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s), %s)",
            [f"council.budget:{tenancy.current_schema_name()}", year],
        )


# --- Meetings -------------------------------------------------------------------


def _meeting_errors(*, title: str, location: str, held_on: Any) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Ge sammanträdet en rubrik.")
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = _("Rubriken får vara högst %(max)d tecken.") % {"max": TITLE_MAX_LENGTH}
    if len(location) > LOCATION_MAX_LENGTH:
        errors["location"] = _("Platsen får vara högst %(max)d tecken.") % {
            "max": LOCATION_MAX_LENGTH
        }
    if not _is_date(held_on):
        errors["held_on"] = _("Ange sammanträdets datum.")
    return errors


def _is_date(value: Any) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


@transaction.atomic
def meeting_create(
    *, held_on: datetime.date, title: str, location: str = "", by: Person
) -> Meeting:
    """Plan a council meeting (sammanträde)."""
    title, location = _one_line(title), _one_line(location)
    errors = _meeting_errors(title=title, location=location, held_on=held_on)
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(held_on=held_on, title=title, location=location, created_by=by)
    audit_services.audit_event_record(
        actor=by,
        action="meeting.created",
        obj=meeting,
        after=audit_services.snapshot(meeting, MEETING_FIELDS),
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by: Person,
    held_on: datetime.date | None = None,
    title: str | None = None,
    location: str | None = None,
    status: str | None = None,
) -> Meeting:
    """Change a meeting's date, title, place or status; what is left as None stays."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = audit_services.snapshot(locked, MEETING_FIELDS)
    new_title = _one_line(title) if title is not None else locked.title
    new_location = _one_line(location) if location is not None else locked.location
    new_held_on = held_on if held_on is not None else locked.held_on
    errors = _meeting_errors(title=new_title, location=new_location, held_on=new_held_on)
    if status is not None and status not in MeetingStatus.values:
        errors["status"] = _("Välj en status i listan.")
    if errors:
        raise ValidationError(errors)
    locked.title, locked.location, locked.held_on = new_title, new_location, new_held_on
    if status is not None:
        locked.status = status
    after = audit_services.snapshot(locked, MEETING_FIELDS)
    if after != before:
        locked.save(update_fields=MEETING_FIELDS)
        audit_services.audit_event_record(
            actor=by, action="meeting.updated", obj=locked, before=before, after=after
        )
    return locked


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by: Person) -> None:
    """Delete a meeting and its agenda; refused once a decision has been recorded at it."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if Decision.objects.filter(agenda_item__meeting=locked).exists():
        raise ValidationError(
            {
                "meeting": _(
                    "Sammanträdet har beslut, som är allmänna handlingar; det tas inte bort."
                )
            }
        )
    audit_services.audit_event_record(
        actor=by,
        action="meeting.deleted",
        obj=locked,
        before={
            **audit_services.snapshot(locked, MEETING_FIELDS),
            "agenda": list(
                locked.agenda_items.order_by("position").values_list("idea_id", flat=True)
            ),
        },
    )
    locked.delete()


@transaction.atomic
def minutes_save(*, meeting: Meeting, minutes: str, by: Person) -> Meeting:
    """Save the meeting's minutes (protokoll), the text around its decisions."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    minutes = minutes.strip()
    if minutes == locked.minutes:
        return locked
    before = {"minutes": locked.minutes}
    locked.minutes = minutes
    locked.save(update_fields=["minutes"])
    audit_services.audit_event_record(
        actor=by,
        action="meeting.minutes_saved",
        obj=locked,
        before=before,
        after={"minutes": minutes},
    )
    meeting.minutes = minutes
    return locked


# --- Agenda ---------------------------------------------------------------------


def _locked_planned_meeting(meeting: Meeting) -> Meeting:
    """Lock the meeting (agenda changes queue up behind each other); refuse a held one."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != MeetingStatus.PLANNED:
        raise ValidationError(
            {"meeting": _("Sammanträdet är genomfört; dess dagordning ändras inte längre.")}
        )
    return locked


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, idea: Idea, preparation_memo: str, by: Person
) -> AgendaItem:
    """Put an idea on the meeting's agenda (dagordning), last, with its preparation memo.

    Records where the idea stands now, so that a decision on an idea that has
    moved on since is refused.
    """
    memo = preparation_memo.strip()
    if not memo:
        raise ValidationError(
            {"preparation_memo": _("Skriv en beredning: vad idérådet ska ta ställning till.")}
        )
    locked_meeting = _locked_planned_meeting(meeting)
    fresh = (
        Idea.objects.select_for_update(of=("self",))
        .select_related("stage", "merged_into")
        .get(pk=idea.pk)
    )
    if fresh.merged_into is not None:
        raise ValidationError(
            {
                "idea": _("Idén är sammanslagen med %(number)s; ta upp den i stället.")
                % {"number": fresh.merged_into.registration_number}
            }
        )
    if fresh.stage.is_closed:
        raise ValidationError(
            {
                "idea": _("Idén är avslutad (%(stage)s) och tas inte upp i idérådet.")
                % {"stage": fresh.stage.name}
            }
        )
    existing = AgendaItem.objects.filter(meeting=locked_meeting, idea=fresh).first()
    if existing is not None:
        raise ValidationError(
            {
                "idea": _("Idén finns redan på dagordningen (§ %(position)d).")
                % {"position": existing.position}
            }
        )
    last = (
        AgendaItem.objects.filter(meeting=locked_meeting)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    item = AgendaItem.objects.create(
        meeting=locked_meeting,
        idea=fresh,
        position=(last or 0) + 1,
        preparation_memo=memo,
        stage_when_set=fresh.stage,
        stage_changed_at_when_set=fresh.stage_changed_at,
    )
    audit_services.audit_event_record(
        actor=by,
        action="agenda_item.added",
        obj=item,
        after={
            "meeting": locked_meeting.pk,
            "idea": fresh.registration_number,
            "position": item.position,
            "stage": fresh.stage.key,
            "preparation_memo": memo,
        },
    )
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: Person) -> None:
    """Take an idea off the agenda; the items after it move up. Refused once decided."""
    meeting = _locked_planned_meeting(item.meeting)
    locked = AgendaItem.objects.select_related("idea").filter(pk=item.pk, meeting=meeting).first()
    if locked is None:
        raise ValidationError({"item": _("Ärendet finns inte längre på dagordningen.")})
    decision = Decision.objects.filter(agenda_item=locked).first()
    if decision is not None:
        raise ValidationError(
            {
                "item": _("Ärendet har ett beslut (%(number)s) och tas inte bort.")
                % {"number": decision.registration_number}
            }
        )
    audit_services.audit_event_record(
        actor=by,
        action="agenda_item.removed",
        obj=locked,
        before={
            "meeting": meeting.pk,
            "idea": locked.idea.registration_number,
            "position": locked.position,
            "preparation_memo": locked.preparation_memo,
        },
    )
    locked.delete()
    _renumber(meeting, list(_item_ids_in_order(meeting)))


@transaction.atomic
def agenda_reorder(*, meeting: Meeting, item_ids: Sequence[int], by: Person) -> None:
    """Put the meeting's agenda in the order of ``item_ids`` (every item, each once)."""
    locked = _locked_planned_meeting(meeting)
    current = list(_item_ids_in_order(locked))
    wanted = list(item_ids)
    if len(wanted) != len(set(wanted)) or set(wanted) != set(current):
        raise ValidationError({"item_ids": _("Ange varje ärende på dagordningen precis en gång.")})
    if wanted == current:
        return
    _renumber(locked, wanted)
    audit_services.audit_event_record(
        actor=by,
        action="agenda.reordered",
        obj=locked,
        before={"order": current},
        after={"order": wanted},
    )


def _item_ids_in_order(meeting: Meeting) -> Any:
    return (
        AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("pk", flat=True)
    )


def _renumber(meeting: Meeting, item_ids: list[int]) -> None:
    """Give the items positions 1, 2, … in the order of ``item_ids``.

    Positions are unique per meeting and checked row by row, so the items
    first step aside to positions no item holds.
    """
    items = list(AgendaItem.objects.filter(meeting=meeting, pk__in=item_ids))
    by_pk = {each.pk: each for each in items}
    aside = 1 + max((each.position for each in items), default=0)
    for offset, pk in enumerate(item_ids):
        by_pk[pk].position = aside + offset
    AgendaItem.objects.bulk_update(items, ["position"])
    for number, pk in enumerate(item_ids, start=1):
        by_pk[pk].position = number
    AgendaItem.objects.bulk_update(items, ["position"])


# --- Decisions ------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    agenda_item: AgendaItem,
    kind: str,
    rationale: str,
    amount_granted_sek: Decimal | str | int = Decimal(0),
    decided_on: datetime.date,
    by: Person,
    budget_override_reason: str = "",
) -> Decision:
    """Record the council's decision (beslut) on an agenda item: a public record.

    The decision gets the next registration number of its year and moves the
    idea to the stage the decision leads to, in this one transaction: if the
    move is refused, nothing is stored and the number is not used up. Refused
    when the idea has moved since the agenda was set, when the item is already
    decided, and when the grant exceeds what is left of the year's budget
    without a reason to exceed it. The submitter is mailed after commit.
    """
    rationale = rationale.strip()
    override_reason = budget_override_reason.strip()
    errors: dict[str, str] = {}
    if kind not in DecisionKind.values:
        errors["kind"] = _("Välj ett beslut i listan.")
    if not rationale:
        errors["rationale"] = _("Skriv en motivering; beslutet är en allmän handling.")
    amount = Decimal("0.00")
    try:
        amount = money.parse_sek(amount_granted_sek)
    except money.MoneyError as error:
        errors["amount_granted_sek"] = str(error)
    else:
        if amount > 0 and kind in NO_GRANT_KINDS:
            errors["amount_granted_sek"] = _(
                "Ett beslut att avslå eller parkera beviljar inget belopp; ange 0."
            )
    if not _is_date(decided_on):
        errors["decided_on"] = _("Ange beslutsdatum.")
    if errors:
        raise ValidationError(errors)

    # Locked in this order everywhere: the item, then its idea.
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("stage_when_set")
        .get(pk=agenda_item.pk)
    )
    earlier = Decision.objects.filter(agenda_item=item).first()
    if earlier is not None:
        raise ValidationError(
            {
                "agenda_item": _("Ärendet är redan beslutat: %(number)s.")
                % {"number": earlier.registration_number}
            }
        )
    idea = Idea.objects.select_for_update(of=("self",)).select_related("stage").get(pk=item.idea_id)
    if (
        idea.stage_id != item.stage_when_set_id
        or idea.stage_changed_at != item.stage_changed_at_when_set
    ):
        raise ValidationError({"agenda_item": _stale_explanation(item, idea)})
    target = Stage.objects.filter(key=TARGET_STAGE_KEY[DecisionKind(kind)]).first()
    if target is None:
        raise ValidationError(
            {
                "kind": _("Organisationen saknar steget ”%(key)s” som beslutet flyttar idén till.")
                % {"key": TARGET_STAGE_KEY[DecisionKind(kind)]}
            }
        )

    year = decided_on.year
    _lock_budget_year(year)
    status = selectors.budget_status(year=year)
    over_budget = amount > 0 and amount > status.remaining
    if over_budget and not override_reason:
        raise ValidationError(
            {
                "budget_override_reason": _(
                    "Beviljat belopp %(amount)s överskrider återstående budget %(remaining)s "
                    "(budget %(budget)s, beviljat %(granted)s). Ange ett skäl för att överskrida."
                )
                % {
                    "amount": money.format_sek(amount),
                    "remaining": money.format_sek(status.remaining),
                    "budget": money.format_sek(status.budget),
                    "granted": money.format_sek(status.granted),
                }
            }
        )

    sequence, number = registry_services.registration_number_next(series=DECISION_SERIES, year=year)
    decision = Decision.objects.create(
        agenda_item=item,
        idea=idea,
        kind=kind,
        amount_granted_sek=amount,
        rationale=rationale,
        registration_number=number,
        registration_year=year,
        registration_sequence=sequence,
        budget_override_reason=override_reason,
        decided_on=decided_on,
        recorded_by=by,
    )
    from_stage = idea.stage
    if idea.stage_id != target.pk:
        # Stored text, not interface text: the record reads the same in every language.
        reason = f"Idérådets beslut {number}: {rationale}"
        try:
            # The decision's own mail tells the submitter; the move must not mail them again.
            idea_services.idea_move(
                idea=idea, to_stage=target, by=by, reason=reason, submitter_told_separately=True
            )
        except ValidationError as error:
            raise ValidationError(
                {
                    "kind": [
                        _("Idén kan inte flyttas till steget %(stage)s: %(why)s")
                        % {"stage": target.name, "why": " ".join(error.messages)}
                    ]
                }
            ) from error
    audit_services.audit_event_record(
        actor=by,
        action="decision.recorded",
        obj=decision,
        before={"stage": from_stage.key},
        after={
            **audit_services.snapshot(decision, DECISION_FIELDS),
            "stage": target.key,
            "over_budget": over_budget,
            "budget_remaining_before": status.remaining,
        },
    )
    transaction.on_commit(functools.partial(tasks.decision_notify.delay, decision_id=decision.pk))
    return decision


def _stale_explanation(item: AgendaItem, idea: Idea) -> str:
    moved_at = timezone.localtime(idea.stage_changed_at).strftime("%Y-%m-%d %H:%M")
    if idea.stage_id != item.stage_when_set_id:
        return _(
            "Idén har flyttats sedan den sattes upp på dagordningen: den är nu i steget "
            "%(stage)s (flyttad %(when)s), inte i %(then)s. Bered ärendet på nytt."
        ) % {"stage": idea.stage.name, "when": moved_at, "then": item.stage_when_set.name}
    return _(
        "Idén har flyttats sedan den sattes upp på dagordningen: den flyttades till steget "
        "%(stage)s igen %(when)s. Bered ärendet på nytt."
    ) % {"stage": idea.stage.name, "when": moved_at}
