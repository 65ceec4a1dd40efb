"""Reads on idea calls: open, upcoming or closed by the Swedish date, with idea counts."""

import datetime

import pytest
from django_tenants.utils import tenant_context

from tenants.calls import selectors
from tenants.calls.models import IdeaCall
from tests.tenants import rows
from tests.tenants.rows import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_calls(tenant_a):
    with tenant_context(tenant_a):
        return {
            "open": rows.call(title="Öppen", opens_on=days(-5), closes_on=days(5)),
            "upcoming": rows.call(title="Kommande", opens_on=days(1), closes_on=days(9)),
            "closed": rows.call(title="Stängd", opens_on=days(-9), closes_on=days(-1)),
        }


class TestToday:
    def test_is_the_date_in_stockholm_not_in_utc(self):
        late_new_years_eve_utc = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)

        assert selectors.today(now=late_new_years_eve_utc) == datetime.date(2027, 1, 1)


class TestCallList:
    @pytest.mark.parametrize("state", ["open", "upcoming", "closed"])
    def test_filters_by_state_relative_to_today(self, tenant_a, three_calls, state):
        with tenant_context(tenant_a):
            found = list(selectors.call_list(state=state))

        assert found == [three_calls[state]]
        assert found[0].state == state

    def test_lists_every_call_latest_opening_first_without_a_state(self, tenant_a, three_calls):
        with tenant_context(tenant_a):
            titles = [call.title for call in selectors.call_list()]

        assert titles == ["Kommande", "Öppen", "Stängd"]

    def test_tells_the_state_on_another_day(self, tenant_a, three_calls):
        with tenant_context(tenant_a):
            found = list(selectors.call_list(state="closed", on=days(6)))

        assert {call.title for call in found} == {"Öppen", "Stängd"}

    def test_counts_the_ideas_that_came_in_and_reads_their_needs_in_one_go(
        self, tenant_a, django_assert_num_queries
    ):
        with tenant_context(tenant_a):
            for n in range(25):
                call = rows.call(needs=[rows.need()])
                for _ in range(n % 3):
                    rows.idea(call=call)

            # Calls, then needs (the search path is set only when the schema changes).
            with django_assert_num_queries(2):
                found = [(c.idea_count, len(c.needs.all())) for c in selectors.call_list()]

        assert sorted(found) == sorted((n % 3, 1) for n in range(25))


class TestCallGet:
    def test_returns_the_call_with_its_idea_count_and_state(self, tenant_a):
        with tenant_context(tenant_a):
            call = rows.call(opens_on=days(-1), closes_on=days(0))
            rows.idea(call=call)

            found = selectors.call_get(pk=call.pk)

        assert (found.idea_count, found.state) == (1, "open")

    def test_raises_does_not_exist_for_an_unknown_call(self, tenant_a):
        with tenant_context(tenant_a), pytest.raises(IdeaCall.DoesNotExist):
            selectors.call_get(pk=987654)


class TestCallIsOpen:
    @pytest.mark.parametrize(
        ("on", "expected"),
        [(-1, False), (0, True), (3, True), (7, True), (8, False)],
        ids=["day before", "first day", "between", "last day", "day after"],
    )
    def test_is_open_from_the_first_to_the_last_day_both_included(self, on, expected):
        call = IdeaCall(opens_on=days(0), closes_on=days(7))

        assert selectors.call_is_open(call, on=days(on)) is expected

    def test_is_relative_to_today_by_default(self):
        assert selectors.call_is_open(IdeaCall(opens_on=days(0), closes_on=days(0)))
        assert not selectors.call_is_open(IdeaCall(opens_on=days(-2), closes_on=days(-1)))


class TestCallsOpenFor:
    def test_lists_open_calls_for_the_audience_closing_soonest_first(self, tenant_a):
        with tenant_context(tenant_a):
            later = rows.call(title="Senare", audiences=["citizen"], closes_on=days(20))
            sooner = rows.call(title="Snart", audiences=["citizen", "staff"], closes_on=days(2))
            rows.call(title="Bara personal", audiences=["staff"])
            rows.call(title="Stängd", audiences=["citizen"], closes_on=days(-1))
            rows.call(title="Kommande", audiences=["citizen"], opens_on=days(1))

            found = list(selectors.calls_open_for(audience="citizen"))

        assert found == [sooner, later]
