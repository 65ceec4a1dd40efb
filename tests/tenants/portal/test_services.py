"""Contacts and the portal's writes, against the real database; mail at its edge."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django_tenants.utils import schema_context

from tenants.audit.models import AuditEvent
from tenants.audit.services import audit_event_record
from tenants.contacts import services as contact_services
from tenants.contacts.models import Contact
from tenants.ideas.models import Follow, Idea, Support
from tenants.needs.models import Need
from tenants.portal import services
from tests.tenants.portal.conftest import CONSENT, make_contact, make_idea

pytestmark = pytest.mark.django_db


def submit_idea(**overrides: Any) -> Idea:
    values: dict[str, Any] = {
        "name": "Vera Visitor",
        "email": "vera@example.org",
        "audience": "citizen",
        "consent_text": CONSENT,
        "title": "Lekplats vid biblioteket",
        "description": "Barnen har ingenstans att vara medan föräldrarna lånar böcker.",
    }
    values.update(overrides)
    return services.portal_idea_submit(**values)


class TestContactRegister:
    def test_creates_a_contact_with_a_secret_token_and_the_consent_given(self, tenant_a):
        with schema_context(tenant_a.schema_name):
            contact = make_contact(email="Ny@Example.org", name="  Nils   Ny ", gender="man")

            assert contact.name == "Nils Ny"
            assert contact.email == "Ny@Example.org"
            assert contact.gender == "man"
            assert contact.consent_text == CONSENT
            assert contact.consent_given_at is not None
            assert contact.confirmed_at is None
            assert len(contact.access_token) >= 40

    def test_knows_a_contact_again_by_email_whatever_the_case_and_keeps_the_token(self, tenant_a):
        with schema_context(tenant_a.schema_name):
            first = make_contact(
                email="sam@example.org", name="Sam", organization_name="Förening A"
            )
            again = make_contact(
                email="SAM@example.org", name="Sam Svensson", organization_name="Förening B"
            )

            assert again.pk == first.pk
            assert again.access_token == first.access_token
            assert again.name == "Sam Svensson"
            assert again.organization_name == "Förening B"
            assert Contact.objects.count() == 1

    def test_none_keeps_what_a_known_contact_said_before(self, tenant_a):
        with schema_context(tenant_a.schema_name):
            make_contact(email="ola@example.org", organization_name="Ola AB", gender="man")
            again = make_contact(email="ola@example.org", organization_name=None, gender=None)

            assert (again.organization_name, again.gender) == ("Ola AB", "man")

    def test_refuses_a_bad_address_a_staff_audience_and_a_missing_consent(self, tenant_a):
        with schema_context(tenant_a.schema_name), pytest.raises(ValidationError) as caught:
            contact_services.contact_register(
                name="", email="inte-en-adress", audience="staff", consent_text=" "
            )

        assert set(caught.value.message_dict) == {"name", "email", "audience", "consent_text"}

    def test_records_the_consent_in_the_audit_log_without_name_or_e_mail(self, tenant_a):
        with schema_context(tenant_a.schema_name):
            contact = make_contact(email="granskad@example.org", name="Greta Granskad")

            event = AuditEvent.objects.get(action="contact.registered")
        assert (event.actor_id, event.object_type, event.object_id) == (
            None,
            "contacts.contact",
            str(contact.pk),
        )
        assert event.object_label == f"Kontakt {contact.pk}"
        assert event.before == {}
        assert event.after == {
            "audience": "citizen",
            "consent_text": CONSENT,
            "consent_given_at": contact.consent_given_at.isoformat(),
            "confirmed_at": None,
        }
        row = f"{event.object_label} {event.before} {event.after}".lower()
        assert "granskad" not in row
        assert "greta" not in row

    def test_records_a_renewed_consent_with_what_changed(self, tenant_a):
        with schema_context(tenant_a.schema_name):
            first = make_contact(email="sam@example.org", audience="citizen")
            given_first = first.consent_given_at
            again = make_contact(email="sam@example.org", audience="business")

            event = AuditEvent.objects.get(action="contact.consent_renewed")
        assert event.object_id == str(first.pk)
        assert (event.before["audience"], event.after["audience"]) == ("citizen", "business")
        assert event.before["consent_given_at"] == given_first.isoformat()
        assert event.after["consent_given_at"] == again.consent_given_at.isoformat()
        assert "sam@" not in str(event.before) + str(event.after)

    def test_the_contact_and_its_audit_event_are_stored_together_or_not_at_all(
        self, tenant_a, monkeypatch
    ):
        def then_fail(**kwargs):
            audit_event_record(**kwargs)
            raise RuntimeError("something after the audit event failed")

        monkeypatch.setattr(contact_services, "audit_event_record", then_fail)

        with schema_context(tenant_a.schema_name):
            with pytest.raises(RuntimeError), transaction.atomic():
                make_contact()

            assert not Contact.objects.exists()
            assert not AuditEvent.objects.exists()


class TestContactConfirm:
    def test_confirms_on_first_use_and_keeps_the_first_time(self, tenant_a):
        with schema_context(tenant_a.schema_name):
            contact = make_contact()

            first = contact_services.contact_confirm(token=contact.access_token)
            second = contact_services.contact_confirm(token=contact.access_token)

            assert first is not None
            assert first.pk == contact.pk
            assert first.confirmed_at is not None
            assert second is not None
            assert second.confirmed_at == first.confirmed_at
            [event] = AuditEvent.objects.filter(action="contact.confirmed")
        assert event.object_id == str(contact.pk)
        assert event.before == {"confirmed_at": None}
        assert event.after == {"confirmed_at": first.confirmed_at.isoformat()}

    @pytest.mark.parametrize("token", ["", "fel-token", "x" * 500])
    def test_an_unknown_token_is_nobody(self, tenant_a, token):
        with schema_context(tenant_a.schema_name):
            make_contact()

            assert contact_services.contact_confirm(token=token) is None


class TestContactSendConfirmation:
    def test_mails_the_follow_link_on_the_organisations_host(
        self, tenant_a, django_capture_on_commit_callbacks
    ):
        with (
            schema_context(tenant_a.schema_name),
            django_capture_on_commit_callbacks(execute=True),
        ):
            contact = make_contact(email="lank@example.org", name="Lina Länk")
            contact_services.contact_send_confirmation(contact=contact)

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["lank@example.org"]
        assert f"http://alfa.localhost/portal/folj/{contact.access_token}/" in message.body
        assert "Hej Lina Länk!" in message.body
        assert "Alfa kommun" in message.subject
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", None)  # no HTML part

    def test_nothing_is_mailed_when_the_transaction_rolls_back(
        self, tenant_a, django_capture_on_commit_callbacks
    ):
        with schema_context(tenant_a.schema_name), django_capture_on_commit_callbacks() as hooks:
            contact = make_contact()
            contact_services.contact_send_confirmation(contact=contact)

        # Queued for after commit, not sent inside the transaction.
        assert any("contact_send_confirmation" in repr(hook) for hook in hooks)
        assert mail.outbox == []


class TestPortalIdeaSubmit:
    def test_registers_the_contact_and_the_idea_in_the_entry_stage_and_mails_the_link(
        self, tenant_a, django_capture_on_commit_callbacks
    ):
        with (
            schema_context(tenant_a.schema_name),
            django_capture_on_commit_callbacks(execute=True),
        ):
            idea = submit_idea(gender="woman", organization_name="Bokcirkeln")
            contact = Contact.objects.get()

            assert idea.stage.is_entry
            assert idea.contact_id == contact.pk
            assert idea.audience == "citizen"
            assert idea.submitter_gender == "woman"
            assert idea.is_public is False
            assert contact.organization_name == "Bokcirkeln"
            assert Follow.objects.filter(idea=idea, contact=contact).exists()

        assert len(mail.outbox) == 1
        assert contact.access_token in mail.outbox[0].body

    def test_the_same_idea_twice_is_one_idea_and_one_mail(
        self, tenant_a, django_capture_on_commit_callbacks
    ):
        with (
            schema_context(tenant_a.schema_name),
            django_capture_on_commit_callbacks(execute=True),
        ):
            first = submit_idea()
            second = submit_idea(email="VERA@example.org")

            assert second.pk == first.pk
            assert Idea.objects.count() == 1
            assert Contact.objects.count() == 1

        assert len(mail.outbox) == 1

    def test_a_refused_attachment_stores_nothing_at_all(
        self, tenant_a, django_capture_on_commit_callbacks
    ):
        bad = SimpleUploadedFile(
            "virus.exe", b"MZ\x90\x00", content_type="application/octet-stream"
        )
        with (
            schema_context(tenant_a.schema_name),
            django_capture_on_commit_callbacks(execute=True),
        ):
            with pytest.raises(ValidationError) as caught:
                submit_idea(attachments=[bad])

            assert "attachments" in caught.value.message_dict
            assert Idea.objects.count() == 0
            assert Contact.objects.count() == 0

        assert mail.outbox == []


class TestPortalNeedSubmit:
    def test_registers_the_need_from_the_contact_with_its_audience(
        self, tenant_a, django_capture_on_commit_callbacks
    ):
        with (
            schema_context(tenant_a.schema_name),
            django_capture_on_commit_callbacks(execute=True),
        ):
            need = services.portal_need_submit(
                name="Bo Företagare",
                email="bo@example.org",
                audience="business",
                consent_text=CONSENT,
                title="Svårt att hitta parkering för leveranser",
                description="Lastbilar står i bussfilen.",
                affected="Butiker i centrum",
            )

            assert need.source == "business"
            assert need.contact is not None
            assert need.contact.email == "bo@example.org"
            assert need.affected == "Butiker i centrum"

        assert len(mail.outbox) == 1

    def test_the_same_need_twice_is_one_need(self, tenant_a):
        values = {
            "name": "Bo",
            "email": "bo@example.org",
            "audience": "business",
            "consent_text": CONSENT,
            "title": "Samma behov",
            "description": "Samma text.",
        }
        with schema_context(tenant_a.schema_name):
            first = services.portal_need_submit(**values)
            second = services.portal_need_submit(**{**values, "description": " samma  TEXT. "})

            assert second.pk == first.pk
            assert Need.objects.count() == 1


class TestPortalParticipate:
    def test_following_starts_at_once_and_support_waits_for_the_confirmed_address(
        self, tenant_a, django_capture_on_commit_callbacks
    ):
        idea = make_idea(tenant_a.schema_name, title="Publik idé")
        with (
            schema_context(tenant_a.schema_name),
            django_capture_on_commit_callbacks(execute=True),
        ):
            contact = services.portal_participate(
                idea=idea,
                action="support",
                name="Stina Stöd",
                email="stina@example.org",
                audience="association",
                consent_text=CONSENT,
            )

            assert Follow.objects.filter(idea=idea, contact=contact).exists()
            assert not Support.objects.filter(idea=idea, contact=contact).exists()

        assert len(mail.outbox) == 1
        assert f"/portal/folj/{contact.access_token}/?stod={idea.pk}" in mail.outbox[0].body
        assert idea.registration_number in mail.outbox[0].body

    def test_an_idea_that_is_not_public_cannot_be_supported_from_the_portal(self, tenant_a):
        idea = make_idea(tenant_a.schema_name, title="Intern idé", public=False)
        with schema_context(tenant_a.schema_name), pytest.raises(ValidationError):
            services.portal_participate(
                idea=idea,
                action="follow",
                name="Nyfiken",
                email="nyfiken@example.org",
                audience="citizen",
                consent_text=CONSENT,
            )
