"""Reads of joint pilots, from public tables only, as one organisation sees them.

An organisation taking part (invited, taking part, or having left) sees the
whole pilot: plan, log, budget, evaluation. Every other organisation sees
only what is published of a pilot that has started: its title, summary,
area, status, owner and who takes part. A proposal is seen only by those
invited to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from network.pilots import costs
from network.pilots.models import (
    FULL_SHARE,
    CostSplit,
    Evaluation,
    LogEntry,
    Participant,
    ParticipantStatus,
    Pilot,
    PilotStatus,
)
from shared.organizations.models import Organization, OrganizationStatus

# Participants who see inside the pilot; one that declined sees what everyone sees.
INSIDE_STATUSES = (ParticipantStatus.INVITED, ParticipantStatus.ACCEPTED, ParticipantStatus.LEFT)


def _with_participants(queryset: QuerySet[Pilot]) -> QuerySet[Pilot]:
    return queryset.select_related("organization").prefetch_related(
        Prefetch(
            "participants",
            queryset=Participant.objects.select_related("organization").order_by("pk"),
        )
    )


def pilots_of(*, organization: Organization) -> QuerySet[Pilot]:
    """The pilots ``organization`` is in (or was invited to), newest first."""
    mine = Participant.objects.filter(
        pilot=OuterRef("pk"), organization=organization, status__in=INSIDE_STATUSES
    )
    return _with_participants(Pilot.objects.filter(Exists(mine))).order_by("-created_at", "-pk")


def pilots_in_network(*, organization: Organization) -> QuerySet[Pilot]:
    """Started pilots of the network that ``organization`` is not in: published fields only."""
    mine = Participant.objects.filter(
        pilot=OuterRef("pk"), organization=organization, status__in=INSIDE_STATUSES
    )
    return (
        _with_participants(Pilot.objects.exclude(status=PilotStatus.PROPOSED))
        .exclude(Exists(mine))
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class PilotView:
    """A pilot as one organisation may see it."""

    pilot: Pilot
    participants: list[Participant]
    me: Participant | None
    sees_inside: bool
    is_owner: bool

    @property
    def taking_part(self) -> list[Participant]:
        return [each for each in self.participants if each.status == ParticipantStatus.ACCEPTED]

    @property
    def waiting_for(self) -> list[Participant]:
        return [each for each in self.participants if each.status == ParticipantStatus.INVITED]


def pilot_for(*, pk: int, organization: Organization) -> PilotView | None:
    """The pilot ``pk`` as ``organization`` may see it; None when it may not see it at all."""
    pilot = _with_participants(Pilot.objects.filter(pk=pk)).first()
    if pilot is None:
        return None
    participants = list(pilot.participants.all())
    me = next((each for each in participants if each.organization_id == organization.pk), None)
    sees_inside = me is not None and me.status in INSIDE_STATUSES
    if not sees_inside and pilot.status == PilotStatus.PROPOSED:
        return None
    return PilotView(
        pilot=pilot,
        participants=participants,
        me=me,
        sees_inside=sees_inside,
        is_owner=pilot.organization_id == organization.pk,
    )


def log_of(*, pilot: Pilot) -> QuerySet[LogEntry]:
    """The pilot's log, oldest first; for those who see inside it."""
    return (
        LogEntry.objects.filter(pilot=pilot)
        .select_related("organization", "author")
        .order_by("created_at", "pk")
    )


def evaluation_of(*, pilot: Pilot) -> Evaluation | None:
    return Evaluation.objects.filter(pilot=pilot).first()


@dataclass(frozen=True)
class BudgetLine:
    participant: Participant
    committed_sek: Decimal
    share_percent: Decimal
    share_sek: Decimal
    actual_share_sek: Decimal | None


@dataclass(frozen=True)
class JointBudget:
    """The joint budget (what the participants committed) and how it is shared."""

    split: str
    total_sek: Decimal
    lines: list[BudgetLine]
    actual_cost_sek: Decimal | None
    # Custom shares that no longer add up to 100 % (someone left): shared in proportion.
    shares_rescaled: bool

    def line_of(self, participant: Participant | None) -> BudgetLine | None:
        if participant is None:
            return None
        return next((line for line in self.lines if line.participant.pk == participant.pk), None)


def budget_of(*, view: PilotView, evaluation: Evaluation | None = None) -> JointBudget:
    """Each participant's commitment and its share of the joint budget (and of the actual cost)."""
    pilot = view.pilot
    taking_part = view.taking_part
    parties = [
        costs.Party(
            participant_id=each.pk,
            population=each.organization.population,
            share_basis_points=each.share_basis_points,
        )
        for each in taking_part
    ]
    weights = costs.weights_for(pilot.cost_split, parties)
    total_ore = sum(costs.ore_of(each.committed_sek) for each in taking_part)
    shares = costs.split_ore(total_ore, weights)
    actual = evaluation.actual_cost_sek if evaluation is not None else None
    actual_shares = costs.split_ore(costs.ore_of(actual), weights) if actual is not None else {}
    weight_sum = sum(weights.values())
    lines = []
    for each in taking_part:
        if weight_sum:
            percent = (Decimal(weights[each.pk]) * 100 / weight_sum).quantize(Decimal("0.01"))
        else:
            percent = (Decimal(100) / len(taking_part)).quantize(Decimal("0.01"))
        lines.append(
            BudgetLine(
                participant=each,
                committed_sek=each.committed_sek,
                share_percent=percent,
                share_sek=costs.sek_of(shares[each.pk]),
                actual_share_sek=costs.sek_of(actual_shares[each.pk])
                if actual is not None
                else None,
            )
        )
    rescaled = pilot.cost_split == CostSplit.CUSTOM and weight_sum != FULL_SHARE
    return JointBudget(
        split=pilot.cost_split,
        total_sek=costs.sek_of(total_ore),
        lines=lines,
        actual_cost_sek=actual,
        shares_rescaled=rescaled,
    )


def invitable_organizations(*, view: PilotView) -> QuerySet[Organization]:
    """Organisations the owner may still invite: every other one in use, partners included."""
    return (
        Organization.objects.tenants()
        .exclude(status=OrganizationStatus.ARCHIVED)
        .exclude(pk__in=[each.organization_id for each in view.participants])
        .order_by("name")
    )
