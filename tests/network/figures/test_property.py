"""Kept figures equal a live recount, whatever happens in the organisations' locks.

Hypothesis draws sequences of submissions, moves, council decisions, trials
and evaluations across the three session organisations, made through the
organisations' own services. After the events (each recount triggered by the
change's own commit) and again after the scheduled fan-out, every
organisation's kept rows equal a fresh count of its schema, the fresh count
equals what an independent Python walk of the rows expects, and the national
and county roll-ups equal the sum of their organisations.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tenants.utils import tenant_context
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from network.figures import counting, tasks
from network.figures.models import NATIONAL, FillState
from tests.network.figures import make, oracle
from tests.network.figures.conftest import area_rows, kept, summed

STAGES = ["screening", "refinement", "test", "evaluation", "implemented", "declined", "parked"]
ORGS = st.integers(min_value=0, max_value=2)
PICK = st.integers(min_value=0, max_value=50)

events = st.lists(
    st.one_of(
        st.tuples(
            st.just("submit"),
            ORGS,
            st.sampled_from(["staff", "citizen", "business", "association"]),
            st.sampled_from(["woman", "man", "other", ""]),
        ),
        st.tuples(st.just("move"), ORGS, PICK, st.sampled_from(STAGES)),
        st.tuples(
            st.just("decide"),
            ORGS,
            PICK,
            st.sampled_from(["fund_test", "pilot", "broaden", "implement", "decline", "park"]),
            st.integers(min_value=0, max_value=50_000),
        ),
        st.tuples(st.just("trial"), ORGS, PICK, st.sampled_from(["test", "pilot"])),
        st.tuples(
            st.just("evaluate"), ORGS, PICK, st.sampled_from(["implement", "adjust", "stop"])
        ),
    ),
    min_size=1,
    max_size=14,
)


def _run(event: tuple[Any, ...], organization: Any, by: Any, made: dict[str, list[Any]]) -> None:
    kind = event[0]
    ideas, trials = made["ideas"], made["trials"]
    if kind == "submit":
        ideas.append(make.submit(by=by, audience=event[2], gender=event[3]))
    elif kind == "move" and ideas:
        make.move(idea=ideas[event[2] % len(ideas)], stage_key=event[3], by=by)
    elif kind == "decide" and ideas:
        make.decide(idea=ideas[event[2] % len(ideas)], kind=event[3], amount=event[4], by=by)
    elif kind == "trial" and ideas:
        trial = make.plan_trial(idea=ideas[event[2] % len(ideas)], by=by, kind=event[3])
        if trial is not None:
            trials.append(trial)
    elif kind == "evaluate" and trials:
        make.evaluate(trial=trials[event[2] % len(trials)], recommendation=event[3], by=by)


def assert_kept_equals_live(organizations: list[Any]) -> None:
    for organization in organizations:
        live = counting.organization_figures(organization=organization)
        assert kept(organization) == live, organization.slug
        assert {k: v for k, v in live.items() if k[1] in oracle.COVERED} == oracle.expected(
            organization
        ), organization.slug
        state = FillState.objects.get(organization=organization)
        assert state.dirty_since is None
        assert state.queued_at is None
    assert area_rows(NATIONAL) == summed(organizations)
    for county in {o.county_code for o in organizations}:
        assert area_rows(county) == summed([o for o in organizations if o.county_code == county])


class TestKeptFiguresEqualALiveRecount:
    @given(drawn=events)
    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    def test_after_the_events_and_after_the_scheduled_recount(
        self, tenant_a, tenant_b, tenant_c, figures_on_commit, drawn
    ):  # type: ignore[no-untyped-def]
        organizations = [tenant_a, tenant_b, tenant_c]
        with transaction.atomic():
            admins = [make.admin_of(o) for o in organizations]
            # Start from what the organisations hold now, counted.
            tasks.figures_recount_fan_out()
            made: list[dict[str, list[Any]]] = [{"ideas": [], "trials": []} for _ in organizations]
            for event in drawn:
                index = event[1]
                with (
                    tenant_context(organizations[index]),
                    figures_on_commit(),
                ):
                    _run(event, organizations[index], admins[index], made[index])
            assert_kept_equals_live(organizations)

            tasks.figures_recount_fan_out()
            assert_kept_equals_live(organizations)
            transaction.set_rollback(True)
