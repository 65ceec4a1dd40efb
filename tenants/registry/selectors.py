"""The register (diarium): every registered idea and decision of a period, in number order."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.reports.tables import Report, Table


@dataclass(frozen=True)
class Entry:
    """One line of the register."""

    number: str
    series: str
    registered_on: datetime.date
    title: str
    what: str
    concerns: str
    amount_sek: Decimal | None


def series_names() -> dict[str, str]:
    """Each series of ``services.SERIES_PREFIXES`` by its readable name."""
    return {
        "idea": _("Idé"),
        "decision": _("Idérådets beslut"),
        "partner-pilot-decision": _("Beslut om gemensam pilot"),
    }


def register_entries(*, period_from: datetime.date, period_to: datetime.date) -> list[Entry]:
    """Everything registered from ``period_from`` to ``period_to`` (both included), by series."""
    from tenants.council.models import Decision
    from tenants.ideas.models import Idea
    from tenants.jointpilots.models import PartnerDecision

    names = series_names()
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(period_from, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        period_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    ideas = (
        Idea.objects.filter(created_at__gte=start, created_at__lt=end)
        .select_related("stage")
        .order_by("registration_year", "registration_sequence")
    )
    entries = [
        Entry(
            number=idea.registration_number,
            series=names["idea"],
            registered_on=timezone.localdate(idea.created_at),
            title=idea.title,
            what=f"{idea.get_audience_display()} · {idea.stage.name}",
            concerns="",
            amount_sek=None,
        )
        for idea in ideas
    ]
    decisions = (
        Decision.objects.filter(decided_on__gte=period_from, decided_on__lte=period_to)
        .select_related("idea")
        .order_by("registration_year", "registration_sequence")
    )
    entries += [
        Entry(
            number=decision.registration_number,
            series=names["decision"],
            registered_on=decision.decided_on,
            title=decision.idea.title,
            what=decision.get_kind_display(),
            concerns=decision.idea.registration_number,
            amount_sek=decision.amount_granted_sek,
        )
        for decision in decisions
    ]
    partner_decisions = PartnerDecision.objects.filter(
        decided_on__gte=period_from, decided_on__lte=period_to
    ).order_by("decided_on", "pk")
    entries += [
        Entry(
            number=decision.registration_number,
            series=names["partner-pilot-decision"],
            registered_on=decision.decided_on,
            title=decision.pilot_title,
            what=_("Deltar") if decision.takes_part else _("Deltar inte"),
            concerns=decision.external_reference,
            amount_sek=decision.committed_sek,
        )
        for decision in partner_decisions
    ]
    return entries


def register_report(*, period_from: datetime.date, period_to: datetime.date) -> Report:
    """The register of a period as a report: one table, for CSV and Excel downloads."""
    entries = register_entries(period_from=period_from, period_to=period_to)
    return Report(
        name="diarium",
        title=_("Diarium"),
        description=_("Registrerade idéer och beslut, i nummerordning per serie."),
        tables=(
            Table(
                title=_("Diarium"),
                header=(
                    _("Diarienummer"),
                    _("Serie"),
                    _("Registrerad"),
                    _("Ärende"),
                    _("Avser"),
                    _("Hör till"),
                    _("Belopp (kr)"),
                ),
                rows=tuple(
                    (
                        entry.number,
                        entry.series,
                        entry.registered_on,
                        entry.title,
                        entry.what,
                        entry.concerns,
                        entry.amount_sek,
                    )
                    for entry in entries
                ),
            ),
        ),
    )
