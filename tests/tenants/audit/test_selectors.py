"""Reading the audit log: filters, the people who acted, and what changed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tenants.audit import selectors
from tenants.audit.models import AuditEvent
from tenants.audit.services import audit_event_record
from tests.tenants import rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(in_tenant_a, admin, member_of):  # type: ignore[no-untyped-def]
    """Three events on two ideas by two people, oldest first."""
    coach = member_of(in_tenant_a, "coach", person__full_name="Cecilia Coach")
    first, second = rows.idea(), rows.idea()
    return (
        [
            audit_event_record(actor=admin, action="coach.assigned", obj=first),
            audit_event_record(actor=coach, action="coach_note.added", obj=second),
            audit_event_record(actor=coach, action="coach.assigned", obj=second),
        ],
        admin,
        coach,
        first,
        second,
    )


def pks(queryset) -> list[int]:  # type: ignore[no-untyped-def]
    return [event.pk for event in queryset]


class TestAuditEventList:
    def test_lists_everything_newest_first(self, events):
        made, *_ = events

        assert pks(selectors.audit_event_list()) == [e.pk for e in reversed(made)]

    def test_filters_by_who_acted(self, events):
        made, admin, *_ = events

        assert pks(selectors.audit_event_list(actor_id=admin.pk)) == [made[0].pk]

    def test_filters_by_action(self, events):
        made, *_ = events

        assert pks(selectors.audit_event_list(action="coach.assigned")) == [made[2].pk, made[0].pk]

    def test_filters_by_object(self, events):
        made, _admin, _coach, _first, second = events

        found = selectors.audit_event_list(object_type="ideas.idea", object_id=second.pk)

        assert pks(found) == [made[2].pk, made[1].pk]

    def test_since_and_until_include_the_whole_day(self, events):
        today = timezone.localdate()
        yesterday = today - datetime.timedelta(days=1)

        assert len(selectors.audit_event_list(since=today, until=today)) == 3
        assert len(selectors.audit_event_list(until=yesterday)) == 0
        assert len(selectors.audit_event_list(since=today + datetime.timedelta(days=1))) == 0

    def test_since_and_until_may_be_exact_instants(self, events):
        made, *_ = events

        after_first = selectors.audit_event_list(since=made[1].at)
        up_to_first = selectors.audit_event_list(until=made[0].at)

        assert pks(after_first) == [made[2].pk, made[1].pk]
        assert pks(up_to_first) == [made[0].pk]


class TestAuditActors:
    def test_resolves_the_people_who_acted_in_one_query(self, events):
        _made, admin, coach, *_ = events
        listed = list(AuditEvent.objects.all())

        with CaptureQueriesContext(connection) as captured:
            actors = selectors.audit_actors(events=listed)

        assert {pk: person.full_name for pk, person in actors.items()} == {
            admin.pk: "Ada Admin",
            coach.pk: "Cecilia Coach",
        }
        assert len([q for q in captured.captured_queries if q["sql"].startswith("SELECT")]) == 1

    def test_events_without_actors_need_no_query(self, in_tenant_a, django_assert_num_queries):
        event = audit_event_record(actor=None, action="idea.x", obj=rows.idea())

        with django_assert_num_queries(0):
            assert selectors.audit_actors(events=[event]) == {}

    def test_the_names_for_an_export_and_the_choices_for_a_filter(self, events):
        _made, admin, coach, *_ = events

        names = selectors.audit_actor_names(events=selectors.audit_event_list())

        assert names == {admin.pk: "Ada Admin", coach.pk: "Cecilia Coach"}
        assert selectors.audit_actor_choices() == [admin, coach]
        assert selectors.audit_actions() == ["coach.assigned", "coach_note.added"]
        assert selectors.audit_object_types() == ["ideas.idea"]


class TestAuditEventChanges:
    def test_lists_only_the_fields_that_changed_appearing_and_disappearing_ones_included(self):
        event = AuditEvent(
            before={"title": "A", "stage": "received", "gone": 1},
            after={"title": "B", "stage": "received", "new": [1]},
        )

        changes = selectors.audit_event_changes(event)

        assert [(c.field, c.before, c.after) for c in changes] == [
            ("title", "A", "B"),
            ("gone", 1, None),
            ("new", None, [1]),
        ]
