"""The national figures as tables: what pages, charts, CSV, Excel and the API all show.

Built from ``selectors`` only (public tables). Every table names organisations
only where they agreed, and shows the equality funnel suppressed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from network.figures import dimensions as d
from network.figures import selectors
from network.figures.selectors import Headline, Scope
from shared.core import geography
from shared.core.suppression import MIN_GROUP, Cell
from tenants.reports.tables import Report, Suppressed, Table

REPORT_NAMES = (
    "headline",
    "funnel",
    "sources",
    "decisions",
    "trials",
    "lead-times",
    "spread",
    "activities",
    "equality",
    "trend",
    "organisations",
    "counties",
)

STEP_LABELS = {
    "submitted": gettext_lazy("Inkomna"),
    "coached": gettext_lazy("Coachade"),
    "decided": gettext_lazy("Beslutade i idérådet"),
    "funded": gettext_lazy("Finansierade"),
    "tested": gettext_lazy("Testade"),
    "implemented": gettext_lazy("Införda"),
}


def _labels() -> dict[str, dict[str, str]]:
    # Built per call, so each request gets its own language.
    return {
        "audience": {
            "staff": _("Medarbetare"),
            "citizen": _("Invånare"),
            "business": _("Näringsliv"),
            "association": _("Föreningsliv"),
        },
        "gender": {
            "woman": _("Kvinna"),
            "man": _("Man"),
            "other": _("Annat"),
            d.NOT_STATED: _("Ej angivet"),
        },
        "decision": {
            "fund_test": _("Finansiera test"),
            "broaden": _("Bredda"),
            "pilot": _("Genomföra pilot"),
            "implement": _("Införa"),
            "decline": _("Avslå"),
            "park": _("Parkera"),
        },
        "status": {
            "planned": _("Planerad"),
            "running": _("Pågår"),
            "completed": _("Genomförd"),
            "stopped": _("Avbruten"),
        },
        "recommendation": {"implement": _("Inför"), "adjust": _("Justera"), "stop": _("Avsluta")},
        "activity": {
            "workshop": _("Idéworkshop"),
            "training": _("Utbildning"),
            "meeting": _("Nätverksmöte"),
            "other": _("Annat"),
        },
        "stage": {
            "received": _("Inkommen"),
            "screening": _("Beredning"),
            "refinement": _("Förädling"),
            "test": _("Test"),
            "evaluation": _("Utvärdering"),
            "implemented": _("Införd/spridd"),
        },
    }


def scope_text(scope: Scope) -> str:
    parts = [
        _("Hela landet")
        if scope.is_national
        else geography.counties()[scope.area].name
        if scope.area in geography.counties()
        else scope.area
    ]
    if scope.month_from or scope.month_to:
        start = date_format(scope.month_from, "F Y") if scope.month_from else "…"
        end = date_format(scope.month_to, "F Y") if scope.month_to else "…"
        parts.append(f"{start} – {end}")
    else:
        parts.append(_("all tid"))
    if scope.kind:
        parts.append(str(dict(selectors.OrganizationKind.choices)[scope.kind]))
    if scope.band:
        parts.append(band_label(scope.band))
    if scope.organization_id is not None:
        organization = selectors.organizations(scope).first()
        if organization is not None:
            parts.insert(0, organization.name)
    return ", ".join(parts)


def band_label(band: str) -> str:
    return {
        "lt10k": _("Under 10 000 invånare"),
        "10k": _("10 000–24 999 invånare"),
        "25k": _("25 000–49 999 invånare"),
        "50k": _("50 000–99 999 invånare"),
        "100k": _("100 000 invånare eller fler"),
    }[band]


def _share(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"


def headline_rows(headline: Headline) -> tuple[tuple[Any, ...], ...]:
    return (
        (_("Inkomna idéer"), headline.ideas_received),
        (_("Testade idéer"), headline.ideas_tested),
        (_("Andel testade"), _share(headline.share_tested)),
        (_("Införda idéer"), headline.ideas_implemented),
        (_("Andel införda"), _share(headline.share_implemented)),
        (_("Beslut i idéråden"), headline.decisions),
        (_("Beviljat (kr)"), headline.granted_sek),
        (_("Idéer och metoder tagna från andra (återanvändning)"), headline.adoptions),
        (_("Medundertecknade behov"), headline.cosignatures),
        (_("Aktiviteter"), headline.activities),
        (_("Deltagare i aktiviteter"), headline.participants),
        (_("Utbildade chefer"), headline.managers_trained),
    )


def _headline(scope: Scope) -> Report:
    return Report(
        name="headline",
        title=_("Nyckeltal"),
        description=_("Det en finansiär frågar efter, för perioden och urvalet."),
        tables=(
            Table(
                title=_("Nyckeltal"),
                header=(_("Nyckeltal"), _("Värde")),
                rows=headline_rows(selectors.headline(scope)),
            ),
        ),
    )


def _figures(scope: Scope, *dimensions: str) -> selectors.Figures:
    return selectors.totals(scope, dimensions)


def _value(figures: selectors.Figures, dimension: str, key: str = "", group: str = "") -> int:
    return figures.get((dimension, key, group), (0, Decimal(0)))[0]


def _funnel(scope: Scope) -> Report:
    figures = _figures(scope, d.FUNNEL)
    submitted = _value(figures, d.FUNNEL, "submitted")
    rows = tuple(
        (
            STEP_LABELS[step],
            _value(figures, d.FUNNEL, step),
            _share(_value(figures, d.FUNNEL, step) / submitted if submitted else None),
        )
        for step in d.FUNNEL_STEPS
    )
    return Report(
        name="funnel",
        title=_("Från inkommen till införd"),
        description=_(
            "Idéer inkomna under perioden och hur många av dem som hittills nått varje steg. "
            "Diagrammet visar samma siffror som tabellen."
        ),
        tables=(
            Table(
                title=_("Från inkommen till införd"),
                header=(_("Steg"), _("Idéer"), _("Andel av inkomna")),
                rows=rows,
                chart_column=1,
            ),
        ),
    )


def _sources(scope: Scope) -> Report:
    figures = _figures(scope, d.IDEAS_AUDIENCE, d.IDEAS_INFLOW, d.IDEAS_RECEIVED)
    labels = _labels()["audience"]
    total = _value(figures, d.IDEAS_RECEIVED)
    return Report(
        name="sources",
        title=_("Var idéerna kommer ifrån"),
        description=_("Inkomna idéer efter avsändare, och efter utlysning eller öppet inflöde."),
        tables=(
            Table(
                title=_("Inkomna idéer efter avsändare"),
                header=(_("Kommer från"), _("Idéer")),
                rows=tuple(
                    (label, _value(figures, d.IDEAS_AUDIENCE, key)) for key, label in labels.items()
                ),
                totals=(_("Totalt"), total),
                chart_column=1,
            ),
            Table(
                title=_("Utlysning eller öppet inflöde"),
                header=(_("Inflöde"), _("Idéer")),
                rows=(
                    (_("Svar på en utlysning"), _value(figures, d.IDEAS_INFLOW, d.INFLOW_CALL)),
                    (_("Öppet inflöde"), _value(figures, d.IDEAS_INFLOW, d.INFLOW_OPEN)),
                ),
                totals=(_("Totalt"), total),
            ),
        ),
    )


def _decisions(scope: Scope) -> Report:
    figures = _figures(scope, d.DECISIONS)
    labels = _labels()["decision"]
    rows = tuple(
        (label, *figures.get((d.DECISIONS, key, ""), (0, Decimal("0.00"))))
        for key, label in labels.items()
    )
    return Report(
        name="decisions",
        title=_("Beslut och beviljade belopp"),
        description=_("Idérådens beslut under perioden efter typ, med beviljat belopp."),
        tables=(
            Table(
                title=_("Beslut och beviljade belopp"),
                header=(_("Beslut"), _("Antal"), _("Beviljat (kr)")),
                rows=rows,
                totals=(
                    _("Totalt"),
                    sum(row[1] for row in rows),
                    sum((row[2] for row in rows), Decimal("0.00")),
                ),
                chart_column=1,
            ),
        ),
    )


def _trials(scope: Scope) -> Report:
    figures = _figures(scope, d.TRIALS, d.EVALUATIONS)
    labels = _labels()
    rows = tuple(
        (
            label,
            _value(figures, d.TRIALS, key, "test"),
            _value(figures, d.TRIALS, key, "pilot"),
        )
        for key, label in labels["status"].items()
    )
    return Report(
        name="trials",
        title=_("Tester, piloter och utfall"),
        description=_(
            "Tester och piloter som startade under perioden efter status i dag, "
            "och utvärderingarnas rekommendationer."
        ),
        tables=(
            Table(
                title=_("Tester och piloter"),
                header=(_("Status"), _("Tester"), _("Piloter")),
                rows=rows,
                totals=(_("Totalt"), sum(r[1] for r in rows), sum(r[2] for r in rows)),
            ),
            Table(
                title=_("Utvärderingar efter rekommendation"),
                header=(_("Rekommendation"), _("Utvärderingar")),
                rows=tuple(
                    (label, _value(figures, d.EVALUATIONS, key))
                    for key, label in labels["recommendation"].items()
                ),
                chart_column=1,
            ),
        ),
    )


def _lead_times(scope: Scope) -> Report:
    labels = _labels()["stage"]
    return Report(
        name="lead-times",
        title=_("Ledtider"),
        description=_(
            "Dagar i varje steg innan idén gick vidare, för flyttar under perioden: "
            "median och 90:e percentil i hela dagar."
        ),
        tables=(
            Table(
                title=_("Ledtider"),
                header=(_("Steg"), _("Flyttar"), _("Median (dagar)"), _("90:e percentil (dagar)")),
                rows=tuple(
                    (labels.get(lt.stage_key, lt.stage_key), lt.moves, lt.median_days, lt.p90_days)
                    for lt in selectors.lead_times(scope)
                ),
                chart_column=2,
            ),
        ),
    )


def _spread(scope: Scope) -> Report:
    figures = _figures(
        scope,
        d.PUBLISHED,
        d.ADOPTIONS_MADE,
        d.ADOPTED_BY_OTHERS,
        d.COSIGNATURES_GIVEN,
        d.JOINT_PILOTS,
    )

    def total(dimension: str) -> int:
        return sum(v for (dim, _k, _g), (v, _s) in figures.items() if dim == dimension)

    return Report(
        name="spread",
        title=_("Spridning i nätverket"),
        description=_("Publiceringar, adoptioner, medundertecknade behov och gemensamma piloter."),
        tables=(
            Table(
                title=_("Spridning i nätverket"),
                header=(_("Mått"), _("Antal")),
                rows=(
                    (_("Publicerat i nätverket"), total(d.PUBLISHED)),
                    (_("Adoptioner (tagna från en annan organisation)"), total(d.ADOPTIONS_MADE)),
                    (_("Medunderskrifter av andras behov"), total(d.COSIGNATURES_GIVEN)),
                    (
                        _("Gemensamma piloter som startats"),
                        _value(figures, d.JOINT_PILOTS, "owner"),
                    ),
                    (
                        _("Deltaganden i andras gemensamma piloter"),
                        _value(figures, d.JOINT_PILOTS, "participant"),
                    ),
                ),
                chart_column=1,
            ),
        ),
    )


def _activities(scope: Scope) -> Report:
    figures = _figures(scope, d.ACTIVITIES, d.PARTICIPANTS, d.MANAGERS_TRAINED)
    labels = _labels()["activity"]
    rows = tuple(
        (label, _value(figures, d.ACTIVITIES, key), _value(figures, d.PARTICIPANTS, key))
        for key, label in labels.items()
    )
    return Report(
        name="activities",
        title=_("Aktiviteter och utbildade chefer"),
        description=_(
            "Aktiviteter under perioden med deltagare. Utbildade chefer räknas per "
            "organisation och månad: en chef som gått två utbildningar olika månader "
            "räknas två gånger."
        ),
        tables=(
            Table(
                title=_("Aktiviteter"),
                header=(_("Typ"), _("Aktiviteter"), _("Deltagare")),
                rows=rows,
                totals=(_("Totalt"), sum(r[1] for r in rows), sum(r[2] for r in rows)),
                chart_column=1,
            ),
            Table(
                title=_("Utbildade chefer"),
                header=(_("Mått"), _("Antal")),
                rows=((_("Chefer som gått en utbildning"), _value(figures, d.MANAGERS_TRAINED)),),
            ),
        ),
    )


def shown(cell: Cell) -> int | Suppressed:
    if cell.suppressed:
        return Suppressed(reason=cell.reason or "small", min_group=MIN_GROUP)
    assert cell.value is not None
    return cell.value


def _equality(scope: Scope) -> Report:
    labels = _labels()
    rows = []
    for split in selectors.equality(scope):
        split_label = _("Kön") if split.dimension == "gender" else _("Kommer från")
        names = labels[split.dimension]
        for column, group in enumerate(split.groups):
            rows.append(
                (split_label, names[group], *(shown(row.cells[column]) for row in split.rows))
            )
        rows.append((split_label, _("Totalt"), *(shown(row.total) for row in split.rows)))
    return Report(
        name="equality",
        title=_("Jämställdhetsanalys"),
        description=_(
            "Vems idéer som kommer in, coachas, beslutas, finansieras, testas och införs, efter "
            "självuppgivet kön och avsändare. Grupper med färre än %(min)s idéer visas inte, och "
            "inte heller en cell som annars kunde räknas fram ur summan."
        )
        % {"min": MIN_GROUP},
        tables=(
            Table(
                title=_("Jämställdhetsanalys"),
                header=(
                    _("Uppdelning"),
                    _("Grupp"),
                    *(str(STEP_LABELS[step]) for step in d.FUNNEL_STEPS),
                ),
                rows=tuple(rows),
                label_columns=2,
            ),
        ),
    )


def _trend(scope: Scope) -> Report:
    received = {m: v for m, v, _s in selectors.monthly(scope, d.IDEAS_RECEIVED, "")}
    implemented = {m: v for m, v, _s in selectors.monthly(scope, d.IDEAS_IMPLEMENTED, "")}
    decisions = {m: (v, s) for m, v, s in selectors.monthly(scope, d.DECISIONS)}
    months = sorted(received.keys() | implemented.keys() | decisions.keys())
    return Report(
        name="trend",
        title=_("Månad för månad"),
        description=_("Inkomna idéer, införda idéer, beslut och beviljat belopp per månad."),
        tables=(
            Table(
                title=_("Månad för månad"),
                header=(
                    _("Månad"),
                    _("Inkomna idéer"),
                    _("Införda idéer"),
                    _("Beslut"),
                    _("Beviljat (kr)"),
                ),
                rows=tuple(
                    (
                        month.strftime("%Y-%m"),
                        received.get(month, 0),
                        implemented.get(month, 0),
                        decisions.get(month, (0, Decimal("0.00")))[0],
                        decisions.get(month, (0, Decimal("0.00")))[1],
                    )
                    for month in months
                ),
                chart_column=1,
            ),
        ),
    )


def _organisations(scope: Scope) -> Report:
    found = selectors.organization_table(scope)
    header = (
        _("Organisation"),
        _("Inkomna idéer"),
        _("Testade"),
        _("Införda"),
        _("Beviljat (kr)"),
        _("Adoptioner"),
        _("Utbildade chefer"),
    )

    def row(label: str, h: Headline) -> tuple[Any, ...]:
        return (
            label,
            h.ideas_received,
            h.ideas_tested,
            h.ideas_implemented,
            h.granted_sek,
            h.adoptions,
            h.managers_trained,
        )

    rows = [row(o.name, o.headline) for o in found.named]
    if found.unnamed is not None:
        rows.append(
            row(
                _("Övriga organisationer (%(n)s st, utan namn)") % {"n": found.unnamed_count},
                found.unnamed,
            )
        )
    description = _("Organisationer som gått med på att visas med namn.")
    if found.unnamed_count:
        description += " " + _("%(n)s organisationer har valt att bara räknas i summan.") % {
            "n": found.unnamed_count
        }
    return Report(
        name="organisations",
        title=_("Per organisation"),
        description=description,
        tables=(
            Table(
                title=_("Per organisation"),
                header=header,
                rows=tuple(rows),
                totals=row(_("Totalt"), found.total),
            ),
        ),
    )


MAP_FIGURES: dict[str, tuple[str, str, str]] = {
    # name: (dimension, key, group)
    "ideas": (d.IDEAS_RECEIVED, "", ""),
    "tested": (d.FUNNEL, "tested", ""),
    "implemented": (d.IDEAS_IMPLEMENTED, "", ""),
    "managers": (d.MANAGERS_TRAINED, "", ""),
}


def map_figure_label(name: str) -> str:
    return {
        "ideas": _("Inkomna idéer"),
        "tested": _("Testade idéer"),
        "implemented": _("Införda idéer"),
        "managers": _("Utbildade chefer"),
    }[name]


def _counties(scope: Scope, figure: str = "ideas") -> Report:
    dimension, key, group = MAP_FIGURES[figure]
    values = selectors.by_county(scope, dimension, key, group)
    counties = geography.counties()
    return Report(
        name="counties",
        title=_("Per län: %(figure)s") % {"figure": map_figure_label(figure)},
        description=_("Samma siffror som kartan, län för län."),
        tables=(
            Table(
                title=_("Per län: %(figure)s") % {"figure": map_figure_label(figure)},
                header=(_("Län"), map_figure_label(figure)),
                rows=tuple((counties[code].name, value) for code, value in values.items()),
                totals=(_("Totalt"), sum(values.values())),
                chart_column=1,
            ),
        ),
    )


BUILDERS: dict[str, Any] = {
    "headline": _headline,
    "funnel": _funnel,
    "sources": _sources,
    "decisions": _decisions,
    "trials": _trials,
    "lead-times": _lead_times,
    "spread": _spread,
    "activities": _activities,
    "equality": _equality,
    "trend": _trend,
    "organisations": _organisations,
    "counties": _counties,
}


def report_counties(scope: Scope, figure: str) -> Report:
    if figure not in MAP_FIGURES:
        figure = "ideas"
    return _counties(scope, figure)


def report(name: str, scope: Scope) -> Report:
    return BUILDERS[name](scope)
