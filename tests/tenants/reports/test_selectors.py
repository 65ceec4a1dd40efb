"""Report figures: each equals a recount in Python over the rows they were computed from."""

from __future__ import annotations

import datetime
import itertools
import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenants.reports import selectors
from tenants.reports.selectors import Cell, SuppressionReason
from tests.tenants.reports import make
from tests.tenants.reports.make import IdeaSpec, at

pytestmark = pytest.mark.django_db

YEAR = 2025
JAN_1 = datetime.date(YEAR, 1, 1)
# The equality analysis looks at part of the year; the dashboard at all of it.
FUNNEL_FROM = datetime.date(YEAR, 2, 1)
FUNNEL_TO = datetime.date(YEAR, 11, 30)
STAGE_KEYS = [
    "received",
    "screening",
    "refinement",
    "test",
    "evaluation",
    "implemented",
    "declined",
    "parked",
]
GENDERS = ["woman", "man", "other", ""]
AUDIENCES = ["staff", "citizen", "business", "association"]
DECISION_KINDS = ["fund_test", "broaden", "pilot", "implement", "decline", "park"]
FUNDING = {"fund_test", "broaden", "pilot", "implement"}
TRIAL_STATUSES = ["planned", "running", "completed", "stopped"]
RECOMMENDATIONS = ["implement", "adjust", "stop"]
ACTIVITY_KINDS = ["workshop", "training", "meeting", "other"]
ROLES = ["manager", "staff", "citizen"]


# --- The world a test draws: ideas and everything said about them ----------------------

# Around the year, so that every period has rows just inside and just outside it.
days = st.integers(min_value=-40, max_value=400)
times_of_day = st.sampled_from([(0, 0, 0), (0, 30, 0), (12, 0, 0), (23, 59, 59)])


@dataclass
class DrawnIdea:
    spec: IdeaSpec
    coached: int
    decisions: list[tuple[str, Decimal, datetime.date]]
    trials: list[dict[str, Any]]


def day(offset: int) -> datetime.date:
    return JAN_1 + datetime.timedelta(days=offset)


@st.composite
def drawn_ideas(draw: Any) -> DrawnIdea:
    created = at(day(draw(days)), *draw(times_of_day))
    moves, moved_at = [], created
    for key in draw(st.lists(st.sampled_from(STAGE_KEYS[1:]), max_size=3)):
        moved_at += datetime.timedelta(hours=draw(st.integers(1, 2000)))
        moves.append((key, moved_at))
    spec = IdeaSpec(
        created_at=created,
        stage=moves[-1][0] if moves else "received",
        audience=draw(st.sampled_from(AUDIENCES)),
        gender=draw(st.sampled_from(GENDERS)),
        moves=moves,
    )
    decisions = draw(
        st.lists(
            st.tuples(
                st.sampled_from(DECISION_KINDS),
                st.sampled_from([Decimal(0), Decimal(1000), Decimal("12345.50")]),
                days.map(day),
            ).map(
                # Declining or parking grants nothing (a database constraint).
                lambda d: (d[0], Decimal(0), d[2]) if d[0] in ("decline", "park") else d
            ),
            max_size=2,
        )
    )
    trials = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "kind": st.sampled_from(["test", "pilot"]),
                    "status": st.sampled_from(TRIAL_STATUSES),
                    "starts_on": days.map(day),
                    "length": st.integers(0, 120),
                    "recommendation": st.sampled_from([None, *RECOMMENDATIONS]),
                }
            ),
            max_size=2,
        )
    )
    return DrawnIdea(spec=spec, coached=draw(st.integers(0, 2)), decisions=decisions, trials=trials)


activities = st.lists(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(ACTIVITY_KINDS),
            "held_on": days.map(day),
            "head_count": st.sampled_from([None, 0, 12]),
            # (role, attended, which person: None, 0 or 1)
            "participants": st.lists(
                st.tuples(
                    st.sampled_from(ROLES),
                    st.booleans(),
                    st.sampled_from([None, 0, 1]),
                ),
                max_size=4,
            ),
        }
    ),
    max_size=5,
)


@dataclass
class World:
    ideas: list[DrawnIdea]
    calls: list[str | None]  # per idea: None, "open" (this year) or "old" (two years ago)
    activities: list[dict[str, Any]]
    budget: int | None


worlds = st.builds(
    World,
    ideas=st.lists(drawn_ideas(), max_size=35),
    calls=st.lists(st.sampled_from([None, "open", "old"]), min_size=35, max_size=35),
    activities=activities,
    budget=st.sampled_from([None, 0, 50_000]),
)


def store(world: World, people: list[Any]) -> dict[str, Any]:
    """Write ``world`` to the current schema; return the calls made."""
    make.clear()
    calls = {
        "open": make.call("Öppen utlysning", JAN_1, day(60)),
        "old": make.call("Gammal utlysning", datetime.date(YEAR - 2, 3, 1), day(-600)),
    }
    for drawn, which in zip(world.ideas, world.calls, strict=False):
        drawn.spec.call = calls[which] if which else None
    stored = make.ideas([drawn.spec for drawn in world.ideas], submitted_by=people[0])
    for idea, drawn in zip(stored, world.ideas, strict=True):
        make.coach_assignments(idea, drawn.coached, coach=people[1])
        for kind, amount, decided_on in drawn.decisions:
            make.decision(idea, kind, amount, decided_on)
        for t in drawn.trials:
            ends_on = t["starts_on"] + datetime.timedelta(days=t["length"])
            make.trial(
                idea,
                kind=t["kind"],
                status=t["status"],
                starts_on=t["starts_on"],
                ends_on=ends_on,
                recommendation=t["recommendation"],
                evaluated_on=ends_on,
            )
    for a in world.activities:
        make.activity(
            a["kind"],
            a["held_on"],
            head_count=a["head_count"],
            participants=[
                (role, attended, None if who is None else people[who])
                for role, attended, who in a["participants"]
            ],
        )
    if world.budget is not None:
        make.budget(YEAR, world.budget)
    return calls


# --- Recounts --------------------------------------------------------------------------


def local_day(instant: datetime.datetime) -> datetime.date:
    from django.utils import timezone

    return timezone.localtime(instant).date()


def within(d: datetime.date, first: datetime.date, last: datetime.date) -> bool:
    return first <= d <= last


def percentile_cont(values: list[float], share: float) -> float:
    """PostgreSQL's percentile_cont: linear interpolation between the closest ranks."""
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def expected_dashboard(world: World, calls: dict[str, Any]) -> dict[str, Any]:
    first, last = JAN_1, datetime.date(YEAR, 12, 31)
    in_year = [d for d in world.ideas if within(local_day(d.spec.created_at), first, last)]
    pairs: dict[tuple[str, str], list[float]] = defaultdict(list)
    for d in world.ideas:
        history = [("received", d.spec.created_at), *d.spec.moves]
        for (before, since), (after, moved_at) in itertools.pairwise(history):
            if within(local_day(moved_at), first, last):
                # In UTC: Python subtracts datetimes of one zone by the wall clock, across DST too.
                elapsed = moved_at.astimezone(datetime.UTC) - since.astimezone(datetime.UTC)
                pairs[(before, after)].append(elapsed.total_seconds() / 86400)
    decisions = [x for d in world.ideas for x in d.decisions if x[2].year == YEAR]
    trials = [
        t
        for d in world.ideas
        for t in d.trials
        if t["starts_on"] <= last and t["starts_on"] + datetime.timedelta(t["length"]) >= first
    ]
    evaluations = Counter(
        t["recommendation"]
        for d in world.ideas
        for t in d.trials
        if t["recommendation"] and (t["starts_on"] + datetime.timedelta(t["length"])).year == YEAR
    )
    held = [a for a in world.activities if a["held_on"].year == YEAR]
    by_kind = {}
    for kind in [*ACTIVITY_KINDS, None]:
        these = [a for a in held if kind is None or a["kind"] == kind]
        attended = [sum(1 for _r, came, _w in a["participants"] if came) for a in these]
        by_kind[kind] = (
            len(these),
            sum(attended),
            sum(a["head_count"] or 0 for a in these),
            sum(
                a["head_count"] if a["head_count"] is not None else n
                for a, n in zip(these, attended, strict=True)
            ),
        )
    managers = set()
    for n, a in enumerate(held):
        for m, (role, came, who) in enumerate(a["participants"]):
            if a["kind"] == "training" and role == "manager" and came:
                managers.add(("person", who) if who is not None else ("row", n, m))
    granted = sum((x[1] for x in decisions), Decimal(0))
    return {
        "total": len(in_year),
        "stages": Counter(d.spec.stage for d in in_year),
        "sources": Counter(d.spec.audience for d in in_year),
        "calls": Counter(d.spec.call.pk if d.spec.call else None for d in in_year),
        "lead_times": {
            key: (len(v), percentile_cont(v, 0.5), percentile_cont(v, 0.9))
            for key, v in pairs.items()
        },
        "decisions": {
            kind: (
                sum(1 for x in decisions if x[0] == kind),
                sum((x[1] for x in decisions if x[0] == kind), Decimal(0)),
            )
            for kind in DECISION_KINDS
        },
        "decisions_total": len(decisions),
        "granted": granted,
        "budget": None if world.budget is None else Decimal(world.budget),
        "remaining": None if world.budget is None else Decimal(world.budget) - granted,
        "trials": {
            status: (
                sum(1 for t in trials if t["status"] == status and t["kind"] == "test"),
                sum(1 for t in trials if t["status"] == status and t["kind"] == "pilot"),
            )
            for status in TRIAL_STATUSES
        },
        "trials_total": len(trials),
        "evaluations": evaluations,
        "activities": by_kind,
        "managers": len(managers),
    }


def expected_funnel(world: World) -> dict[str, dict[Any, dict[str, Any]]]:
    """Raw figures (before suppression) per split, group (None: total) and step."""
    cohort = [
        d for d in world.ideas if within(local_day(d.spec.created_at), FUNNEL_FROM, FUNNEL_TO)
    ]
    figures: dict[str, dict[Any, dict[str, Any]]] = {}
    for dimension, attribute, groups in [
        ("gender", "gender", GENDERS),
        ("audience", "audience", AUDIENCES),
    ]:
        by_group: dict[Any, dict[str, Any]] = {}
        for group in [*groups, None]:
            these = [d for d in cohort if group is None or getattr(d.spec, attribute) == group]
            by_group[group] = funnel_figures(these)
            # A figure is hidden too when its group was small in any month of the period.
            months = {local_day(d.spec.created_at).replace(day=1) for d in these}
            by_month = [
                funnel_figures(
                    [d for d in these if local_day(d.spec.created_at).replace(day=1) == month]
                )
                for month in months
            ]
            by_group[group]["small_within"] = {
                step for step in by_group[group] for m in by_month if 0 < m[step] < 5
            }
        figures[dimension] = by_group
    return figures


def funnel_figures(these: list[Any]) -> dict[str, Any]:
    funded = [
        [amount for kind, amount, _on in d.decisions if kind in FUNDING and amount > 0]
        for d in these
    ]
    return {
        "submitted": len(these),
        "coached": sum(1 for d in these if d.coached),
        "decided": sum(1 for d in these if d.decisions),
        "funded": sum(1 for f in funded if f),
        "funded_sek": sum((sum(f, Decimal(0)) for f in funded), Decimal(0)),
        "tested": sum(1 for d in these if d.trials),
        "implemented": sum(1 for d in these if d.spec.stage == "implemented"),
    }


def assert_suppressed_as_documented(
    total: Cell,
    cells: tuple[Cell, ...],
    raw_total: int,
    raw: list[int],
    small_in_a_month: list[bool] | None = None,
    total_small_in_a_month: bool = False,
) -> None:
    """The rule of ``selectors.suppress`` with a minimum group of 5, checked cell by cell."""
    in_a_month = small_in_a_month or [False] * len(raw)
    if 0 < raw_total < 5 or total_small_in_a_month:
        assert total == Cell(None, True, SuppressionReason.SMALL)
    else:
        assert total == Cell(raw_total)
    small = [i for i, value in enumerate(raw) if 0 < value < 5 or in_a_month[i]]
    secondary = set()
    if len(small) == 1 and not total.suppressed:
        secondary = {min((v, i) for i, v in enumerate(raw) if i not in small and v > 0)[1]}
    for i, (cell, value) in enumerate(zip(cells, raw, strict=True)):
        if i in small:
            assert cell == Cell(None, True, SuppressionReason.SMALL)
        elif i in secondary:
            assert cell == Cell(None, True, SuppressionReason.SECONDARY)
        else:
            assert cell == Cell(value)
    # Nothing hidden can be worked out from the rest: never exactly one hidden cell
    # in a row whose total is shown.
    hidden = sum(cell.suppressed for cell in cells)
    assert total.suppressed or hidden != 1


# --- Property tests --------------------------------------------------------------------


class TestFiguresEqualARecountOfTheRows:
    @settings(
        max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(world=worlds)
    def test_dashboard(self, tenant_a, people, world):
        with tenant_context(tenant_a):
            calls = store(world, people)
            board = selectors.dashboard(year=YEAR)
        expected = expected_dashboard(world, calls)

        assert board.period_from == JAN_1
        assert board.period_to == datetime.date(YEAR, 12, 31)
        assert board.ideas_total == expected["total"]
        assert {s.key: s.ideas for s in board.stages} == {
            key: expected["stages"][key] for key in [*STAGE_KEYS, "merged"]
        }
        assert {s.audience: s.ideas for s in board.sources} == {
            a: expected["sources"][a] for a in AUDIENCES
        }
        shown_calls = {c.call_id: c.ideas for c in board.calls}
        # The call open this year is listed even without ideas; the old one only with ideas.
        assert shown_calls == {
            calls["open"].pk: expected["calls"][calls["open"].pk],
            None: expected["calls"][None],
            **(
                {calls["old"].pk: expected["calls"][calls["old"].pk]}
                if expected["calls"][calls["old"].pk]
                else {}
            ),
        }
        lead_times = {
            (t.from_stage, t.to_stage): (t.moves, t.median_days, t.p90_days)
            for t in board.lead_times
        }
        assert lead_times.keys() == expected["lead_times"].keys()
        for key, (moves, median, p90) in expected["lead_times"].items():
            assert lead_times[key][0] == moves
            assert lead_times[key][1] == pytest.approx(median, abs=1e-6)
            assert lead_times[key][2] == pytest.approx(p90, abs=1e-6)
        assert {d.kind: (d.decisions, d.granted_sek) for d in board.decisions} == expected[
            "decisions"
        ]
        assert board.decisions_total == expected["decisions_total"]
        assert board.granted_sek_total == expected["granted"]
        assert board.budget.year == YEAR
        assert board.budget.budget_sek == expected["budget"]
        assert board.budget.granted_sek == expected["granted"]
        assert board.budget.remaining_sek == expected["remaining"]
        assert {t.status: (t.tests, t.pilots) for t in board.trials} == expected["trials"]
        assert all(t.total == t.tests + t.pilots for t in board.trials)
        assert board.trials_total.total == expected["trials_total"]
        assert {e.recommendation: e.evaluations for e in board.evaluations} == {
            r: expected["evaluations"][r] for r in RECOMMENDATIONS
        }
        activity_figures = {
            a.kind: (a.activities, a.attended_participants, a.head_count, a.participants)
            for a in [*board.activities, board.activities_total]
        }
        assert activity_figures == expected["activities"]
        assert board.managers_trained == expected["managers"]

    @settings(
        max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(world=worlds)
    def test_equality_funnel(self, tenant_a, people, world):
        with tenant_context(tenant_a):
            store(world, people)
            funnel = selectors.equality_funnel(period_from=FUNNEL_FROM, period_to=FUNNEL_TO)
        expected = expected_funnel(world)

        assert (funnel.period_from, funnel.period_to, funnel.min_group) == (
            FUNNEL_FROM,
            FUNNEL_TO,
            5,
        )
        for split, groups in [(funnel.by_gender, GENDERS), (funnel.by_audience, AUDIENCES)]:
            figures = expected[split.dimension]
            assert list(split.groups) == groups
            assert [row.step for row in split.rows] == [
                "submitted",
                "coached",
                "decided",
                "funded",
                "tested",
                "implemented",
            ]
            for row in split.rows:
                raw = [figures[group][row.step] for group in groups]
                assert_suppressed_as_documented(
                    row.total,
                    row.cells,
                    figures[None][row.step],
                    raw,
                    [row.step in figures[group]["small_within"] for group in groups],
                    row.step in figures[None]["small_within"],
                )
                if row.step == "funded":
                    assert row.sek is not None
                    assert row.total_sek == (
                        None if row.total.suppressed else figures[None]["funded_sek"]
                    )
                    for cell, sek, group in zip(row.cells, row.sek, groups, strict=True):
                        assert sek == (None if cell.suppressed else figures[group]["funded_sek"])


# --- Suppression, case by case ---------------------------------------------------------


class TestSuppress:
    @pytest.mark.parametrize("value", [1, 2, 3, 4])
    def test_hides_groups_of_one_to_four(self, value):
        _total, cells = selectors.suppress(total=value + 20, values=[value, 10, 10, 0])

        assert cells[0] == Cell(None, suppressed=True, reason="small")

    @pytest.mark.parametrize("value", [0, 5, 6, 100])
    def test_shows_zero_and_groups_of_five_or_more(self, value):
        total, cells = selectors.suppress(total=value + 10, values=[value, 5, 5, 0])

        assert cells == (Cell(value), Cell(5), Cell(5), Cell(0))
        assert total == Cell(value + 10)

    def test_hides_the_next_smallest_cell_when_one_alone_could_be_subtracted(self):
        total, cells = selectors.suppress(total=3 + 7 + 12 + 0, values=[3, 12, 7, 0])

        assert total == Cell(22)
        assert cells == (
            Cell(None, True, "small"),
            Cell(12),
            Cell(None, True, "secondary"),
            Cell(0),
        )

    def test_on_a_tie_hides_the_first_of_the_smallest(self):
        _total, cells = selectors.suppress(total=16, values=[6, 4, 6, 0])

        assert [c.reason for c in cells] == ["secondary", "small", None, None]

    def test_two_small_cells_need_no_secondary_suppression(self):
        _total, cells = selectors.suppress(total=2 + 3 + 10, values=[2, 3, 10, 0])

        assert cells == (Cell(None, True, "small"), Cell(None, True, "small"), Cell(10), Cell(0))

    def test_a_small_total_is_hidden_and_then_needs_no_secondary_suppression(self):
        total, cells = selectors.suppress(total=3, values=[3, 0, 0, 0])

        assert total == Cell(None, True, "small")
        assert cells == (Cell(None, True, "small"), Cell(0), Cell(0), Cell(0))

    def test_an_empty_row_shows_zeros(self):
        total, cells = selectors.suppress(total=0, values=[0, 0, 0, 0])

        assert (total, cells) == (Cell(0), (Cell(0),) * 4)

    def test_the_minimum_group_size_can_be_raised(self):
        _total, cells = selectors.suppress(total=27, values=[7, 10, 10, 0], min_group=8)

        assert [c.reason for c in cells] == ["small", "secondary", None, None]


class TestEqualityFunnel:
    def test_suppresses_in_the_funnel_and_hides_the_sek_of_hidden_counts(self, in_tenant_a, people):
        make.clear()
        specs = [IdeaSpec(created_at=at(JAN_1), gender="woman") for _ in range(3)]
        specs += [IdeaSpec(created_at=at(JAN_1), gender="man") for _ in range(8)]
        stored = make.ideas(specs, submitted_by=people[0])
        for idea in stored:  # every idea funded with 1000 kr
            make.decision(idea, "fund_test", 1000, JAN_1)

        funnel = selectors.equality_funnel(period_from=JAN_1, period_to=JAN_1)

        funded = funnel.by_gender.rows[3]
        assert funded.step == "funded"
        assert funded.total == Cell(11)
        assert funded.cells == (
            Cell(None, True, "small"),
            Cell(None, True, "secondary"),
            Cell(0),
            Cell(0),
        )
        assert funded.total_sek == Decimal("11000.00")
        assert funded.sek == (None, None, Decimal(0), Decimal(0))
        staff = funnel.by_audience.rows[3]
        assert staff.cells == (Cell(11), Cell(0), Cell(0), Cell(0))
        assert staff.sek == (Decimal("11000.00"), Decimal(0), Decimal(0), Decimal(0))

    def test_counts_the_days_of_the_period_in_swedish_time(self, in_tenant_a, people):
        make.clear()
        first, last = datetime.date(YEAR, 3, 1), datetime.date(YEAR, 3, 31)
        inside = [at(first, 0, 0), at(first, 0, 30), at(last, 23, 59, 59)]
        outside = [at(first, 0, 0) - datetime.timedelta(seconds=1), at(last, 23, 59, 59)]
        outside[1] += datetime.timedelta(seconds=1)
        make.ideas([IdeaSpec(created_at=t) for t in inside + outside], submitted_by=people[0])

        funnel = selectors.equality_funnel(period_from=first, period_to=last, min_group=1)

        assert funnel.by_gender.rows[0].total == Cell(3)

    def test_never_counts_another_organisations_ideas(self, tenant_a, tenant_b, people):
        with tenant_context(tenant_b):
            make.clear()
            make.ideas(
                [IdeaSpec(created_at=at(JAN_1), gender="woman") for _ in range(9)],
                submitted_by=people[0],
            )
        with tenant_context(tenant_a):
            make.clear()
            make.ideas([IdeaSpec(created_at=at(JAN_1)) for _ in range(6)], submitted_by=people[0])
            funnel = selectors.equality_funnel(period_from=JAN_1, period_to=JAN_1)
            board = selectors.dashboard(year=YEAR)

        assert funnel.by_gender.rows[0].total == Cell(6)
        assert funnel.by_gender.rows[0].cells == (Cell(0), Cell(0), Cell(0), Cell(6))
        assert board.ideas_total == 6

    def test_is_one_query_whatever_the_number_of_ideas(self, in_tenant_a, people):
        make.clear()
        counts = []
        for n in (1, 60):
            make.ideas([IdeaSpec(created_at=at(JAN_1)) for _ in range(n)], submitted_by=people[0])
            with CaptureQueriesContext(connection) as captured:
                selectors.equality_funnel(period_from=JAN_1, period_to=JAN_1)
            counts.append(len(captured.captured_queries))
        assert counts[0] == counts[1]


# --- Lead times on known data ----------------------------------------------------------


class TestLeadTimes:
    def test_median_and_90th_percentile_equal_pythons_statistics(self, in_tenant_a, people):
        make.clear()
        in_screening = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144]  # days
        specs = [
            IdeaSpec(
                created_at=at(JAN_1),
                stage="refinement",
                moves=[
                    ("screening", at(JAN_1, 13)),
                    # In UTC, so that n days are n * 24 hours across the change to summer time.
                    ("refinement", at(JAN_1, 13).astimezone(datetime.UTC) + datetime.timedelta(n)),
                ],
            )
            for n in in_screening
        ]
        make.ideas(specs, submitted_by=people[0])

        board = selectors.dashboard(year=YEAR)

        times = {(t.from_stage, t.to_stage): t for t in board.lead_times}
        screening = times[("screening", "refinement")]
        assert screening.moves == len(in_screening)
        assert screening.median_days == pytest.approx(statistics.median(in_screening))
        p90 = statistics.quantiles(in_screening, n=10, method="inclusive")[-1]
        assert screening.p90_days == pytest.approx(p90)
        received = times[("received", "screening")]
        assert received.median_days == pytest.approx(1 / 24)
        assert [(t.from_stage, t.to_stage) for t in board.lead_times] == [
            ("received", "screening"),
            ("screening", "refinement"),
        ]

    def test_pairs_consecutive_changes_even_when_the_first_lies_before_the_period(
        self, in_tenant_a, people
    ):
        make.clear()
        make.ideas(
            [
                IdeaSpec(
                    created_at=at(datetime.date(YEAR - 1, 12, 22)),
                    stage="screening",
                    moves=[("screening", at(datetime.date(YEAR, 1, 1)))],
                )
            ],
            submitted_by=people[0],
        )

        board = selectors.dashboard(year=YEAR)

        [lead_time] = board.lead_times
        assert lead_time.median_days == pytest.approx(10)
        assert board.ideas_total == 0


class TestDashboardPeriod:
    def test_a_year_is_the_calendar_year_and_its_budget(self):
        assert selectors.dashboard_period(year=2024) == (
            datetime.date(2024, 1, 1),
            datetime.date(2024, 12, 31),
            2024,
        )

    def test_a_period_takes_the_budget_of_its_last_year(self):
        assert selectors.dashboard_period(
            period_from=datetime.date(2023, 5, 1), period_to=datetime.date(2024, 2, 1)
        ) == (datetime.date(2023, 5, 1), datetime.date(2024, 2, 1), 2024)

    def test_refuses_a_year_and_a_period_together_or_in_the_wrong_order(self):
        with pytest.raises(ValueError, match="not both"):
            selectors.dashboard_period(year=2024, period_from=datetime.date(2024, 1, 1))
        with pytest.raises(ValueError, match="ends before"):
            selectors.dashboard_period(
                period_from=datetime.date(2024, 2, 1), period_to=datetime.date(2024, 1, 1)
            )

    def test_all_time_counts_every_idea(self, in_tenant_a, people):
        make.clear()
        make.ideas(
            [IdeaSpec(created_at=at(datetime.date(y, 6, 1))) for y in (2019, 2022, 2025)],
            submitted_by=people[0],
        )

        board = selectors.dashboard()

        assert (board.period_from, board.period_to, board.ideas_total) == (None, None, 3)


class TestBudget:
    def test_a_year_without_decisions_keeps_all_of_its_budget(self, in_tenant_a):
        make.clear()
        make.budget(YEAR, 80_000)

        budget = selectors.dashboard(year=YEAR).budget

        assert (budget.budget_sek, budget.granted_sek, budget.remaining_sek) == (
            Decimal(80_000),
            Decimal(0),
            Decimal(80_000),
        )

    def test_a_year_without_a_budget_has_no_remainder(self, in_tenant_a, people):
        make.clear()
        [idea] = make.ideas([IdeaSpec(created_at=at(JAN_1))], submitted_by=people[0])
        make.decision(idea, "pilot", 5000, JAN_1)

        budget = selectors.dashboard(year=YEAR).budget

        assert (budget.budget_sek, budget.granted_sek, budget.remaining_sek) == (
            None,
            Decimal(5000),
            None,
        )

    def test_a_period_is_measured_against_the_budget_of_its_last_year(self, in_tenant_a, people):
        make.clear()
        [idea] = make.ideas([IdeaSpec(created_at=at(JAN_1))], submitted_by=people[0])
        make.decision(idea, "pilot", 5000, datetime.date(YEAR - 1, 12, 1))
        make.decision(idea, "broaden", 7000, datetime.date(YEAR, 2, 1))
        make.budget(YEAR, 20_000)

        board = selectors.dashboard(
            period_from=datetime.date(YEAR - 1, 11, 1), period_to=datetime.date(YEAR, 3, 1)
        )

        assert (board.decisions_total, board.granted_sek_total) == (2, Decimal(12_000))
        assert board.budget.year == YEAR
        assert (board.budget.decisions, board.budget.granted_sek) == (1, Decimal(7000))
        assert board.budget.remaining_sek == Decimal(13_000)
