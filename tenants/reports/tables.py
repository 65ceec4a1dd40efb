"""Reports as tables (a header and rows): what pages, charts, CSV and Excel all show.

One place turns the selectors' figures into rows, so a page, its chart and
its downloads can never disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tenants.reports import selectors
from tenants.reports.selectors import Cell, Dashboard, EqualityFunnel, SuppressionReason

DASHBOARD_REPORTS = (
    "stages",
    "sources",
    "calls",
    "lead-times",
    "decisions",
    "trials",
    "activities",
)
EQUALITY_REPORT = "equality"
REPORT_NAMES = (*DASHBOARD_REPORTS, EQUALITY_REPORT)


@dataclass(frozen=True)
class Suppressed:
    """A hidden figure of the equality analysis, shown as words wherever the figure would be."""

    reason: str
    min_group: int

    def __str__(self) -> str:
        if self.reason == SuppressionReason.SMALL:
            return _("färre än %(min)s") % {"min": self.min_group}
        return _("dolt")


@dataclass(frozen=True)
class Table:
    """A header and rows; ``totals`` is a last row that sums the others.

    ``chart_column`` names the column a bar chart of the rows shows (None: no
    chart); the first ``label_columns`` columns name a row.
    """

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    totals: tuple[Any, ...] | None = None
    chart_column: int | None = None
    label_columns: int = 1

    @property
    def all_rows(self) -> tuple[tuple[Any, ...], ...]:
        return (*self.rows, self.totals) if self.totals else self.rows


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    description: str
    tables: tuple[Table, ...]


def days(value: float) -> float:
    """Days with one decimal, as every report and the API show them."""
    return round(value, 1)


def period_text(period_from: datetime.date | None, period_to: datetime.date | None) -> str:
    if period_from is None and period_to is None:
        return _("all tid")
    start = date_format(period_from, "Y-m-d") if period_from else "…"
    end = date_format(period_to, "Y-m-d") if period_to else "…"
    return f"{start} – {end}"


def _stages(board: Dashboard) -> Report:
    return Report(
        name="stages",
        title=_("Idéer per steg"),
        description=_(
            "Idéer inlämnade under perioden, efter steget de står i nu. "
            "Diagrammet visar samma siffror som tabellen."
        ),
        tables=(
            Table(
                title=_("Idéer per steg"),
                header=(_("Steg"), _("Idéer")),
                rows=tuple((stage.name, stage.ideas) for stage in board.stages),
                totals=(_("Totalt"), board.ideas_total),
                chart_column=1,
            ),
        ),
    )


def _sources(board: Dashboard) -> Report:
    return Report(
        name="sources",
        title=_("Idéer per källa"),
        description=_(
            "Idéer inlämnade under perioden, efter vem de kommer från. "
            "Diagrammet visar samma siffror som tabellen."
        ),
        tables=(
            Table(
                title=_("Idéer per källa"),
                header=(_("Kommer från"), _("Idéer")),
                rows=tuple((source.label, source.ideas) for source in board.sources),
                totals=(_("Totalt"), board.ideas_total),
                chart_column=1,
            ),
        ),
    )


def _calls(board: Dashboard) -> Report:
    return Report(
        name="calls",
        title=_("Idéer per utlysning"),
        description=_(
            "Idéer inlämnade under perioden, efter utlysningen de svarar på; utlysningar "
            "som var öppna under perioden visas även utan idéer. "
            "Diagrammet visar samma siffror som tabellen."
        ),
        tables=(
            Table(
                title=_("Idéer per utlysning"),
                header=(_("Utlysning"), _("Idéer")),
                rows=tuple((call.title, call.ideas) for call in board.calls),
                totals=(_("Totalt"), board.ideas_total),
                chart_column=1,
            ),
        ),
    )


def _lead_times(board: Dashboard) -> Report:
    return Report(
        name="lead-times",
        title=_("Ledtider mellan steg"),
        description=_(
            "Dagar en idé låg i ett steg innan den flyttades vidare, för flyttar gjorda "
            "under perioden: median och 90:e percentilen. Diagrammet visar medianen."
        ),
        tables=(
            Table(
                title=_("Ledtider mellan steg"),
                header=(
                    _("Från steg"),
                    _("Till steg"),
                    _("Antal flyttar"),
                    _("Median (dagar)"),
                    _("90:e percentilen (dagar)"),
                ),
                rows=tuple(
                    (
                        t.from_stage_name,
                        t.to_stage_name,
                        t.moves,
                        days(t.median_days),
                        days(t.p90_days),
                    )
                    for t in board.lead_times
                ),
                chart_column=3,
                label_columns=2,
            ),
        ),
    )


def _decisions(board: Dashboard) -> Report:
    budget = board.budget
    return Report(
        name="decisions",
        title=_("Beslut i idérådet"),
        description=_(
            "Beslut tagna under perioden och beviljade belopp, och årets budget mot vad "
            "idérådet beviljat under året. Diagrammet visar antalet beslut."
        ),
        tables=(
            Table(
                title=_("Beslut per typ"),
                header=(_("Beslut"), _("Antal"), _("Beviljat (kr)")),
                rows=tuple((d.label, d.decisions, d.granted_sek) for d in board.decisions),
                totals=(_("Totalt"), board.decisions_total, board.granted_sek_total),
                chart_column=1,
            ),
            Table(
                title=_("Budget %(year)s") % {"year": budget.year},
                header=(
                    _("År"),
                    _("Budget (kr)"),
                    _("Beviljat (kr)"),
                    _("Antal beslut"),
                    _("Kvar (kr)"),
                ),
                rows=(
                    (
                        budget.year,
                        budget.budget_sek,
                        budget.granted_sek,
                        budget.decisions,
                        budget.remaining_sek,
                    ),
                ),
            ),
        ),
    )


def _trials(board: Dashboard) -> Report:
    total = board.trials_total
    return Report(
        name="trials",
        title=_("Tester och piloter"),
        description=_(
            "Tester och piloter som pågick någon gång under perioden, efter status nu, och "
            "utvärderingar gjorda under perioden. Diagrammet visar antalet per status."
        ),
        tables=(
            Table(
                title=_("Tester och piloter per status"),
                header=(_("Status"), _("Tester"), _("Piloter"), _("Totalt")),
                rows=tuple((t.label, t.tests, t.pilots, t.total) for t in board.trials),
                totals=(_("Totalt"), total.tests, total.pilots, total.total),
                chart_column=3,
            ),
            Table(
                title=_("Utvärderingar per rekommendation"),
                header=(_("Rekommendation"), _("Utvärderingar")),
                rows=tuple((e.label, e.evaluations) for e in board.evaluations),
            ),
        ),
    )


def _activities(board: Dashboard) -> Report:
    total = board.activities_total
    return Report(
        name="activities",
        title=_("Aktiviteter och deltagare"),
        description=_(
            "Aktiviteter under perioden. Deltagare är aktivitetens deltagarantal där det "
            "angetts, annars de registrerade deltagare som kom. Diagrammet visar deltagarna."
        ),
        tables=(
            Table(
                title=_("Aktiviteter per typ"),
                header=(
                    _("Typ"),
                    _("Aktiviteter"),
                    _("Registrerade som deltog"),
                    _("Deltagarantal"),
                    _("Deltagare"),
                ),
                rows=tuple(
                    (a.label, a.activities, a.attended_participants, a.head_count, a.participants)
                    for a in board.activities
                ),
                totals=(
                    _("Totalt"),
                    total.activities,
                    total.attended_participants,
                    total.head_count,
                    total.participants,
                ),
                chart_column=4,
            ),
            Table(
                title=_("Utbildade chefer"),
                header=(_("Mått"), _("Antal")),
                rows=((_("Chefer som deltagit i en utbildning"), board.managers_trained),),
            ),
        ),
    )


DASHBOARD_BUILDERS: dict[str, Callable[[Dashboard], Report]] = {
    "stages": _stages,
    "sources": _sources,
    "calls": _calls,
    "lead-times": _lead_times,
    "decisions": _decisions,
    "trials": _trials,
    "activities": _activities,
}


def dashboard_reports(board: Dashboard) -> list[Report]:
    return [DASHBOARD_BUILDERS[name](board) for name in DASHBOARD_REPORTS]


def dashboard_report(board: Dashboard, name: str) -> Report:
    return DASHBOARD_BUILDERS[name](board)


def shown(cell: Cell, min_group: int) -> int | Suppressed:
    if cell.suppressed:
        return Suppressed(reason=cell.reason or SuppressionReason.SMALL, min_group=min_group)
    assert cell.value is not None
    return cell.value


def shown_sek(cell: Cell, amount: Decimal | None, min_group: int) -> Decimal | Suppressed:
    if amount is None:
        return Suppressed(reason=cell.reason or SuppressionReason.SMALL, min_group=min_group)
    return amount


def equality_report(funnel: EqualityFunnel) -> Report:
    """One row per group and split, one column per step: the layout a spreadsheet sorts."""
    step_labels = [str(label) for _step, label in selectors.FUNNEL_STEPS]
    funded_at = [step for step, _label in selectors.FUNNEL_STEPS].index(selectors.FunnelStep.FUNDED)
    header = (
        _("Uppdelning"),
        _("Grupp"),
        *step_labels[: funded_at + 1],
        _("Beviljat (kr)"),
        *step_labels[funded_at + 1 :],
    )
    rows = []
    for split, split_label in [
        (funnel.by_gender, _("Kön")),
        (funnel.by_audience, _("Kommer från")),
    ]:
        columns = [*range(len(split.groups)), None]  # None: the total
        for column in columns:
            group = str(split.group_labels[column]) if column is not None else _("Totalt")
            values: list[Any] = []
            for row in split.rows:
                cell = row.total if column is None else row.cells[column]
                values.append(shown(cell, funnel.min_group))
                if row.step == selectors.FunnelStep.FUNDED:
                    amount = row.total_sek if column is None else (row.sek or ())[column]
                    values.append(shown_sek(cell, amount, funnel.min_group))
            rows.append((split_label, group, *values))
    return Report(
        name=EQUALITY_REPORT,
        title=_("Jämställdhetsanalys"),
        description=_(
            "Idéer inlämnade %(period)s efter kön och källa: hur många som coachats, "
            "beslutats, finansierats, testats och införts. Grupper med färre än %(min)s "
            "idéer visas inte."
        )
        % {
            "period": period_text(funnel.period_from, funnel.period_to),
            "min": funnel.min_group,
        },
        tables=(Table(title=_("Jämställdhetsanalys"), header=header, rows=tuple(rows)),),
    )
