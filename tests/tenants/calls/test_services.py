"""Writes on idea calls: create, change, close now; each leaves an audit event."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django_tenants.utils import tenant_context

from tenants.audit.models import AuditEvent
from tenants.audit.services import audit_event_record
from tenants.calls import selectors, services
from tenants.calls.models import IdeaCall
from tests.tenants import rows
from tests.tenants.rows import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(tenant_a, member_of):
    return member_of(tenant_a, "admin")


def create(**fields):
    values = {
        "title": "Idéer mot ensamhet",
        "problem": "Många äldre är ensamma.",
        "audiences": ["citizen"],
        "opens_on": days(0),
        "closes_on": days(30),
        "by": None,
    }
    return services.call_create(**{**values, **fields})


class TestCallCreate:
    def test_opens_a_call_with_its_audiences_dates_and_needs(self, tenant_a, admin):
        with tenant_context(tenant_a):
            need = rows.need()

            call = create(
                title="  Idéer mot ensamhet ",
                audiences=["business", "citizen", "business"],
                needs=[need],
                by=admin,
            )

            call.refresh_from_db()
            assert list(call.needs.all()) == [need]
        assert call.title == "Idéer mot ensamhet"
        assert call.audiences == ["citizen", "business"]  # in the order of the choices, once
        assert call.created_by == admin

    def test_records_the_call_in_the_organisations_audit_log(self, tenant_a, admin):
        with tenant_context(tenant_a):
            need = rows.need()
            call = create(by=admin, needs=[need])

            event = AuditEvent.objects.get(action="call.created")
        assert (event.actor_id, event.object_type, event.object_id) == (
            admin.pk,
            "calls.ideacall",
            str(call.pk),
        )
        assert event.before == {}
        assert event.after == {
            "title": "Idéer mot ensamhet",
            "problem": "Många äldre är ensamma.",
            "audiences": ["citizen"],
            "opens_on": days(0).isoformat(),
            "closes_on": days(30).isoformat(),
            "needs": [need.pk],
        }

    def test_the_call_and_its_audit_event_are_stored_together_or_not_at_all(
        self, tenant_a, admin, monkeypatch
    ):
        def then_fail(**kwargs):
            audit_event_record(**kwargs)
            raise RuntimeError("something after the audit event failed")

        monkeypatch.setattr(services, "audit_event_record", then_fail)

        with tenant_context(tenant_a):
            with pytest.raises(RuntimeError), transaction.atomic():
                create(by=admin)

            assert not IdeaCall.objects.exists()
            assert not AuditEvent.objects.exists()

    def test_may_open_and_close_on_the_same_day(self, tenant_a):
        with tenant_context(tenant_a):
            call = create(opens_on=days(3), closes_on=days(3))

        assert call.opens_on == call.closes_on

    def test_refuses_to_close_before_it_opens_with_a_message_on_the_last_day(self, tenant_a):
        with tenant_context(tenant_a), pytest.raises(ValidationError) as error:
            create(opens_on=days(10), closes_on=days(9))

        assert error.value.message_dict == {
            "closes_on": ["Sista dagen kan inte vara före den dag utlysningen öppnar."]
        }
        with tenant_context(tenant_a):
            assert not IdeaCall.objects.exists()

    def test_needs_at_least_one_audience(self, tenant_a):
        with tenant_context(tenant_a), pytest.raises(ValidationError) as error:
            create(audiences=[])

        assert error.value.message_dict == {"audiences": ["Välj minst en målgrupp."]}

    def test_refuses_an_audience_that_does_not_exist(self, tenant_a):
        with tenant_context(tenant_a), pytest.raises(ValidationError) as error:
            create(audiences=["citizen", "aliens"])

        assert "audiences" in error.value.message_dict

    def test_refuses_a_blank_title_and_problem_at_once(self, tenant_a):
        with tenant_context(tenant_a), pytest.raises(ValidationError) as error:
            create(title=" ", problem="")

        assert set(error.value.message_dict) == {"title", "problem"}


class TestCallUpdate:
    def test_changes_the_dates_and_needs_and_audits_before_and_after(self, tenant_a, admin):
        with tenant_context(tenant_a):
            old_need, new_need = rows.need(), rows.need()
            call = rows.call(needs=[old_need], closes_on=days(5))

            services.call_update(call=call, by=admin, closes_on=days(20), needs=[new_need])

            call.refresh_from_db()
            assert list(call.needs.all()) == [new_need]
            event = AuditEvent.objects.get(action="call.updated")
        assert call.closes_on == days(20)
        assert (event.actor_id, event.object_id) == (admin.pk, str(call.pk))
        # The changed fields only.
        assert event.before == {"closes_on": days(5).isoformat(), "needs": [old_need.pk]}
        assert event.after == {"closes_on": days(20).isoformat(), "needs": [new_need.pk]}

    def test_refuses_a_last_day_before_the_first(self, tenant_a, admin):
        with tenant_context(tenant_a):
            call = rows.call(opens_on=days(1), closes_on=days(9))
            with pytest.raises(ValidationError) as error:
                services.call_update(call=call, by=admin, closes_on=days(0))

            call.refresh_from_db()
        assert "closes_on" in error.value.message_dict
        assert call.closes_on == days(9)

    def test_writes_nothing_when_nothing_changed(self, tenant_a, admin):
        with tenant_context(tenant_a):
            call = rows.call(title="Samma")

            services.call_update(call=call, by=admin, title="Samma")

            assert not AuditEvent.objects.filter(action="call.updated").exists()

    def test_does_not_change_fields_it_does_not_know(self, tenant_a, admin):
        with tenant_context(tenant_a):
            call = rows.call()
            with pytest.raises(TypeError):
                services.call_update(call=call, by=admin, created_by=admin)


class TestCallCloseNow:
    def test_makes_yesterday_the_last_day_so_the_call_is_closed(self, tenant_a, admin):
        with tenant_context(tenant_a):
            call = rows.call(opens_on=days(-10), closes_on=days(10))

            services.call_close_now(call=call, by=admin)

            call.refresh_from_db()
            event = AuditEvent.objects.get(action="call.closed")
        assert call.closes_on == days(-1)
        assert call.opens_on == days(-10)
        assert not selectors.call_is_open(call)
        assert (event.actor_id, event.object_id) == (admin.pk, str(call.pk))
        assert event.before == {
            "opens_on": days(-10).isoformat(),
            "closes_on": days(10).isoformat(),
        }
        assert event.after == {"opens_on": days(-10).isoformat(), "closes_on": days(-1).isoformat()}

    def test_closes_a_call_that_opened_today_by_moving_its_first_day_too(self, tenant_a, admin):
        with tenant_context(tenant_a):
            call = rows.call(opens_on=days(0), closes_on=days(10))

            services.call_close_now(call=call, by=admin)

            call.refresh_from_db()
        assert (call.opens_on, call.closes_on) == (days(-1), days(-1))
        assert selectors.call_state(call) == "closed"

    def test_says_a_closed_call_is_already_closed(self, tenant_a, admin):
        with tenant_context(tenant_a):
            call = rows.call(opens_on=days(-10), closes_on=days(-2))
            with pytest.raises(ValidationError) as error:
                services.call_close_now(call=call, by=admin)

        assert error.value.messages == ["Utlysningen är redan stängd."]

    def test_refuses_to_close_a_call_that_has_not_opened(self, tenant_a, admin):
        with tenant_context(tenant_a):
            call = rows.call(opens_on=days(2), closes_on=days(10))
            with pytest.raises(ValidationError) as error:
                services.call_close_now(call=call, by=admin)

        assert "inte öppnat" in error.value.messages[0]

    def test_uses_the_swedish_date(self, tenant_a, admin, monkeypatch):
        # 00:30 in Stockholm is still yesterday in UTC.
        sweden_new_year = datetime.datetime(2027, 1, 1, 0, 30, tzinfo=selectors.STOCKHOLM)
        real_today = selectors.today
        monkeypatch.setattr(selectors, "today", lambda: real_today(now=sweden_new_year))
        with tenant_context(tenant_a):
            call = rows.call(
                opens_on=datetime.date(2026, 12, 1), closes_on=datetime.date(2027, 1, 31)
            )

            services.call_close_now(call=call, by=admin)

        assert call.closes_on == datetime.date(2026, 12, 31)
