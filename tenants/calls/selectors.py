"""Reads on the idea calls (utlysningar) of the current organisation."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from tenants.calls.models import IdeaCall

# Calls open and close by the Swedish calendar, whatever zone a request runs in.
STOCKHOLM = ZoneInfo("Europe/Stockholm")


class CallState(models.TextChoices):
    OPEN = "open", _("Öppen")
    UPCOMING = "upcoming", _("Kommande")
    CLOSED = "closed", _("Stängd")


def today(*, now: datetime.datetime | None = None) -> datetime.date:
    """The date in Sweden now (or at the aware instant ``now``)."""
    return (now or datetime.datetime.now(tz=STOCKHOLM)).astimezone(STOCKHOLM).date()


def call_list(*, state: str | None = None, on: datetime.date | None = None) -> QuerySet[IdeaCall]:
    """Calls, latest opening first, with ``idea_count``, ``state`` and their needs.

    ``state`` (open, upcoming or closed) is relative to ``on``, by default today in Sweden.
    """
    on = on or today()
    calls = (
        IdeaCall.objects.annotate(
            idea_count=Count("ideas"),
            state=Case(
                When(opens_on__gt=on, then=Value(CallState.UPCOMING.value)),
                When(closes_on__lt=on, then=Value(CallState.CLOSED.value)),
                default=Value(CallState.OPEN.value),
                output_field=CharField(),
            ),
        )
        .prefetch_related("needs")
        .order_by("-opens_on", "-pk")
    )
    if state:
        calls = calls.filter(_state_condition(CallState(state), on))
    return calls


def call_get(*, pk: int, on: datetime.date | None = None) -> IdeaCall:
    """One call with ``idea_count``, ``state`` and its needs. Raises ``IdeaCall.DoesNotExist``."""
    return call_list(on=on).get(pk=pk)


def call_state(call: IdeaCall, on: datetime.date | None = None) -> CallState:
    """Whether ``call`` is open, upcoming or closed on ``on`` (default today in Sweden)."""
    on = on or today()
    if call.opens_on > on:
        return CallState.UPCOMING
    if call.closes_on < on:
        return CallState.CLOSED
    return CallState.OPEN


def call_is_open(call: IdeaCall, on: datetime.date | None = None) -> bool:
    """Whether ``call`` takes ideas on ``on`` (default today in Sweden); both ends included."""
    return call_state(call, on) == CallState.OPEN


def calls_open_for(*, audience: str, on: datetime.date | None = None) -> QuerySet[IdeaCall]:
    """Calls open today for ``audience`` (an ``Audience`` value), closing soonest first."""
    return (
        call_list(state=CallState.OPEN, on=on)
        .filter(audiences__contains=[audience])
        .order_by("closes_on", "pk")
    )


def _state_condition(state: CallState, on: datetime.date) -> Q:
    if state == CallState.UPCOMING:
        return Q(opens_on__gt=on)
    if state == CallState.CLOSED:
        return Q(closes_on__lt=on)
    return Q(opens_on__lte=on, closes_on__gte=on)
