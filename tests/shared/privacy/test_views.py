"""Pages for data subjects' requests: platform staff on the public site, an admin on its host."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from shared.core.models import AuditEntry
from shared.privacy import services
from shared.privacy.models import SubjectRequest, SubjectRequestStatus
from tenants.audit.models import AuditEvent
from tenants.contacts.models import Contact
from tests import factories

pytestmark = pytest.mark.django_db

EMAIL = "ingrid.provsdotter@example.se"
NAME = "Ingrid Provsdotter"


@pytest.fixture
def staff() -> Any:
    return factories.PersonFactory(platform_role="platform_staff", is_staff=True)


@pytest.fixture
def ingrid(tenant_a: Any, tenant_b: Any) -> Any:
    """A person who works in one organisation and is named in another's idea."""
    person = factories.PersonFactory(email=EMAIL, full_name=NAME)
    factories.MembershipFactory(person=person, organization=tenant_a, role="staff")
    with schema_context(tenant_a.schema_name):
        factories.make_idea(submitted_by=person, title="Frukostklubb för nyanställda")
    with schema_context(tenant_b.schema_name):
        factories.make_idea(title="Mentorer", description=f"Fråga {NAME} om hur det gick.")
    connection.set_schema_to_public()
    return person


def _inline_scripts(page: str) -> list[str]:
    return re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page)


class TestStaffRequestPages:
    def test_refuse_anyone_but_platform_staff(self, tenant_a, member_of, client_for) -> None:
        admin = member_of(tenant_a, "admin")

        assert client_for(person=admin).get("/plattform/registrerade/").status_code == 403
        assert (
            client_for(person=admin)
            .post("/plattform/registrerade/", {"kind": "export", "email": EMAIL})
            .status_code
            == 403
        )
        assert client_for().get("/plattform/registrerade/").status_code == 302
        assert not SubjectRequest.objects.exists()

    def test_register_an_export_at_once_and_show_its_progress_without_inline_script(
        self, staff, client_for
    ) -> None:
        client = client_for(person=staff)

        response = client.post("/plattform/registrerade/", {"kind": "export", "email": EMAIL})

        request = SubjectRequest.objects.get()
        assert (request.kind, request.status, request.email) == ("export", "queued", EMAIL)
        assert response["Location"] == f"/plattform/registrerade/{request.pk}/"
        page = client.get(response["Location"]).content.decode()
        assert f'data-progress-url="/plattform/registrerade/{request.pk}/status/"' in page
        assert "js/progress.js" in page
        assert _inline_scripts(page) == []

    def test_ask_to_confirm_an_erasure_naming_what_will_happen(
        self, staff, ingrid, client_for
    ) -> None:
        client = client_for(person=staff)

        response = client.post("/plattform/registrerade/", {"kind": "erasure", "email": EMAIL})

        page = response.content.decode()
        assert response.status_code == 200
        assert not SubjectRequest.objects.exists()
        assert EMAIL in page
        assert "medlem i 1 organisation." in page
        assert "Raderad person" in page
        assert "går inte att ångra" in page
        assert 'name="confirm" value="yes"' in page

        confirmed = client.post(
            "/plattform/registrerade/", {"kind": "erasure", "email": EMAIL, "confirm": "yes"}
        )

        request = SubjectRequest.objects.get()
        assert request.kind == "erasure"
        assert confirmed["Location"] == f"/plattform/registrerade/{request.pk}/"

    def test_refuse_an_address_that_is_not_one_and_keep_the_form(self, staff, client_for) -> None:
        response = client_for(person=staff).post(
            "/plattform/registrerade/", {"kind": "export", "email": "inte en adress"}
        )

        assert response.status_code == 400
        assert 'id="id_email_error"' in response.content.decode()
        assert not SubjectRequest.objects.exists()

    def test_status_reports_how_far_the_request_has_come(self, staff, client_for) -> None:
        request = services.subject_request_create(kind="export", email=EMAIL, by=staff)
        SubjectRequest.objects.filter(pk=request.pk).update(
            status=SubjectRequestStatus.RUNNING, schemas_total=4, schemas_done=1
        )

        state = client_for(person=staff).get(f"/plattform/registrerade/{request.pk}/status/").json()

        assert state == {
            "status": "running",
            "status_display": "Pågår",
            "schemas_done": 1,
            "schemas_total": 4,
            "percent": 25,
            "finished": False,
            "text": "Pågår: 1 av 4 organisationer.",
        }


class TestStaffExportPages:
    def _finished_export(self, staff: Any) -> SubjectRequest:
        request = services.subject_request_create(kind="export", email=EMAIL, by=staff)
        return services.subject_request_run(request_id=request.pk)

    def test_hand_over_every_trace_as_json_and_log_who_took_it(
        self, staff, ingrid, tenant_a, tenant_b, client_for
    ) -> None:
        request = self._finished_export(staff)

        response = client_for(person=staff).get(f"/plattform/registrerade/{request.pk}/export.json")

        assert response["Content-Disposition"] == (
            f'attachment; filename="registerutdrag-{request.pk}.json"'
        )
        export = json.loads(response.content)
        assert export["schemas"]["public"]["accounts.person"][0]["full_name"] == NAME
        assert "ideas.idea" in export["schemas"][tenant_a.schema_name]
        assert "ideas.idea" in export["schemas"][tenant_b.schema_name]
        assert AuditEntry.objects.filter(
            action="subject_request.export_read", actor_id=staff.pk
        ).exists()

    def test_show_a_readable_summary_by_organisation_and_kind_of_record(
        self, staff, ingrid, tenant_a, tenant_b, client_for
    ) -> None:
        request = self._finished_export(staff)
        client = client_for(person=staff)

        detail = client.get(f"/plattform/registrerade/{request.pk}/").content.decode()
        page = client.get(f"/plattform/registrerade/{request.pk}/sammanstallning/")

        assert "js/progress.js" not in detail
        assert f"/plattform/registrerade/{request.pk}/sammanstallning/" in detail
        text = page.content.decode()
        assert tenant_a.name in text
        assert tenant_b.name in text
        assert "Frukostklubb för nyanställda" in text
        assert "Idéer (1)" in text
        assert _inline_scripts(text) == []

    def test_have_nothing_to_hand_over_once_the_person_is_erased(
        self, staff, ingrid, client_for
    ) -> None:
        request = self._finished_export(staff)
        erasure = services.subject_request_create(kind="erasure", email=EMAIL, by=staff)
        services.subject_request_run(request_id=erasure.pk)
        client = client_for(person=staff)

        response = client.get(f"/plattform/registrerade/{request.pk}/export.json", follow=True)

        assert response.redirect_chain == [(f"/plattform/registrerade/{request.pk}/", 302)]
        assert "Exporten finns inte längre" in response.content.decode()
        erased = client.get(f"/plattform/registrerade/{erasure.pk}/").content.decode()
        assert "Vad som ändrades" in erased
        assert EMAIL not in erased
        assert NAME not in erased


class TestContactRequestPage:
    @pytest.fixture
    def contact(self, tenant_a: Any) -> Contact:
        with schema_context(tenant_a.schema_name):
            contact = factories.make_contact(name=NAME, email=EMAIL)
            factories.make_idea(contact=contact, audience="citizen", title="Bänkar i parken")
        connection.set_schema_to_public()
        return contact

    def test_is_for_admins_only(self, tenant_a, member_of, client_for) -> None:
        coach = member_of(tenant_a, "coach")

        response = client_for(tenant_a, person=coach).get("/installningar/registrerade/")

        assert response.status_code == 403

    def test_shows_the_contacts_traces_readably_and_as_json(
        self, tenant_a, contact, member_of, client_for
    ) -> None:
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        summary = client.post("/installningar/registrerade/", {"email": EMAIL, "action": "summary"})
        download = client.post("/installningar/registrerade/", {"email": EMAIL, "action": "json"})

        assert "Bänkar i parken" in summary.content.decode()
        assert download["Content-Disposition"].startswith("attachment;")
        export = json.loads(download.content)
        assert export["schemas"][tenant_a.schema_name]["contacts.contact"][0]["name"] == NAME

    def test_erases_only_after_a_confirmation_naming_what_will_happen(
        self, tenant_a, contact, member_of, client_for
    ) -> None:
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        asked = client.post("/installningar/registrerade/", {"email": EMAIL, "action": "erase"})

        assert "1 portalkontakt har adressen" in asked.content.decode()
        assert "går inte att ångra" in asked.content.decode()
        with schema_context(tenant_a.schema_name):
            assert Contact.objects.get(pk=contact.pk).name == NAME
        connection.set_schema_to_public()

        done = client.post(
            "/installningar/registrerade/", {"email": EMAIL, "action": "erase", "confirm": "yes"}
        )

        assert done["Location"] == "/installningar/registrerade/"
        with schema_context(tenant_a.schema_name):
            assert Contact.objects.get(pk=contact.pk).name == services.ERASED_CONTACT_NAME
            assert AuditEvent.objects.filter(action="contact.erasure_requested").exists()

    def test_refuses_a_request_that_names_no_action(
        self, tenant_a, contact, member_of, client_for
    ) -> None:
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))

        response = client.post("/installningar/registrerade/", {"email": EMAIL})

        assert response.status_code == 400
        with schema_context(tenant_a.schema_name):
            assert Contact.objects.get(pk=contact.pk).name == NAME


class TestWhereAdminsFindThem:
    def test_the_home_page_links_an_admin_to_contact_requests_and_retention(
        self, tenant_a, member_of, client_for
    ) -> None:
        admin_home = client_for(tenant_a, person=member_of(tenant_a, "admin")).get("/")
        coach_home = client_for(tenant_a, person=member_of(tenant_a, "coach")).get("/")

        assert 'href="/installningar/registrerade/"' in admin_home.content.decode()
        assert 'href="/installningar/gallring/"' in admin_home.content.decode()
        assert "/installningar/registrerade/" not in coach_home.content.decode()
