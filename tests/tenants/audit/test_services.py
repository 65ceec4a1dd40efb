"""Writing the audit log: what a row holds, JSON-safe values, and a log that only grows."""

import datetime
import decimal
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.audit.models import AuditEvent
from tenants.audit.services import audit_event_record, snapshot
from tenants.coaching.models import NextStep
from tenants.needs.models import Need
from tests.tenants import rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(in_tenant_a):  # type: ignore[no-untyped-def]
    return rows.idea(title="Lådcyklar till hemtjänsten")


class TestAuditEventRecord:
    def test_records_who_did_what_to_which_object_with_before_and_after(self, idea, admin):
        event = audit_event_record(
            actor=admin,
            action="idea.renamed",
            obj=idea,
            before={"title": "Gammal"},
            after={"title": "Ny"},
        )

        stored = AuditEvent.objects.get(pk=event.pk)
        assert stored.actor_id == admin.pk
        assert stored.action == "idea.renamed"
        assert stored.object_type == "ideas.idea"
        assert stored.object_id == str(idea.pk)
        assert stored.object_label == str(idea)
        assert (stored.before, stored.after) == ({"title": "Gammal"}, {"title": "Ny"})
        assert stored.at is not None

    def test_turns_dates_times_decimals_uuids_and_rows_into_json(self, idea, admin):
        moment = timezone.now()
        key = uuid.uuid4()

        event = audit_event_record(
            actor=admin,
            action="idea.tested",
            obj=idea,
            after={
                "on": datetime.date(2026, 3, 1),
                "at": moment,
                "amount": decimal.Decimal("12500.50"),
                "key": key,
                "idea": idea,
                "nested": {"dates": [datetime.date(2026, 3, 2)]},
            },
        )

        assert AuditEvent.objects.get(pk=event.pk).after == {
            "on": "2026-03-01",
            "at": moment.isoformat(),
            "amount": "12500.50",
            "key": str(key),
            "idea": idea.pk,
            "nested": {"dates": ["2026-03-02"]},
        }

    def test_records_no_actor_for_the_system_or_an_anonymous_visitor(self, idea):
        by_system = audit_event_record(actor=None, action="idea.x", obj=idea)
        by_visitor = audit_event_record(actor=AnonymousUser(), action="idea.x", obj=idea)

        assert by_system.actor_id is None
        assert by_visitor.actor_id is None
        assert (by_system.before, by_system.after) == ({}, {})

    def test_cuts_a_long_label_to_300_characters(self, idea, admin):
        idea.title = "x" * 400

        event = audit_event_record(actor=admin, action="idea.x", obj=idea)

        assert len(event.object_label) == 300

    def test_names_the_object_by_the_label_given_instead_of_its_text(self, idea, admin):
        event = audit_event_record(actor=admin, action="idea.x", obj=idea, label="Idé utan namn")

        assert event.object_label == "Idé utan namn"

    def test_refuses_to_write_outside_an_organisations_schema(self, tenant_a, admin):
        with tenant_context(tenant_a):
            idea = rows.idea()
        connection.set_schema_to_public()

        with pytest.raises(RuntimeError, match="organisation's schema"):
            audit_event_record(actor=admin, action="idea.x", obj=idea)

    def test_refuses_an_object_that_is_not_saved_yet(self, in_tenant_a, admin):
        with pytest.raises(ValueError, match="no id yet"):
            audit_event_record(actor=admin, action="next_step.added", obj=NextStep())


class TestSnapshot:
    def test_gives_foreign_keys_as_ids_and_dates_as_text(self, idea, admin):
        step = NextStep(
            idea=idea, description="Ring", owner=admin, due_on=datetime.date(2026, 12, 1)
        )

        assert snapshot(step, ["idea", "owner", "description", "due_on", "done_at"]) == {
            "idea": idea.pk,
            "owner": admin.pk,
            "description": "Ring",
            "due_on": "2026-12-01",
            "done_at": None,
        }

    def test_gives_a_many_to_many_field_as_the_sorted_ids_it_holds(self, idea):
        needs = [Need.objects.create(title=t, description=t) for t in ("B", "A")]
        idea.needs.set(needs)

        assert snapshot(idea, ["needs"]) == {"needs": sorted(n.pk for n in needs)}


class TestTheLogIsAppendOnly:
    """The database itself refuses to change or remove audit rows (migration 0002)."""

    @pytest.fixture
    def event(self, idea, admin):  # type: ignore[no-untyped-def]
        return audit_event_record(actor=admin, action="idea.x", obj=idea, after={"a": 1})

    def test_the_database_refuses_an_update(self, event):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(action="idea.forged")

        assert AuditEvent.objects.get(pk=event.pk).action == "idea.x"

    def test_the_database_refuses_saving_a_changed_row(self, event):
        event.after = {"a": 2}

        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            event.save()

        assert AuditEvent.objects.get(pk=event.pk).after == {"a": 1}

    def test_the_database_refuses_a_delete(self, event):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).delete()

        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_the_database_refuses_raw_sql_and_truncate_too(self, event):
        for statement in (
            "UPDATE audit_auditevent SET action = 'x'",
            "DELETE FROM audit_auditevent",
            "TRUNCATE audit_auditevent",
        ):
            with (
                pytest.raises(DatabaseError, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement)

        assert AuditEvent.objects.filter(pk=event.pk).exists()
