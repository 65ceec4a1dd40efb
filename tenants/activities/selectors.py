"""Reads on activities of the current organisation, and who took part in them.

How people are counted (the same rule as the reports' dashboard): an activity
with a head count counts its head count (split by gender where the head count
is); an activity without one counts its registered participants who attended.
Head counts carry no role, so a split or filter by role counts registered
participants only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear

from tenants.activities.models import Activity, ActivityKind, Participant, ParticipantRole
from tenants.contacts.models import Gender
from tenants.reports import selectors as report_selectors

NOT_STATED = "not_stated"


def activity_list(*, year: int | None = None, kind: str | None = None) -> QuerySet[Activity]:
    """Activities, latest first, each with ``participant_count`` (registered),
    ``attended_count`` (registered who came) and ``participants_total`` (the head
    count if given, else ``attended_count``)."""
    activities = Activity.objects.annotate(
        participant_count=Count("participants"),
        attended_count=Count("participants", filter=Q(participants__attended=True)),
    ).annotate(
        participants_total=Coalesce("head_count", "attended_count", output_field=IntegerField())
    )
    if year is not None:
        activities = activities.filter(held_on__year=year)
    if kind:
        activities = activities.filter(kind=kind)
    return activities.order_by("-held_on", "-pk")


def activity_get(*, pk: int) -> Activity:
    """One activity with its participants, by name. Raises ``Activity.DoesNotExist``."""
    return (
        activity_list()
        .select_related("created_by")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.order_by("name", "pk"))
        )
        .get(pk=pk)
    )


def participant_get(*, activity: Activity, pk: int) -> Participant:
    """One participant of ``activity``. Raises ``Participant.DoesNotExist``."""
    return Participant.objects.select_related("activity").get(activity=activity, pk=pk)


def activity_years() -> list[int]:
    """Years that have activities, latest first."""
    return list(
        Activity.objects.annotate(year=ExtractYear("held_on"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def participation_summary(
    *, year: int, kind: str | None = None, role: str | None = None
) -> dict[str, Any]:
    """Who took part in the year's activities (of ``kind``; with ``role``), as totals.

    Returns ``{"year", "kind", "role", "activities", "participants", "registered",
    "head_counted", "by_gender": {"women", "men", "other_or_not_stated"},
    "by_role": {<each role>..., "not_stated"}}``. ``participants`` is
    ``registered`` (participants who attended, in activities without a head
    count) plus ``head_counted`` (the head counts); ``by_gender`` and
    ``by_role`` each add up to it. With ``role`` only registered participants
    with that role count. Two queries.
    """
    activities = Activity.objects.filter(held_on__year=year)
    if kind:
        activities = activities.filter(kind=kind)
    by_head = Q(head_count__isnull=False)
    figures = activities.aggregate(
        activities=Count("pk"),
        head_counted=Sum("head_count", filter=by_head, default=0),
        women=Sum("head_count_women", filter=by_head, default=0),
        men=Sum("head_count_men", filter=by_head, default=0),
    )
    if role:  # head counts carry no role
        figures.update(head_counted=0, women=0, men=0)
    attended = Participant.objects.filter(
        attended=True, activity__in=activities, activity__head_count__isnull=True
    )
    if role:
        attended = attended.filter(role=role)
    registered = attended.aggregate(
        total=Count("pk"),
        women=Count("pk", filter=Q(gender=Gender.WOMAN)),
        men=Count("pk", filter=Q(gender=Gender.MAN)),
        **{f"role_{value}": Count("pk", filter=Q(role=value)) for value in ParticipantRole.values},
    )
    head_counted = int(figures["head_counted"])
    head_women, head_men = int(figures["women"]), int(figures["men"])
    participants = registered["total"] + head_counted
    women = registered["women"] + head_women
    men = registered["men"] + head_men
    return {
        "year": year,
        "kind": kind,
        "role": role,
        "activities": figures["activities"],
        "participants": participants,
        "registered": registered["total"],
        "head_counted": head_counted,
        "by_gender": {
            "women": women,
            "men": men,
            "other_or_not_stated": participants - women - men,
        },
        "by_role": {
            **{value: registered[f"role_{value}"] for value in ParticipantRole.values},
            NOT_STATED: head_counted,
        },
    }


def managers_trained(*, year: int) -> int:
    """How many managers attended a training in ``year`` ("X chefer har gått utbildning").

    Registered participants with the role manager who attended an activity of
    kind training (a person registered at several trainings counts once), plus
    the managers a training counted without registering them one by one
    (``head_count_managers``).
    """
    trained = Participant.objects.filter(
        attended=True,
        role=ParticipantRole.MANAGER,
        activity__kind=ActivityKind.TRAINING,
        activity__held_on__year=year,
    ).aggregate(
        people=Count("person", distinct=True),
        unlinked=Count("pk", filter=Q(person__isnull=True)),
    )
    counted = Activity.objects.filter(kind=ActivityKind.TRAINING, held_on__year=year).aggregate(
        managers=Sum("head_count_managers")
    )
    return int(trained["people"]) + int(trained["unlinked"]) + int(counted["managers"] or 0)


GENDER_GROUPS = ("women", "men", "other_or_not_stated")


def gender_split_shown(summary: dict[str, Any]) -> dict[str, int | None]:
    """The summary's split by gender as it may be shown: a small group is None (hidden).

    Gender is self-declared and used only in aggregates; a group of fewer than
    ``reports.selectors.MIN_GROUP`` people is hidden, and one more where the
    hidden group could be worked out from the total (the equality analysis' rule).
    """
    values = [summary["by_gender"][group] for group in GENDER_GROUPS]
    total = summary["participants"]
    if 0 < total < report_selectors.MIN_GROUP:
        # The total is shown: with so few people every group (even an empty one) tells too much.
        return dict.fromkeys(GENDER_GROUPS)
    _total, cells = report_selectors.suppress(total=total, values=values)
    return {group: cell.value for group, cell in zip(GENDER_GROUPS, cells, strict=True)}
