"""Reading activities: the list with counts, the year's participation, managers trained."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.activities import selectors
from tests.factories import PersonFactory
from tests.tenants.activities.make import activity, participants

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_tenant_a")]

SPRING = datetime.date(2026, 3, 12)
AUTUMN = datetime.date(2026, 10, 1)
LAST_YEAR = datetime.date(2025, 12, 31)


class TestActivityList:
    def test_lists_the_latest_first_with_registered_and_attended_counts(self):
        spring = activity(SPRING)
        participants(spring, "manager", 3)
        participants(spring, "manager", 2, attended=False)
        autumn = activity(AUTUMN, kind="workshop", head_count=40)

        found = list(selectors.activity_list(year=2026))

        assert [a.pk for a in found] == [autumn.pk, spring.pk]
        assert [(a.participant_count, a.attended_count, a.participants_total) for a in found] == [
            (0, 0, 40),
            (5, 3, 3),
        ]

    def test_filters_by_year_and_kind(self):
        activity(LAST_YEAR)
        workshop = activity(SPRING, kind="workshop")
        activity(AUTUMN)

        assert [a.pk for a in selectors.activity_list(year=2026, kind="workshop")] == [workshop.pk]
        assert len(selectors.activity_list(year=2025)) == 1

    def test_costs_one_query_however_many_activities(self):
        for month in range(1, 6):
            participants(activity(datetime.date(2026, month, 1)), "staff", 2)

        with CaptureQueriesContext(connection) as captured:
            counts = [a.participant_count for a in selectors.activity_list(year=2026)]

        assert counts == [2] * 5
        assert len(captured.captured_queries) == 1


class TestParticipationSummary:
    def test_adds_registered_participants_who_came_and_head_counts(self):
        training = activity(SPRING)
        participants(training, "manager", 3, gender="woman")
        participants(training, "manager", 1, gender="man")
        participants(training, "staff", 2)
        participants(training, "manager", 4, attended=False)
        activity(AUTUMN, kind="workshop", head_count=30, head_count_women=12, head_count_men=10)
        activity(LAST_YEAR, head_count=99)

        summary = selectors.participation_summary(year=2026)

        assert summary["activities"] == 2
        assert (summary["participants"], summary["registered"], summary["head_counted"]) == (
            36,
            6,
            30,
        )
        assert summary["by_gender"] == {"women": 15, "men": 11, "other_or_not_stated": 10}
        assert summary["by_role"] == {
            "manager": 4,
            "staff": 2,
            "citizen": 0,
            "business": 0,
            "association": 0,
            "other": 0,
            "not_stated": 30,
        }

    def test_counts_the_head_count_instead_of_registered_people_where_both_are_given(self):
        both = activity(SPRING, kind="meeting", head_count=25)
        participants(both, "staff", 5)

        summary = selectors.participation_summary(year=2026)

        assert (summary["participants"], summary["registered"], summary["head_counted"]) == (
            25,
            0,
            25,
        )

    def test_counts_other_and_unstated_genders_together(self):
        training = activity(SPRING)
        participants(training, "staff", 2, gender="other")
        participants(training, "staff", 3, gender="")

        summary = selectors.participation_summary(year=2026)

        assert summary["by_gender"] == {"women": 0, "men": 0, "other_or_not_stated": 5}

    def test_filters_by_kind(self):
        participants(activity(SPRING, kind="training"), "manager", 2)
        participants(activity(AUTUMN, kind="workshop"), "staff", 7)

        summary = selectors.participation_summary(year=2026, kind="workshop")

        assert (summary["activities"], summary["participants"]) == (1, 7)

    def test_with_a_role_counts_only_registered_participants_with_it(self):
        training = activity(SPRING)
        participants(training, "manager", 2)
        participants(training, "staff", 3)
        activity(AUTUMN, head_count=50)

        summary = selectors.participation_summary(year=2026, role="manager")

        assert (summary["participants"], summary["head_counted"]) == (2, 0)
        assert summary["by_role"]["manager"] == 2
        assert summary["by_role"]["staff"] == 0

    def test_an_empty_year_is_all_zeros(self):
        summary = selectors.participation_summary(year=2031)

        assert summary["participants"] == summary["activities"] == 0
        assert set(summary["by_gender"].values()) == {0}

    def test_costs_two_queries(self):
        participants(activity(SPRING), "staff", 2)

        with CaptureQueriesContext(connection) as captured:
            selectors.participation_summary(year=2026)

        assert len(captured.captured_queries) == 2


class TestManagersTrained:
    def test_counts_managers_who_attended_a_training_that_year(self):
        training = activity(SPRING, kind="training")
        participants(training, "manager", 3)

        assert selectors.managers_trained(year=2026) == 3

    def test_leaves_out_those_who_did_not_come(self):
        training = activity(SPRING)
        participants(training, "manager", 2)
        participants(training, "manager", 5, attended=False)

        assert selectors.managers_trained(year=2026) == 2

    def test_leaves_out_other_roles(self):
        training = activity(SPRING)
        participants(training, "manager", 1)
        participants(training, "staff", 4)

        assert selectors.managers_trained(year=2026) == 1

    def test_leaves_out_activities_that_are_not_trainings(self):
        participants(activity(SPRING, kind="workshop"), "manager", 4)
        participants(activity(AUTUMN, kind="meeting"), "manager", 4)

        assert selectors.managers_trained(year=2026) == 0

    def test_leaves_out_other_years(self):
        participants(activity(LAST_YEAR), "manager", 4)
        participants(activity(datetime.date(2027, 1, 1)), "manager", 4)
        participants(activity(datetime.date(2026, 1, 1)), "manager", 1)
        participants(activity(datetime.date(2026, 12, 31)), "manager", 1)

        assert selectors.managers_trained(year=2026) == 2

    def test_head_counts_add_nothing(self):
        activity(SPRING, head_count=100, head_count_women=60, head_count_men=40)

        assert selectors.managers_trained(year=2026) == 0

    def test_a_manager_at_two_trainings_counts_once(self):
        manager = PersonFactory()
        participants(activity(SPRING), "manager", 1, person=manager)
        participants(activity(AUTUMN), "manager", 1, person=manager)
        participants(activity(AUTUMN), "manager", 1)

        assert selectors.managers_trained(year=2026) == 2


class TestGenderSplitShown:
    def test_shows_groups_of_five_or_more(self):
        summary = {
            "participants": 12,
            "by_gender": {"women": 7, "men": 5, "other_or_not_stated": 0},
        }

        assert selectors.gender_split_shown(summary) == {
            "women": 7,
            "men": 5,
            "other_or_not_stated": 0,
        }

    def test_hides_a_small_group_and_the_one_that_would_give_it_away(self):
        summary = {
            "participants": 20,
            "by_gender": {"women": 12, "men": 6, "other_or_not_stated": 2},
        }

        assert selectors.gender_split_shown(summary) == {
            "women": 12,
            "men": None,
            "other_or_not_stated": None,
        }

    def test_hides_every_group_when_there_are_only_a_few_people(self):
        summary = {"participants": 3, "by_gender": {"women": 3, "men": 0, "other_or_not_stated": 0}}

        assert set(selectors.gender_split_shown(summary).values()) == {None}
