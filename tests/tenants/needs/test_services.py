"""Writes on the needs bank: register, change, triage; each leaves an audit event."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django_tenants.utils import schema_context, tenant_context

from tenants.audit import services as audit_services
from tenants.audit.models import AuditEvent
from tenants.needs import services
from tenants.needs.models import Need, NeedStatus
from tests.tenants import rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(tenant_a, member_of):
    return member_of(tenant_a, "admin")


class TestNeedSubmit:
    def test_registers_a_need_from_staff_with_what_they_wrote_trimmed(self, tenant_a, admin):
        with tenant_context(tenant_a):
            need = services.need_submit(
                title="  Ensamhet bland äldre ",
                description=" Många äldre träffar ingen. ",
                unit="Äldreomsorgen",
                affected="Äldre som bor hemma",
                by=admin,
            )

            need.refresh_from_db()
        assert need.title == "Ensamhet bland äldre"
        assert need.description == "Många äldre träffar ingen."
        assert need.affected == "Äldre som bor hemma"
        assert need.source == "staff"
        assert need.status == NeedStatus.OPEN
        assert need.created_by == admin

    def test_keeps_working_for_callers_that_pass_only_title_description_unit_and_by(
        self, tenant_a, admin
    ):
        with tenant_context(tenant_a):
            need = services.need_submit(title="T", description="D", unit="U", by=admin)

        assert (need.title, need.unit, need.tags, need.contact) == ("T", "U", [], None)

    def test_lower_cases_and_de_duplicates_tags_in_their_order(self, tenant_a, admin):
        with tenant_context(tenant_a):
            need = services.need_submit(
                title="T", description="D", tags=[" Mat", "skola", "mat", ""], by=admin
            )

        assert need.tags == ["mat", "skola"]

    def test_registers_a_need_from_a_citizen_through_the_portal(self, tenant_a):
        with tenant_context(tenant_a):
            contact = rows.contact()
            need = services.need_submit(
                title="Belysning", description="Mörkt i parken", source="citizen", contact=contact
            )

        assert need.contact == contact
        assert need.source == "citizen"
        assert need.created_by is None

    def test_records_who_registered_what_in_the_organisations_audit_log(self, tenant_a, admin):
        with tenant_context(tenant_a):
            need = services.need_submit(
                title="T", description="D", unit="U", tags=["mat"], by=admin
            )

            event = AuditEvent.objects.get(action="need.submitted")
        assert (event.actor_id, event.object_type, event.object_id) == (
            admin.pk,
            "needs.need",
            str(need.pk),
        )
        assert event.before == {}
        assert event.after == {
            "affected": "",
            "description": "D",
            "municipality_code": "",
            "source": "staff",
            "tags": ["mat"],
            "title": "T",
            "unit": "U",
            "status": "open",
            "contact": None,
        }

    def test_records_a_portal_need_by_its_contact_without_an_actor(self, tenant_a):
        with tenant_context(tenant_a):
            contact = rows.contact()
            services.need_submit(title="T", description="D", source="citizen", contact=contact)

            event = AuditEvent.objects.get(action="need.submitted")
        assert event.actor_id is None
        assert event.after["contact"] == contact.pk
        assert contact.email not in str(event.after)

    def test_writes_the_audit_event_in_the_schema_it_runs_in(self, tenant_a, tenant_b):
        with schema_context(tenant_a.schema_name):
            services.need_submit(title="T", description="D")

        with tenant_context(tenant_a):
            assert AuditEvent.objects.filter(action="need.submitted").count() == 1
        with tenant_context(tenant_b):
            assert not AuditEvent.objects.exists()

    def test_the_need_and_its_audit_event_are_stored_together_or_not_at_all(
        self, tenant_a, admin, monkeypatch
    ):
        written = []

        def then_fail(**kwargs):
            written.append(audit_services.audit_event_record(**kwargs))
            raise RuntimeError("something after the audit event failed")

        monkeypatch.setattr(services, "audit_event_record", then_fail)

        with tenant_context(tenant_a):
            with pytest.raises(RuntimeError), transaction.atomic():
                services.need_submit(title="T", description="D", by=admin)

            assert len(written) == 1
            assert not Need.objects.exists()
            assert not AuditEvent.objects.exists()

    def test_refuses_a_need_without_title_or_description_and_says_which(self, tenant_a):
        with tenant_context(tenant_a), pytest.raises(ValidationError) as error:
            services.need_submit(title="  ", description="")

        assert set(error.value.message_dict) == {"title", "description"}
        with tenant_context(tenant_a):
            assert not Need.objects.exists()

    def test_refuses_an_unknown_source(self, tenant_a):
        with tenant_context(tenant_a), pytest.raises(ValidationError) as error:
            services.need_submit(title="T", description="D", source="martians")

        assert "source" in error.value.message_dict

    def test_refuses_a_tag_longer_than_fifty_characters(self, tenant_a):
        with tenant_context(tenant_a), pytest.raises(ValidationError) as error:
            services.need_submit(title="T", description="D", tags=["x" * 51])

        assert error.value.message_dict["tags"] == ["En tagg får vara högst 50 tecken."]


class TestNeedUpdate:
    def test_changes_what_the_need_says(self, tenant_a, admin):
        with tenant_context(tenant_a):
            need = rows.need(title="Gammal", tags=["a"])

            services.need_update(
                need=need, by=admin, title="Ny", tags="Skola, mat", source="business"
            )

            need.refresh_from_db()
        assert (need.title, need.tags, need.source) == ("Ny", ["skola", "mat"], "business")

    def test_audits_the_changed_fields_before_and_after_and_nothing_else(self, tenant_a, admin):
        with tenant_context(tenant_a):
            need = rows.need(title="Samma", description="Gammal text", unit="")

            services.need_update(
                need=need, by=admin, title="Samma", description="Ny text", unit="IT"
            )

            event = AuditEvent.objects.get(action="need.updated")
        assert (event.actor_id, event.object_id) == (admin.pk, str(need.pk))
        assert event.before == {"description": "Gammal text", "unit": ""}
        assert event.after == {"description": "Ny text", "unit": "IT"}

    def test_writes_nothing_when_nothing_changed(self, tenant_a, admin):
        with tenant_context(tenant_a):
            need = rows.need(title="Samma")

            services.need_update(need=need, by=admin, title=" Samma ")

            assert not AuditEvent.objects.filter(action="need.updated").exists()

    def test_refuses_a_blank_title(self, tenant_a, admin):
        with tenant_context(tenant_a):
            need = rows.need(title="Kvar")
            with pytest.raises(ValidationError) as error:
                services.need_update(need=need, by=admin, title="")

            need.refresh_from_db()
        assert "title" in error.value.message_dict
        assert need.title == "Kvar"

    def test_does_not_change_the_status_or_other_fields_it_does_not_know(self, tenant_a, admin):
        with tenant_context(tenant_a):
            need = rows.need()
            with pytest.raises(TypeError):
                services.need_update(need=need, by=admin, status="solved")


class TestNeedSetStatus:
    def test_moves_the_need_and_records_who_why_and_from_which_status(self, tenant_a, admin):
        with tenant_context(tenant_a):
            need = rows.need()

            services.need_set_status(
                need=need, status="being_addressed", by=admin, reason="Utlysning planeras"
            )

            need.refresh_from_db()
            event = AuditEvent.objects.get(action="need.status_changed")
        assert need.status == NeedStatus.BEING_ADDRESSED
        assert (event.actor_id, event.object_id) == (admin.pk, str(need.pk))
        assert event.before == {"status": "open"}
        assert event.after == {"status": "being_addressed", "reason": "Utlysning planeras"}

    @pytest.mark.parametrize("status", ["being_addressed", "solved", "open"])
    def test_needs_no_reason_except_to_withdraw(self, tenant_a, admin, status):
        with tenant_context(tenant_a):
            need = rows.need(status="withdrawn" if status == "open" else "open")

            services.need_set_status(need=need, status=status, by=admin)

        assert need.status == status

    def test_refuses_to_withdraw_without_a_reason(self, tenant_a, admin):
        with tenant_context(tenant_a):
            need = rows.need()
            with pytest.raises(ValidationError) as error:
                services.need_set_status(need=need, status="withdrawn", by=admin, reason="  ")

            need.refresh_from_db()
        assert error.value.message_dict == {"reason": ["Skriv varför behovet återkallas."]}
        assert need.status == "open"

    def test_refuses_the_status_the_need_already_has(self, tenant_a, admin):
        with tenant_context(tenant_a):
            need = rows.need(status="solved")
            with pytest.raises(ValidationError) as error:
                services.need_set_status(need=need, status="solved", by=admin)

        assert "status" in error.value.message_dict

    def test_refuses_an_unknown_status(self, tenant_a, admin):
        with tenant_context(tenant_a):
            need = rows.need()
            with pytest.raises(ValidationError):
                services.need_set_status(need=need, status="forgotten", by=admin)
