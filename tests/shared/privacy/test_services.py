"""Data subjects' requests across every schema: export, erasure, and the scan that proves it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from shared.accounts import services as account_services
from shared.accounts.models import Membership, Person
from shared.core.models import AuditEntry
from shared.privacy import services
from shared.privacy.models import SubjectRequest, SubjectRequestStatus
from tenants.audit.models import AuditEvent
from tenants.contacts.models import Contact
from tenants.council.models import Decision
from tenants.ideas import services as idea_services
from tests import factories
from tests.tenants.council import make as council_make

pytestmark = pytest.mark.django_db

EMAIL = "Greta.Exempelsson@example.se"
NAME = "Greta Exempelsson"


def _everywhere(needle: str) -> list[tuple[str, str, int]]:
    """Every table of every schema whose rows, as text, contain ``needle``: scanned, not sampled."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' "
            "AND table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        for schema_name, table in cursor.fetchall():
            cursor.execute(
                f'SELECT count(*) FROM "{schema_name}"."{table}" AS t '  # noqa: S608
                "WHERE strpos(lower(t::text), lower(%s)) > 0",
                [needle],
            )
            count = cursor.fetchone()[0]
            if count:
                found.append((schema_name, table, count))
    return found


@pytest.fixture
def greta(tenant_a: Any, tenant_b: Any, tenant_c: Any) -> dict[str, Any]:
    """A person with traces in public and three organisations, staff in two, a contact in one."""
    admin = factories.PersonFactory()
    person = factories.PersonFactory(email=EMAIL.lower(), full_name=NAME)
    factories.MembershipFactory(person=admin, organization=tenant_a, role="admin")
    account_services.membership_add(
        organization=tenant_a, email=EMAIL, full_name=NAME, role="staff", by=admin, notify=False
    )
    factories.MembershipFactory(person=person, organization=tenant_b, role="coach")
    rows: dict[str, Any] = {"person": person, "admin": admin}
    with schema_context(tenant_a.schema_name):
        idea = factories.make_idea(submitted_by=person, title="Cykelpool för hemtjänsten")
        idea_services.comment_add(idea=idea, author=person, body=f"Kontakta mig på {EMAIL}.")
        item = council_make.item(admin, idea=council_make.idea_in("screening", admin))
        rows["decision"] = council_make.decide(admin, item)
        rows["decision_number"] = rows["decision"].registration_number
    with schema_context(tenant_b.schema_name):
        factories.make_idea(
            submitted_by=admin,
            title="Lånecyklar",
            description=f"Föreslagen av {NAME} ({EMAIL}) på arbetsplatsträffen.",
        )
    with schema_context(tenant_c.schema_name):
        contact = factories.make_contact(
            name=NAME, email=EMAIL, organization_name="Cykelföreningen"
        )
        rows["portal_idea"] = factories.make_idea(
            contact=contact, audience="citizen", title="Fler cykelställ vid stationen"
        )
    return rows


def _run(kind: str, by: Person) -> SubjectRequest:
    request = services.subject_request_create(kind=kind, email=EMAIL, by=by)
    return services.subject_request_run(request_id=request.pk)


class TestSubjectRequestExport:
    def test_finds_the_person_in_public_and_every_organisation_they_left_traces_in(
        self, greta: dict[str, Any], tenant_a: Any, tenant_b: Any, tenant_c: Any
    ) -> None:
        request = _run("export", greta["admin"])

        assert request.status == SubjectRequestStatus.SUCCEEDED
        schemas = request.result["schemas"]
        assert [row["email"] for row in schemas["public"]["accounts.person"]] == [EMAIL.lower()]
        assert len(schemas["public"]["accounts.membership"]) == 2
        assert {"ideas.idea", "ideas.comment"} <= set(schemas[tenant_a.schema_name])
        assert "ideas.idea" in schemas[tenant_b.schema_name]
        assert schemas[tenant_c.schema_name]["contacts.contact"][0]["name"] == NAME
        assert "access_token" not in schemas[tenant_c.schema_name]["contacts.contact"][0]

    def test_reports_progress_over_every_schema_and_drops_the_address_when_done(
        self, greta: dict[str, Any]
    ) -> None:
        request = _run("export", greta["admin"])

        assert request.schemas_done == request.schemas_total >= 3
        assert request.progress_percent == 100
        assert request.email == ""
        assert request.email_digest == services.email_digest(EMAIL)

    def test_logs_the_request_and_its_outcome_without_the_address(
        self, greta: dict[str, Any]
    ) -> None:
        request = _run("export", greta["admin"])

        actions = set(
            AuditEntry.objects.filter(target=f"subject_request:{request.pk}").values_list(
                "action", flat=True
            )
        )
        assert actions == {"subject_request.export_requested", "subject_request.export_succeeded"}


class TestSubjectRequestErasure:
    def test_leaves_the_name_and_address_nowhere_in_any_schema(self, greta: dict[str, Any]) -> None:
        _run("export", greta["admin"])
        assert _everywhere(EMAIL)
        assert _everywhere(NAME)

        _run("erasure", greta["admin"])

        assert _everywhere(EMAIL) == []
        assert _everywhere(NAME) == []

    def test_keeps_public_records_readable_without_the_person(
        self, greta: dict[str, Any], tenant_a: Any, tenant_c: Any
    ) -> None:
        _run("erasure", greta["admin"])

        with schema_context(tenant_a.schema_name):
            decision = Decision.objects.get(pk=greta["decision"].pk)
            assert decision.registration_number == greta["decision_number"]
            assert decision.rationale == "Bra idé, värd att testa."
        with schema_context(tenant_c.schema_name):
            idea = type(greta["portal_idea"]).objects.get(pk=greta["portal_idea"].pk)
            assert idea.title == "Fler cykelställ vid stationen"
            assert idea.contact.name == services.ERASED_CONTACT_NAME

    def test_cuts_the_pseudonym_in_the_audit_log_from_the_person(
        self, greta: dict[str, Any], tenant_a: Any
    ) -> None:
        person = greta["person"]
        _run("erasure", greta["admin"])

        person.refresh_from_db()
        assert (person.full_name, person.is_active, person.has_usable_password()) == (
            services.ERASED_PERSON_NAME,
            False,
            False,
        )
        assert not Membership.objects.filter(person=person).exists()
        with schema_context(tenant_a.schema_name):
            # The log still says the same person acted, and no longer who they were.
            assert AuditEvent.objects.filter(actor_id=person.pk).exists()

    def test_is_logged_in_each_organisation_whose_contacts_it_anonymised(
        self, greta: dict[str, Any], tenant_c: Any
    ) -> None:
        request = _run("erasure", greta["admin"])

        assert request.outcome["schemas"][tenant_c.schema_name]["contacts.contact"] == 1
        with schema_context(tenant_c.schema_name):
            event = AuditEvent.objects.get(action="contact.erased")
            assert event.after == {"subject_request": request.pk}


class TestContactRequestsByAnAdmin:
    def test_export_and_erase_only_the_contacts_of_their_own_organisation(
        self, greta: dict[str, Any], tenant_c: Any, tenant_b: Any
    ) -> None:
        admin = greta["admin"]
        with schema_context(tenant_c.schema_name):
            export = services.contact_export(email=EMAIL, by=admin)
            counts = services.contact_erase(email=EMAIL, by=admin)
            assert Contact.objects.get().name == services.ERASED_CONTACT_NAME
            actions = list(
                AuditEvent.objects.filter(action__endswith="_requested").values_list(
                    "action", flat=True
                )
            )

        assert export["schemas"][tenant_c.schema_name]["contacts.contact"][0]["email"] == EMAIL
        assert "accounts.person" not in export["schemas"][tenant_c.schema_name]
        assert counts["contacts.contact"] == 1
        assert sorted(actions) == ["contact.erasure_requested", "contact.export_requested"]
        # The person's staff traces elsewhere are the platform's to erase, not this admin's.
        assert Person.objects.get(pk=greta["person"].pk).full_name == NAME


class TestErasureAndThePlatformAuditLog:
    def test_reports_an_append_only_row_that_still_names_the_person_instead_of_failing(
        self, greta: dict[str, Any]
    ) -> None:
        # An old row from before people were logged by id: the log refuses any change to it.
        AuditEntry.objects.create(action="membership.added", target="x", after={"email": EMAIL})

        request = _run("erasure", greta["admin"])

        assert request.status == SubjectRequestStatus.SUCCEEDED
        assert request.outcome["schemas"]["public"]["core.auditentry (kvar)"] == 1
        assert AuditEntry.objects.filter(after={"email": EMAIL}).exists()
