"""Writes on idea calls (utlysningar)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shared.accounts.models import Person
from tenants.audit.services import audit_event_record, snapshot
from tenants.calls import selectors
from tenants.calls.models import IdeaCall
from tenants.contacts.models import Audience
from tenants.needs.models import Need

DATES_IN_WRONG_ORDER = gettext_lazy("Sista dagen kan inte vara före den dag utlysningen öppnar.")
UPDATABLE_FIELDS = frozenset({"title", "problem", "audiences", "opens_on", "closes_on", "needs"})
# What the audit log keeps of a call.
AUDITED_FIELDS = ["title", "problem", "audiences", "opens_on", "closes_on", "needs"]


@transaction.atomic
def call_create(
    *,
    title: str,
    problem: str,
    audiences: Iterable[str],
    opens_on: datetime.date,
    closes_on: datetime.date,
    needs: Iterable[Need] = (),
    by: Person | None,
) -> IdeaCall:
    """Open a call for ideas on a problem, for some audiences, between two dates (both included)."""
    values = _validated(
        title=title, problem=problem, audiences=audiences, opens_on=opens_on, closes_on=closes_on
    )
    call = IdeaCall.objects.create(**values, created_by=by if getattr(by, "pk", None) else None)
    call.needs.set(list(needs))
    audit_event_record(
        actor=by, action="call.created", obj=call, after=snapshot(call, AUDITED_FIELDS)
    )
    return call


@transaction.atomic
def call_update(*, call: IdeaCall, by: Person | None, **fields: Any) -> IdeaCall:
    """Change a call's title, problem, audiences, dates or needs."""
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"call_update() cannot change {', '.join(sorted(unknown))}")
    before = snapshot(call, AUDITED_FIELDS)
    needs = fields.pop("needs", None)
    current = {
        name: getattr(call, name)
        for name in ("title", "problem", "audiences", "opens_on", "closes_on")
    }
    values = _validated(**{**current, **fields})
    changed = [name for name, value in values.items() if value != current[name]]
    for name in changed:
        setattr(call, name, values[name])
    if changed:
        call.save(update_fields=changed)
    if needs is not None:
        call.needs.set(list(needs))
    after = snapshot(call, AUDITED_FIELDS)
    # The changed fields only, each with what it was and what it became.
    changed = [name for name in AUDITED_FIELDS if after[name] != before[name]]
    if changed:
        audit_event_record(
            actor=by,
            action="call.updated",
            obj=call,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return call


@transaction.atomic
def call_close_now(*, call: IdeaCall, by: Person | None) -> IdeaCall:
    """Close an open call: its last day becomes yesterday, so it takes no more ideas from now."""
    today = selectors.today()
    state = selectors.call_state(call, today)
    if state == selectors.CallState.CLOSED:
        raise ValidationError(_("Utlysningen är redan stängd."))
    if state == selectors.CallState.UPCOMING:
        raise ValidationError(
            _("Utlysningen har inte öppnat än. Ändra datumen i stället för att stänga den.")
        )
    before = snapshot(call, ["opens_on", "closes_on"])
    yesterday = today - datetime.timedelta(days=1)
    call.closes_on = yesterday
    # A call that opened today must still close on or after it opened (a database
    # constraint); it then counts as open yesterday, which is the smaller untruth.
    call.opens_on = min(call.opens_on, yesterday)
    call.save(update_fields=["opens_on", "closes_on"])
    audit_event_record(
        actor=by,
        action="call.closed",
        obj=call,
        before=before,
        after=snapshot(call, ["opens_on", "closes_on"]),
    )
    return call


def _validated(
    *,
    title: str,
    problem: str,
    audiences: Iterable[str],
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    title, problem = title.strip(), problem.strip()
    if not title:
        errors["title"] = [_("Ange en rubrik.")]
    elif len(title) > 200:
        errors["title"] = [_("Rubriken får vara högst 200 tecken.")]
    if not problem:
        errors["problem"] = [_("Beskriv problemet eller behovet som utlysningen gäller.")]
    chosen = set(audiences)
    if not chosen:
        errors["audiences"] = [_("Välj minst en målgrupp.")]
    elif not chosen <= set(Audience.values):
        errors["audiences"] = [_("Välj målgrupper bland alternativen.")]
    if opens_on is None:
        errors["opens_on"] = [_("Ange när utlysningen öppnar.")]
    if closes_on is None:
        errors["closes_on"] = [_("Ange sista dagen för idéer.")]
    elif opens_on is not None and closes_on < opens_on:
        errors["closes_on"] = [str(DATES_IN_WRONG_ORDER)]
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "problem": problem,
        # In the order of the choices, so an unchanged set compares equal.
        "audiences": [value for value in Audience.values if value in chosen],
        "opens_on": opens_on,
        "closes_on": closes_on,
    }
