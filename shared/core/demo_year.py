"""A believable year of an idea lock for a demo organisation, written in bulk.

Run by ``shared.core.demo.demo_seed`` inside the organisation's schema. A few
hundred ideas from staff, citizens, businesses and associations move through
the pipeline over the last eighteen months, with their stage histories,
coaches and next steps, council meetings and decisions (with registration
numbers and budgets), tests and evaluations, needs, calls, workshops,
trainings and methods, and an audit row for each change at the time it
happened.

Why bulk and not the services: a service call per move, coach, step and
decision would take minutes for the demo organisations and mail every
follower on the way, and the services stamp every row with the present
moment, while lead times need a year of history. So the timeline is planned
here in Python, checked against the same rules the services enforce (closing
needs a reason, implementing needs an evaluation that recommends it, a
decision moves the idea to its target stage), and written with a handful of
bulk inserts whose timestamps are the planned ones. Registration counters are
advanced to the highest number used, so the services carry on without gaps.

Deterministic: a random generator seeded with the organisation's slug, with
every date relative to the day it runs. Idempotent: an organisation that has
demo ideas (their fingerprint starts with ``demo-``) is left alone.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models, transaction
from django.utils import timezone

from shared.accounts.models import Membership, Person, Role
from shared.core import demo_texts
from shared.organizations.models import Organization
from tenants.activities.models import Activity, Participant
from tenants.audit.models import AuditEvent
from tenants.calls.models import IdeaCall
from tenants.coaching.models import CoachAssignment, CoachNote, NextStep
from tenants.contacts.models import Contact
from tenants.council.models import AgendaItem, CouncilBudget, Decision, Meeting, MeetingStatus
from tenants.ideas.models import Follow, Idea, Stage, StageChange, Support
from tenants.library.models import Method
from tenants.needs.models import Need, NeedStatus
from tenants.registry.models import RegistrationCounter
from tenants.registry.services import registration_number_format
from tenants.trials.models import (
    Evaluation,
    MeasureResult,
    SuccessMeasure,
    Trial,
    TrialStatus,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FINGERPRINT_PREFIX = "demo-"
HISTORY_DAYS = 540
# How many ideas each demo organisation gets, and which themes it works on most.
IDEA_COUNTS = {
    "tranas": 280,
    "sundsvallsregionen": 300,
    "pitea-skelleftea": 240,
    "orebro": 160,
    "lerum": 260,
}
THEMES = {
    "tranas": ("kompetens", "landsbygd", "omsorg"),
    "sundsvallsregionen": ("kultur", "omsorg", "kompetens"),
    "pitea-skelleftea": ("digitalt", "näringsliv", "hållbarhet"),
    "orebro": ("kultur", "digitalt", "skola"),
    "lerum": ("hållbarhet", "föreningsliv", "näringsliv"),
}
AUDIENCE_SHARE = (("staff", 0.55), ("citizen", 0.25), ("business", 0.1), ("association", 0.1))
CONSENT_TEXT = (
    "Jag samtycker till att kommunen sparar mitt namn och min e-postadress för att "
    "handlägga min idé och kontakta mig om den. (Demodata.)"
)
SCREENING_DECLINE_REASONS = (
    "En liknande lösning finns redan i verksamheten; vi har kopplat ihop idégivaren med den "
    "som ansvarar för den.",
    "Idén ligger utanför kommunens uppdrag. Vi har hänvisat till regionen.",
    "Idén kräver en lagändring och kan inte drivas lokalt just nu.",
)
SCREENING_PARK_REASONS = (
    "Bra idé, men verksamheten har inte utrymme i år. Vi tar upp den igen vid nästa "
    "verksamhetsplanering.",
    "Parkerad i väntan på att det nya verksamhetssystemet är infört.",
)
COUNCIL_DECLINE = "Nyttan står inte i proportion till kostnaden enligt beredningen."
COUNCIL_PARK = "Idérådet vill avvakta resultatet av ett liknande test i grannkommunen."
FUND_RATIONALE = "Idén svarar mot ett prioriterat behov och kan testas i liten skala."
PILOT_RATIONALE = (
    "Idén är förädlad tillsammans med verksamheten och prövas som pilot i tre enheter."
)
IMPLEMENT_RATIONALE = "Utvärderingen visar att målen nåddes; idén införs i hela verksamheten."


@dataclass
class _People:
    admins: list[Person]
    coaches: list[Person]
    council: list[Person]
    staff: list[Person]

    @property
    def everyone(self) -> list[Person]:
        return [*self.admins, *self.coaches, *self.council, *self.staff]


@dataclass
class _Plan:
    """One idea's planned life: who, when, and the stages it passes through."""

    index: int
    text: demo_texts.IdeaText
    title: str
    audience: str
    created: datetime.datetime
    submitter: Person | None = None
    contact: Contact | None = None
    gender: str = ""
    moves: list[tuple[str, datetime.datetime, Person | None, str]] = field(default_factory=list)
    coach: Person | None = None
    coached_at: datetime.datetime | None = None
    decisions: list[dict[str, Any]] = field(default_factory=list)
    trial: dict[str, Any] | None = None
    merged_into: int | None = None
    call_index: int | None = None
    need_indexes: list[int] = field(default_factory=list)

    @property
    def stage_key(self) -> str:
        return self.moves[-1][0]

    @property
    def stage_changed(self) -> datetime.datetime:
        return self.moves[-1][1]


@contextlib.contextmanager
def given_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk inserts keep the timestamps given, instead of ``auto_now(_add)``'s present."""
    switched: list[tuple[Any, bool, bool]] = []
    for model in model_classes:
        for each in model._meta.concrete_fields:
            stamp: Any = each
            if getattr(stamp, "auto_now", False) or getattr(stamp, "auto_now_add", False):
                switched.append((stamp, stamp.auto_now, stamp.auto_now_add))
                stamp.auto_now = stamp.auto_now_add = False
    try:
        yield
    finally:
        for each, auto_now, auto_now_add in switched:
            each.auto_now, each.auto_now_add = auto_now, auto_now_add


def is_seeded() -> bool:
    """Whether the current schema already holds the demo year."""
    return Idea.objects.filter(submission_fingerprint__startswith=FINGERPRINT_PREFIX).exists()


def seed(*, organization: Organization, today: datetime.date | None = None) -> dict[str, int]:
    """Write the demo year into ``organization``'s schema (the current one); return counts."""
    if organization.slug not in IDEA_COUNTS or is_seeded():
        return {}
    today = today or timezone.localdate()
    with transaction.atomic():
        return _Year(organization, today).write()


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=STOCKHOLM)


class _Year:
    """Plans the year in memory, then writes it with bulk inserts."""

    def __init__(self, organization: Organization, today: datetime.date) -> None:
        self.organization = organization
        self.slug = organization.slug
        self.rng = random.Random(f"idesluss-demo-{self.slug}")  # noqa: S311 - demo data
        self.today = today
        self.now = _at(today, 9)
        self.start = today - datetime.timedelta(days=HISTORY_DAYS)
        self.people = self._people()
        self.stages = {stage.key: stage for stage in Stage.objects.all()}
        self.audit: list[AuditEvent] = []
        self.created: dict[str, int] = defaultdict(int)

    # --- people ------------------------------------------------------------------------

    def _people(self) -> _People:
        by_role: dict[str, list[Person]] = defaultdict(list)
        for membership in (
            Membership.objects.filter(organization=self.organization)
            .select_related("person")
            .order_by("person__email")
        ):
            by_role[membership.role].append(membership.person)
        admins = by_role[Role.ADMIN]
        coaches = by_role[Role.COACH] or admins
        return _People(
            admins=admins,
            coaches=coaches,
            council=by_role[Role.COUNCIL_MEMBER] or admins,
            staff=by_role[Role.STAFF] or admins,
        )

    # --- writing -----------------------------------------------------------------------

    def write(self) -> dict[str, int]:
        with given_timestamps(
            Need,
            IdeaCall,
            Contact,
            Idea,
            StageChange,
            Follow,
            Support,
            CoachAssignment,
            CoachNote,
            NextStep,
            Meeting,
            Decision,
            Trial,
            Activity,
            Method,
            AuditEvent,
        ):
            needs = self._needs()
            calls = self._calls(needs)
            contacts = self._contacts()
            meetings = self._meeting_days()
            plans = self._plans(contacts, calls, needs, meetings)
            ideas = self._ideas(plans, calls, needs)
            self._history(plans, ideas)
            self._participation(plans, ideas)
            self._coaching(plans, ideas)
            methods = self._methods(plans, ideas)
            decisions = self._council(plans, ideas, meetings)
            self._trials(plans, ideas, decisions, methods)
            self._activities()
            AuditEvent.objects.bulk_create(sorted(self.audit, key=lambda e: e.at), batch_size=2000)
        self.created["audit_events"] = len(self.audit)
        return dict(self.created)

    def _audit(
        self,
        at: datetime.datetime,
        actor: Any,
        action: str,
        obj: models.Model,
        label: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        self.audit.append(
            AuditEvent(
                at=at,
                actor_id=actor.pk if actor else None,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                object_label=label[:300],
                before=before or {},
                after=after or {},
            )
        )

    def _pick(self, items: Any) -> Any:
        return items[self.rng.randrange(len(items))]

    def _day_in_history(self, *, recent_bias: float = 0.85) -> datetime.date:
        offset = int(HISTORY_DAYS * (self.rng.random() ** recent_bias))
        return self.today - datetime.timedelta(days=HISTORY_DAYS - offset)

    # --- needs, calls, contacts ----------------------------------------------------------

    def _needs(self) -> list[Need]:
        themes = THEMES[self.slug]
        chosen = [n for n in demo_texts.NEEDS if n.theme in themes]
        chosen += [n for n in demo_texts.NEEDS if n.theme not in themes][: 12 - len(chosen)]
        # The organisation's own needs, entered before the year was written, stay as they are.
        existing = set(Need.objects.values_list("title", flat=True))
        chosen = [n for n in chosen if n.title not in existing]
        needs = []
        for index, text in enumerate(chosen):
            day = self.start + datetime.timedelta(days=index * 20 + self.rng.randrange(15))
            status = (
                NeedStatus.BEING_ADDRESSED
                if index % 3 == 0
                else NeedStatus.SOLVED
                if index % 7 == 6
                else NeedStatus.OPEN
            )
            needs.append(
                Need(
                    title=text.title,
                    description=text.description,
                    unit=text.unit,
                    affected=text.affected,
                    tags=[text.theme],
                    source="staff" if index % 4 else "citizen",
                    status=status,
                    created_by=self._pick(self.people.admins),
                    created_at=_at(day, 10),
                )
            )
        # Two needs that came in lately and wait in the inbox.
        for offset, text in zip((3, 9), demo_texts.NEEDS[-2:], strict=True):
            needs.append(
                Need(
                    title=f"{text.title} {self._pick(demo_texts.PLACES[self.slug])}",
                    description=text.description,
                    unit=text.unit,
                    affected=text.affected,
                    tags=[text.theme],
                    source="citizen",
                    status=NeedStatus.OPEN,
                    created_by=None,
                    created_at=_at(self.today - datetime.timedelta(days=offset), 14),
                )
            )
        Need.objects.bulk_create(needs)
        for need in needs:
            self._audit(
                need.created_at,
                need.created_by,
                "need.submitted",
                need,
                str(need),
                after={"title": need.title, "unit": need.unit, "source": need.source},
            )
        self.created["needs"] = len(needs)
        return needs

    def _calls(self, needs: list[Need]) -> list[IdeaCall]:
        calls = []
        for index, (title, problem, audiences, _theme) in enumerate(demo_texts.CALLS):
            # Three calls in the past, the last one open now.
            if index == len(demo_texts.CALLS) - 1:
                opens = self.today - datetime.timedelta(days=20)
                closes = self.today + datetime.timedelta(days=40)
            else:
                opens = self.start + datetime.timedelta(days=90 + index * 150)
                closes = opens + datetime.timedelta(days=60)
            calls.append(
                IdeaCall(
                    title=title,
                    problem=problem,
                    audiences=list(audiences),
                    opens_on=opens,
                    closes_on=closes,
                    created_by=self._pick(self.people.admins),
                    created_at=_at(opens - datetime.timedelta(days=7), 11),
                )
            )
        IdeaCall.objects.bulk_create(calls)
        for call, (*_rest, theme) in zip(calls, demo_texts.CALLS, strict=True):
            call.needs.set([n for n in needs if theme in n.tags][:2])
            self._audit(
                call.created_at,
                call.created_by,
                "call.created",
                call,
                str(call),
                after={"title": call.title, "opens_on": str(call.opens_on)},
            )
        self.created["calls"] = len(calls)
        return calls

    def _contacts(self) -> dict[str, list[Contact]]:
        contacts: dict[str, list[Contact]] = defaultdict(list)
        rows = []
        for index in range(36):
            audience = ("citizen", "citizen", "business", "association")[index % 4]
            first, gender = self._pick(demo_texts.CONTACT_FIRST)
            last = self._pick(demo_texts.CONTACT_LAST)
            organization_name = ""
            if audience == "business":
                organization_name = self._pick(demo_texts.BUSINESSES)
            elif audience == "association":
                organization_name = self._pick(demo_texts.ASSOCIATIONS)
            joined = _at(self._day_in_history(recent_bias=1.0), 19)
            token = hashlib.sha256(f"{self.slug}-{index}".encode()).hexdigest()
            contact = Contact(
                name=f"{first} {last}",
                email=f"demo.{self.slug}.{index}@example.org",
                organization_name=organization_name,
                audience=audience,
                gender=gender,
                consent_text=CONSENT_TEXT,
                consent_given_at=joined,
                confirmed_at=joined + datetime.timedelta(minutes=12),
                access_token=token,
                created_at=joined,
            )
            rows.append(contact)
            contacts[audience].append(contact)
        Contact.objects.bulk_create(rows)
        self.created["contacts"] = len(rows)
        return contacts

    # --- the plan ------------------------------------------------------------------------

    def _meeting_days(self) -> list[datetime.date]:
        """The council meets on the second Tuesday of every month."""
        days = []
        month = datetime.date(self.start.year, self.start.month, 1)
        while month <= self.today + datetime.timedelta(days=62):
            first_tuesday = month + datetime.timedelta(days=(1 - month.weekday()) % 7)
            days.append(first_tuesday + datetime.timedelta(days=7))
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return [d for d in days if d > self.start]

    def _plans(
        self,
        contacts: dict[str, list[Contact]],
        calls: list[IdeaCall],
        needs: list[Need],
        meetings: list[datetime.date],
    ) -> list[_Plan]:
        themes = THEMES[self.slug]
        weighted = [t for t in demo_texts.IDEAS for _ in range(3 if t.theme in themes else 1)]
        places = demo_texts.PLACES[self.slug]
        plans = []
        count = IDEA_COUNTS[self.slug]
        for index in range(count):
            text = self._pick(weighted)
            # The newest ideas first in time order: the last ten came in the last three weeks.
            if index >= count - 10:
                day = self.today - datetime.timedelta(days=self.rng.randrange(0, 21))
            else:
                day = self._day_in_history()
            created = _at(day, 8 + self.rng.randrange(9), self.rng.randrange(60))
            audience = text.audience if self.rng.random() < 0.7 else self._audience()
            title = text.title
            if self.rng.random() < 0.6:
                title = f"{title} {self._pick(places)}"
            plan = _Plan(index=index, text=text, title=title, audience=audience, created=created)
            if audience == "staff":
                plan.submitter = self._pick(self.people.staff + self.people.coaches)
                plan.gender = self._pick(("woman", "woman", "man", ""))
            else:
                plan.contact = self._pick(contacts[audience])
                plan.gender = plan.contact.gender if plan.contact else ""
            for call_index, call in enumerate(calls):
                if (
                    call.opens_on <= created.date() <= call.closes_on
                    and (not call.audiences or audience in call.audiences)
                    and self.rng.random() < 0.7
                ):
                    plan.call_index = call_index
            matching = [i for i, n in enumerate(needs) if text.theme in n.tags]
            if matching and self.rng.random() < 0.5:
                plan.need_indexes = [self._pick(matching)]
            self._plan_path(plan, meetings)
            plans.append(plan)
        self._plan_merges(plans)
        return sorted(plans, key=lambda p: p.created)

    def _audience(self) -> str:
        roll, total = self.rng.random(), 0.0
        for audience, share in AUDIENCE_SHARE:
            total += share
            if roll < total:
                return audience
        return "staff"

    def _plan_path(self, plan: _Plan, meetings: list[datetime.date]) -> None:
        """Walk the idea through the pipeline as far as its fate and the calendar allow."""
        rng, people = self.rng, self.people
        plan.moves.append(("received", plan.created, plan.submitter, ""))
        fate = rng.random()

        def later(when: datetime.datetime, low: int, high: int) -> datetime.datetime | None:
            moment = when + datetime.timedelta(days=rng.randint(low, high), hours=rng.randint(0, 6))
            return moment if moment < self.now else None

        screening = later(plan.created, 2, 21)
        if screening is None:
            return
        plan.moves.append(("screening", screening, self._pick(people.admins), ""))
        if fate < 0.14:
            closed = later(screening, 5, 30)
            if closed is not None:
                plan.moves.append(
                    (
                        "declined",
                        closed,
                        self._pick(people.admins),
                        self._pick(SCREENING_DECLINE_REASONS),
                    )
                )
            return
        if fate < 0.2:
            closed = later(screening, 5, 30)
            if closed is not None:
                plan.moves.append(
                    (
                        "parked",
                        closed,
                        self._pick(people.admins),
                        self._pick(SCREENING_PARK_REASONS),
                    )
                )
            return
        refinement = later(screening, 7, 45)
        if refinement is None:
            return
        plan.coach = self._pick(people.coaches)
        plan.coached_at = refinement
        plan.moves.append(
            (
                "refinement",
                refinement,
                self._pick(people.admins),
                "Idécoach tilldelad för förädling.",
            )
        )
        meeting = next(
            (d for d in meetings if d >= refinement.date() + datetime.timedelta(days=21)), None
        )
        if meeting is None or _at(meeting, 15) >= self.now:
            plan.decisions.append({"meeting": meeting, "pending": True, "stage": "refinement"})
            return
        decided = _at(meeting, 15)
        recorder = self._pick(people.council)
        if fate < 0.32:
            kind, target, rationale = (
                ("decline", "declined", COUNCIL_DECLINE)
                if fate < 0.27
                else ("park", "parked", COUNCIL_PARK)
            )
            plan.decisions.append(
                {
                    "meeting": meeting,
                    "kind": kind,
                    "amount": Decimal(0),
                    "rationale": rationale,
                    "by": recorder,
                    "stage": "refinement",
                }
            )
            plan.moves.append((target, decided, recorder, rationale))
            return
        kind = "pilot" if rng.random() < 0.2 else "fund_test"
        amount = Decimal(
            rng.randrange(5, 31) * 5000 if kind == "fund_test" else rng.randrange(20, 61) * 5000
        )
        rationale = PILOT_RATIONALE if kind == "pilot" else FUND_RATIONALE
        plan.decisions.append(
            {
                "meeting": meeting,
                "kind": kind,
                "amount": amount,
                "rationale": rationale,
                "by": recorder,
                "stage": "refinement",
            }
        )
        plan.moves.append(("test", decided, recorder, rationale))
        # A few recent decisions still wait for their test plan.
        if meeting >= self.today - datetime.timedelta(days=45) and rng.random() < 0.5:
            return
        starts = meeting + datetime.timedelta(days=rng.randint(7, 21))
        ends = starts + datetime.timedelta(days=rng.randint(45, 120))
        plan.trial = {
            "kind": kind,
            "starts": starts,
            "ends": ends,
            "budget": amount,
            "planned_at": decided + datetime.timedelta(days=rng.randint(1, 6)),
        }
        evaluation_move = _at(ends, 10) + datetime.timedelta(days=rng.randint(0, 7))
        if evaluation_move >= self.now:
            return
        coach = plan.coach
        plan.moves.append(("evaluation", evaluation_move, coach, "Testperioden är slut."))
        evaluated = later(evaluation_move, 5, 30)
        if evaluated is None:
            return
        recommendation = "implement" if fate < 0.8 else "stop" if fate < 0.88 else "adjust"
        plan.trial["evaluation"] = {
            "on": evaluated.date(),
            "recommendation": recommendation,
            "by": coach,
        }
        if recommendation == "stop":
            closed = later(evaluated, 3, 20)
            if closed is not None:
                plan.moves.append(
                    (
                        "declined",
                        closed,
                        self._pick(people.admins),
                        "Utvärderingen visade att effekten uteblev; testet avslutas.",
                    )
                )
            return
        if recommendation == "adjust":
            return
        if rng.random() < 0.5:
            meeting = next(
                (d for d in meetings if d >= evaluated.date() + datetime.timedelta(days=7)), None
            )
            if meeting is None or _at(meeting, 15) >= self.now:
                return
            recorder = self._pick(people.council)
            plan.decisions.append(
                {
                    "meeting": meeting,
                    "kind": "implement",
                    "amount": Decimal(0),
                    "rationale": IMPLEMENT_RATIONALE,
                    "by": recorder,
                    "stage": "evaluation",
                }
            )
            plan.moves.append(("implemented", _at(meeting, 15), recorder, IMPLEMENT_RATIONALE))
        else:
            done = later(evaluated, 7, 40)
            if done is not None:
                plan.moves.append(
                    (
                        "implemented",
                        done,
                        self._pick(people.admins),
                        "Utvärderingen rekommenderar införande; verksamheten har tagit över.",
                    )
                )

    def _plan_merges(self, plans: list[_Plan]) -> None:
        """Close some late duplicates of the same idea as merged into the first one."""
        first_of: dict[str, _Plan] = {}
        for plan in sorted(plans, key=lambda p: p.created):
            earlier = first_of.get(plan.text.title)
            if earlier is None:
                first_of[plan.text.title] = plan
                continue
            if (
                plan.stage_key in ("received", "screening")
                and len(plan.moves) > 1
                and earlier.stage_key not in ("merged",)
                and self.rng.random() < 0.25
            ):
                when = plan.moves[-1][1] + datetime.timedelta(days=1)
                if when < self.now:
                    plan.moves.append(("merged", when, self._pick(self.people.admins), ""))
                    plan.merged_into = earlier.index

    # --- ideas and their history ------------------------------------------------------------

    def _ideas(
        self, plans: list[_Plan], calls: list[IdeaCall], needs: list[Need]
    ) -> dict[int, Idea]:
        sequences: dict[int, int] = defaultdict(int)
        ideas: dict[int, Idea] = {}
        rows = []
        for plan in plans:
            year = plan.created.astimezone(STOCKHOLM).year
            sequences[year] += 1
            number = registration_number_format(series="idea", year=year, number=sequences[year])
            idea = Idea(
                registration_number=number,
                registration_year=year,
                registration_sequence=sequences[year],
                title=plan.title,
                description=plan.text.description,
                expected_benefit=plan.text.benefit,
                unit=plan.text.unit,
                tags=list(plan.text.tags),
                call=calls[plan.call_index] if plan.call_index is not None else None,
                stage=self.stages[plan.stage_key],
                audience=plan.audience,
                submitted_by=plan.submitter,
                contact=plan.contact,
                submitter_gender=plan.gender,
                is_public=plan.audience != "staff" and plan.stage_key not in ("received",),
                submission_fingerprint=f"{FINGERPRINT_PREFIX}{self.slug}-{plan.index}",
                created_at=plan.created,
                updated_at=plan.stage_changed,
                stage_changed_at=plan.stage_changed,
            )
            rows.append(idea)
            ideas[plan.index] = idea
        Idea.objects.bulk_create(rows, batch_size=500)
        for year, last in sequences.items():
            RegistrationCounter.objects.update_or_create(
                series="idea", year=year, defaults={"last_number": last}
            )
        links = [
            Idea.needs.through(idea_id=ideas[plan.index].pk, need_id=needs[i].pk)
            for plan in plans
            for i in plan.need_indexes
        ]
        Idea.needs.through.objects.bulk_create(links)
        merged = []
        for plan in plans:
            if plan.merged_into is not None:
                idea = ideas[plan.index]
                idea.merged_into = ideas[plan.merged_into]
                merged.append(idea)
        Idea.objects.bulk_update(merged, ["merged_into"])
        self.created["ideas"] = len(rows)
        return ideas

    def _history(self, plans: list[_Plan], ideas: dict[int, Idea]) -> None:
        changes = []
        for plan in plans:
            idea = ideas[plan.index]
            previous: str | None = None
            for key, when, by, reason in plan.moves:
                if key == "merged":
                    target = ideas[plan.merged_into]  # type: ignore[index]
                    reason = f"Sammanslagen med {target.registration_number}."
                changes.append(
                    StageChange(
                        idea=idea,
                        from_stage=self.stages[previous] if previous else None,
                        to_stage=self.stages[key],
                        moved_by=by,
                        reason=reason,
                        at=when,
                    )
                )
                label = f"{idea.registration_number} {idea.title}"
                if previous is None:
                    self._audit(
                        when,
                        by,
                        "idea.submitted",
                        idea,
                        label,
                        after={
                            "registration_number": idea.registration_number,
                            "title": idea.title,
                            "audience": idea.audience,
                            "unit": idea.unit,
                            "stage": key,
                        },
                    )
                else:
                    self._audit(
                        when,
                        by,
                        "idea.moved",
                        idea,
                        label,
                        before={"stage": previous},
                        after={"stage": key, "reason": reason},
                    )
                previous = key
        StageChange.objects.bulk_create(changes, batch_size=2000)
        self.created["stage_changes"] = len(changes)

    def _participation(self, plans: list[_Plan], ideas: dict[int, Idea]) -> None:
        follows, supports = [], []
        everyone = self.people.everyone
        for plan in plans:
            idea = ideas[plan.index]
            follows.append(
                Follow(
                    idea=idea, person=plan.submitter, contact=plan.contact, created_at=plan.created
                )
            )
            for person in self.rng.sample(everyone, k=min(len(everyone), self.rng.randrange(0, 5))):
                supports.append(
                    Support(
                        idea=idea,
                        person=person,
                        created_at=plan.created + datetime.timedelta(days=2),
                    )
                )
        Follow.objects.bulk_create(follows, ignore_conflicts=True)
        Support.objects.bulk_create(supports, ignore_conflicts=True)

    # --- coaching ------------------------------------------------------------------------

    def _coaching(self, plans: list[_Plan], ideas: dict[int, Idea]) -> None:
        assignments, notes, steps = [], [], []
        for plan in plans:
            if plan.coach is None or plan.coached_at is None:
                continue
            idea = ideas[plan.index]
            is_open = self.stages[plan.stage_key].kind == "open"
            ended = None if is_open else plan.stage_changed
            admin = self._pick(self.people.admins)
            assignment = CoachAssignment(
                idea=idea,
                coach=plan.coach,
                assigned_by=admin,
                assigned_at=plan.coached_at,
                ended_at=ended,
            )
            assignments.append(assignment)
            self._audit(
                plan.coached_at,
                admin,
                "coach.assigned",
                idea,
                f"{idea.registration_number} {idea.title}",
                before={"coach": None},
                after={"coach": plan.coach.pk},
            )
            until = ended or self.now
            for n, body in enumerate(self.rng.sample(demo_texts.COACH_NOTES, k=2)):
                written = plan.coached_at + datetime.timedelta(days=3 + n * 12)
                if written < until:
                    notes.append(
                        CoachNote(idea=idea, author=plan.coach, body=body, created_at=written)
                    )
            step_at = plan.coached_at + datetime.timedelta(days=1)
            for description in self.rng.sample(demo_texts.NEXT_STEPS, k=3):
                due = (step_at + datetime.timedelta(days=self.rng.randint(7, 21))).date()
                owner = (
                    plan.coach
                    if plan.submitter is None or self.rng.random() < 0.7
                    else plan.submitter
                )
                done_at = None
                if due < until.date() - datetime.timedelta(days=3):
                    done_at = _at(due, 16) - datetime.timedelta(days=self.rng.randint(0, 3))
                elif not is_open:
                    break
                steps.append(
                    NextStep(
                        idea=idea,
                        description=description,
                        owner=owner,
                        due_on=due,
                        done_at=done_at,
                        created_by=plan.coach,
                        created_at=step_at,
                    )
                )
                if done_at is None:
                    break
                step_at = done_at
        CoachAssignment.objects.bulk_create(assignments)
        CoachNote.objects.bulk_create(notes)
        NextStep.objects.bulk_create(steps)
        self.created["coach_assignments"] = len(assignments)
        self.created["next_steps"] = len(steps)

    # --- methods ------------------------------------------------------------------------

    def _methods(self, plans: list[_Plan], ideas: dict[int, Idea]) -> list[Method]:
        admin = self.people.admins[0]
        methods = [
            Method(
                kind=kind,
                title=title,
                description=description,
                location=location,
                created_by=admin,
                created_at=_at(self.start + datetime.timedelta(days=10 * i), 9),
            )
            for i, (kind, title, description, location) in enumerate(demo_texts.METHODS)
        ]
        Method.objects.bulk_create(methods)
        links = []
        for plan in plans:
            if plan.coach is not None and self.rng.random() < 0.5:
                for method in self.rng.sample(methods, k=self.rng.randint(1, 2)):
                    links.append(
                        Method.ideas.through(method_id=method.pk, idea_id=ideas[plan.index].pk)
                    )
        Method.ideas.through.objects.bulk_create(links)
        for method in methods:
            self._audit(
                method.created_at,
                admin,
                "method.created",
                method,
                method.title,
                after={"kind": method.kind, "title": method.title},
            )
        self.created["methods"] = len(methods)
        return methods

    # --- the council ------------------------------------------------------------------------

    def _council(
        self, plans: list[_Plan], ideas: dict[int, Idea], days: list[datetime.date]
    ) -> dict[int, Decision]:
        admin = self.people.admins[0]
        upcoming = next(d for d in days if d >= self.today)
        held_days = [d for d in days if d < self.today]
        meetings = {
            day: Meeting(
                held_on=day,
                title=f"Idérådets sammanträde {day:%Y-%m-%d}",
                location="Kommunhuset, sammanträdesrum Idén",
                minutes="Protokollet justerat." if day < self.today else "",
                status=MeetingStatus.HELD if day < self.today else MeetingStatus.PLANNED,
                created_by=admin,
                created_at=_at(day - datetime.timedelta(days=30), 9),
            )
            for day in [*held_days, upcoming]
        }
        Meeting.objects.bulk_create(list(meetings.values()))
        for meeting in meetings.values():
            self._audit(
                meeting.created_at,
                admin,
                "meeting.created",
                meeting,
                str(meeting),
                after={"held_on": str(meeting.held_on), "title": meeting.title},
            )

        items: list[tuple[_Plan, dict[str, Any], AgendaItem]] = []
        positions: dict[datetime.date, int] = defaultdict(int)
        for plan in plans:
            for decision in plan.decisions:
                day = decision["meeting"]
                # Waiting for the next meeting: on its agenda as it stands now.
                if decision.get("pending") and (day != upcoming or positions[day] >= 6):
                    continue
                idea = ideas[plan.index]
                stage_at = next(m for m in plan.moves if m[0] == decision["stage"])
                positions[day] += 1
                item = AgendaItem(
                    meeting=meetings[day],
                    idea=idea,
                    position=positions[day],
                    preparation_memo=(
                        f"Beredning av idécoachen: {plan.text.benefit} "
                        "Idérådet ska ta ställning till om idén ska testas."
                        if decision["stage"] == "refinement"
                        else "Utvärderingen är klar. Idérådet ska ta ställning till införande."
                    ),
                    stage_when_set=self.stages[decision["stage"]],
                    stage_changed_at_when_set=stage_at[1],
                )
                items.append((plan, decision, item))
        AgendaItem.objects.bulk_create([item for _p, _d, item in items])

        decisions: dict[int, Decision] = {}
        rows = []
        sequences: dict[int, int] = defaultdict(int)
        granted: dict[int, Decimal] = defaultdict(Decimal)
        for plan, decision, item in sorted(
            items, key=lambda row: (row[2].meeting.held_on, row[2].position)
        ):
            if decision.get("pending"):
                continue
            day = decision["meeting"]
            sequences[day.year] += 1
            number = registration_number_format(
                series="decision", year=day.year, number=sequences[day.year]
            )
            granted[day.year] += decision["amount"]
            row = Decision(
                agenda_item=item,
                idea=ideas[plan.index],
                kind=decision["kind"],
                amount_granted_sek=decision["amount"],
                rationale=decision["rationale"],
                registration_number=number,
                registration_year=day.year,
                registration_sequence=sequences[day.year],
                decided_on=day,
                recorded_by=decision["by"],
                recorded_at=_at(day, 15),
                submitter_notified_at=_at(day, 15, 5),
            )
            rows.append(row)
            if decision["kind"] in ("fund_test", "pilot"):
                decisions[plan.index] = row
        Decision.objects.bulk_create(rows)
        for row in rows:
            self._audit(
                row.recorded_at,
                row.recorded_by,
                "decision.recorded",
                row,
                f"{row.registration_number} {row.get_kind_display()}",
                after={
                    "registration_number": row.registration_number,
                    "kind": row.kind,
                    "amount_granted_sek": str(row.amount_granted_sek),
                    "idea": row.idea_id,
                },
            )
        for year, last in sequences.items():
            RegistrationCounter.objects.update_or_create(
                series="decision", year=year, defaults={"last_number": last}
            )
        for year in {self.today.year - 1, self.today.year}:
            # A budget that leaves room this year, rounded to 50 000 kr.
            spent = granted.get(year, Decimal(0))
            amount = max(
                Decimal(1_000_000), (spent * Decimal("1.3") / 50_000).to_integral_value() * 50_000
            )
            CouncilBudget.objects.update_or_create(year=year, defaults={"amount_sek": amount})
        self.created["meetings"] = len(meetings)
        self.created["decisions"] = len(rows)
        return decisions

    # --- trials and evaluations ------------------------------------------------------------

    def _trials(
        self,
        plans: list[_Plan],
        ideas: dict[int, Idea],
        decisions: dict[int, Decision],
        methods: list[Method],
    ) -> None:
        planned = [plan for plan in plans if plan.trial is not None]
        trials = []
        for plan in planned:
            spec = plan.trial
            assert spec is not None
            if spec["starts"] > self.today:
                status = TrialStatus.PLANNED
            elif spec["ends"] >= self.today:
                status = TrialStatus.RUNNING
            elif "evaluation" in spec and spec["evaluation"]["recommendation"] == "stop":
                status = TrialStatus.STOPPED
            else:
                status = TrialStatus.COMPLETED
            units = self.rng.sample(
                ["Enhet Norr", "Enhet Söder", "Enhet Centrum", "Enhet Väst", "Enhet Öst"], k=3
            )
            trials.append(
                Trial(
                    idea=ideas[plan.index],
                    decision=decisions.get(plan.index),
                    kind="pilot" if spec["kind"] == "pilot" else "test",
                    title=f"Test: {plan.title}"[:200],
                    goal=plan.text.benefit,
                    hypothesis=(
                        f"Om vi prövar idén i tre enheter så ser vi: {plan.text.benefit.lower()}"
                    ),
                    units=units,
                    starts_on=spec["starts"],
                    ends_on=spec["ends"],
                    budget_sek=spec["budget"],
                    status=status,
                    created_by=plan.coach,
                    created_at=spec["planned_at"],
                )
            )
        Trial.objects.bulk_create(trials)
        measures, trial_methods = [], []
        for trial in trials:
            for description, target in self.rng.sample(demo_texts.MEASURES, k=2):
                measures.append(SuccessMeasure(trial=trial, description=description, target=target))
            trial_methods.append(
                Trial.methods.through(trial_id=trial.pk, method_id=self._pick(methods).pk)
            )
            self._audit(
                trial.created_at,
                trial.created_by,
                "trial.planned",
                trial,
                trial.title,
                after={
                    "idea": trial.idea_id,
                    "starts_on": str(trial.starts_on),
                    "ends_on": str(trial.ends_on),
                    "budget_sek": str(trial.budget_sek),
                },
            )
        SuccessMeasure.objects.bulk_create(measures)
        Trial.methods.through.objects.bulk_create(trial_methods)
        measures_of: dict[int, list[SuccessMeasure]] = defaultdict(list)
        for measure in measures:
            measures_of[measure.trial_id].append(measure)

        evaluations, results = [], []
        for plan, trial in zip(planned, trials, strict=True):
            spec = plan.trial.get("evaluation") if plan.trial else None
            if not spec:
                continue
            met = spec["recommendation"] == "implement"
            evaluation = Evaluation(
                trial=trial,
                summary="Målen nåddes i alla tre enheterna."
                if met
                else "Målen nåddes bara delvis."
                if spec["recommendation"] == "adjust"
                else "Effekten uteblev.",
                effects=plan.text.benefit if met else "",
                actual_cost_sek=(trial.budget_sek * Decimal("0.9")).quantize(Decimal("1.00")),
                lessons="Förankra tidigt hos medarbetarna och mät från första dagen.",
                recommendation=spec["recommendation"],
                evaluated_by=spec["by"],
                evaluated_on=spec["on"],
            )
            evaluations.append(evaluation)
        Evaluation.objects.bulk_create(evaluations)
        for evaluation in evaluations:
            met = evaluation.recommendation == "implement"
            for n, measure in enumerate(measures_of[evaluation.trial.pk]):
                results.append(
                    MeasureResult(
                        evaluation=evaluation,
                        measure=measure,
                        result="Uppnått" if met or n == 0 else "Inte uppnått",
                        met=met or (evaluation.recommendation == "adjust" and n == 0),
                    )
                )
            self._audit(
                _at(evaluation.evaluated_on, 14),
                evaluation.evaluated_by,
                "evaluation.recorded",
                evaluation,
                str(evaluation.trial),
                after={"recommendation": evaluation.recommendation},
            )
        MeasureResult.objects.bulk_create(results)
        self.created["trials"] = len(trials)
        self.created["evaluations"] = len(evaluations)

    # --- activities ---------------------------------------------------------------------

    def _activities(self) -> None:
        admin = self.people.admins[0]
        activities: list[tuple[Activity, int]] = []
        day = self.start + datetime.timedelta(days=14)
        n = 0
        while day < self.today:
            kind_roll = n % 4
            if kind_roll in (0, 2):
                title = demo_texts.WORKSHOPS[(n // 2) % len(demo_texts.WORKSHOPS)]
                heads = self.rng.randint(12, 40)
                women = heads * self.rng.randint(50, 70) // 100
                activity = Activity(
                    kind="workshop",
                    title=title,
                    held_on=day,
                    description="Deltagarna arbetade fram idéer i grupper med idécoacherna.",
                    head_count=heads,
                    head_count_women=women,
                    head_count_men=heads - women - 1,
                    created_by=admin,
                    created_at=_at(day, 16),
                )
                activities.append((activity, 0))
            elif kind_roll == 1:
                title = demo_texts.TRAININGS[(n // 4) % len(demo_texts.TRAININGS)]
                activity = Activity(
                    kind="training",
                    title=title,
                    held_on=day,
                    description="Utbildning för chefer i att leda innovation och förändring.",
                    created_by=admin,
                    created_at=_at(day, 16),
                )
                activities.append((activity, self.rng.randint(12, 24)))
            else:
                title = self._pick(demo_texts.NETWORK_MEETINGS)
                activity = Activity(
                    kind="meeting",
                    title=title,
                    held_on=day,
                    description="Erfarenhetsutbyte om idéslussens arbetssätt.",
                    head_count=self.rng.randint(8, 20),
                    created_by=admin,
                    created_at=_at(day, 16),
                )
                activities.append((activity, 0))
            n += 1
            day += datetime.timedelta(days=self.rng.randint(30, 45))
        Activity.objects.bulk_create([a for a, _ in activities])
        participants = []
        for activity, count in activities:
            self._audit(
                activity.created_at,
                admin,
                "activity.created",
                activity,
                str(activity),
                after={"kind": activity.kind, "title": activity.title},
            )
            for i in range(count):
                first, last, gender = self._pick(demo_texts.STAFF_NAMES)
                participants.append(
                    Participant(
                        activity=activity,
                        name=f"{first} {last} {i + 1} (chef, demo)",
                        role="manager",
                        gender=gender,
                        attended=self.rng.random() < 0.9,
                    )
                )
        Participant.objects.bulk_create(participants)
        self.created["activities"] = len(activities)
