"""No submitter can be worked out as the difference of two equality analyses.

Any two days used to be a period: the analyses of January and of January plus
one February day differ by that day's ideas. Now only whole months that have
ended are offered, and a figure is hidden when its group was small in any
month of the period.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.reports import selectors
from tenants.reports.forms import EqualityForm, equality_period_errors
from tenants.reports.selectors import Cell, SuppressionReason
from tests.tenants.reports import make
from tests.tenants.reports.make import IdeaSpec, at

pytestmark = pytest.mark.django_db

YEAR = 2025
JAN_1, JAN_31 = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 1, 31)
FEB_1, FEB_28 = datetime.date(YEAR, 2, 1), datetime.date(YEAR, 2, 28)
HIDDEN = Cell(None, True, SuppressionReason.SMALL)
WOMEN = 0  # the first gender group


def women_submitted(period_from: datetime.date, period_to: datetime.date) -> Cell:
    funnel = selectors.equality_funnel(period_from=period_from, period_to=period_to)
    return funnel.by_gender.rows[0].cells[WOMEN]


class TestTwoPeriodsThatDifferByAMonth:
    @pytest.fixture
    def one_woman_in_february(self, tenant_a, people):
        with tenant_context(tenant_a):
            make.clear()
            specs = [IdeaSpec(created_at=at(JAN_1), gender="woman") for _ in range(6)]
            specs += [IdeaSpec(created_at=at(JAN_1), gender="man") for _ in range(6)]
            specs += [IdeaSpec(created_at=at(FEB_1), gender="woman")]
            specs += [IdeaSpec(created_at=at(FEB_1), gender="man") for _ in range(9)]
            make.ideas(specs, submitted_by=people[0])
            yield tenant_a

    def test_do_not_show_the_woman_of_february_by_their_difference(self, one_woman_in_february):
        january = women_submitted(JAN_1, JAN_31)
        january_and_february = women_submitted(JAN_1, FEB_28)

        assert january == Cell(6)
        # 7 would tell that one woman submitted in February: hidden, as February's 1 is.
        assert january_and_february == HIDDEN

    def test_keep_the_total_and_hide_a_second_cell_so_the_women_are_not_the_rest(
        self, one_woman_in_february
    ):
        funnel = selectors.equality_funnel(period_from=JAN_1, period_to=FEB_28)

        submitted = funnel.by_gender.rows[0]
        assert submitted.total == Cell(22)  # no month has a total under five
        # Men (6 and 9) alone would give the women as 22 minus 15.
        assert submitted.cells[1] == Cell(None, True, SuppressionReason.SECONDARY)


class TestPeriodsOffered:
    def test_whole_months_that_have_ended_are_offered(self):
        assert equality_period_errors(JAN_1, FEB_28) == {}

    @pytest.mark.parametrize(
        ("start", "end", "field"),
        [
            (datetime.date(YEAR, 1, 2), JAN_31, "from"),
            (JAN_1, datetime.date(YEAR, 1, 30), "to"),
            (JAN_1, datetime.date(YEAR, 2, 1), "to"),
        ],
    )
    def test_a_period_of_days_is_refused(self, start, end, field):
        assert set(equality_period_errors(start, end)) == {field}

    def test_a_month_not_over_is_refused(self):
        today = timezone.localdate()
        month_end = (today.replace(day=28) + datetime.timedelta(days=4)).replace(
            day=1
        ) - datetime.timedelta(days=1)

        errors = equality_period_errors(today.replace(day=1), month_end)

        assert set(errors) == {"to"}
        assert "förra månaden" in str(errors["to"][0])

    def test_the_page_refuses_a_period_of_days(self, tenant_a, member_of, client_for):
        client = client_for(tenant_a, person=member_of(tenant_a, "viewer"))

        response = client.get(f"/rapporter/jamstalldhet/?from={YEAR}-01-01&to={YEAR}-01-30")

        assert response.status_code == 400

    def test_the_api_refuses_a_period_of_days(self, tenant_a, member_of, client_for):
        client = client_for(tenant_a, person=member_of(tenant_a, "viewer"))

        response = client.get(f"/api/v1/reports/equality/?from={YEAR}-01-02&to={YEAR}-01-31")

        assert response.status_code == 400
        assert "from" in response.content.decode()

    def test_the_form_accepts_whole_months_and_defaults_to_this_years_ended_months(self):
        form = EqualityForm.for_query({})

        assert form.is_valid(), form.errors
        start, end = form.period()
        assert start.day == 1
        assert (end + datetime.timedelta(days=1)).day == 1
        assert end < timezone.localdate().replace(day=1)
