"""The platform's audit log (public schema): who did what to which organisation."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, transaction

from shared.core import services
from shared.core.models import AuditEntry
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


class TestAuditRecord:
    def test_records_who_did_what_with_before_and_after(self, tenant_a):
        person = PersonFactory()

        entry = services.audit_record(
            actor=person,
            action="organization.renamed",
            organization=tenant_a,
            target="alfa",
            before={"name": "Alfa"},
            after={"name": "Alfa kommun"},
        )

        stored = AuditEntry.objects.get(pk=entry.pk)
        assert (stored.actor, stored.organization, stored.action, stored.target) == (
            person,
            tenant_a,
            "organization.renamed",
            "alfa",
        )
        assert (stored.before, stored.after) == ({"name": "Alfa"}, {"name": "Alfa kommun"})

    def test_nobody_in_particular_and_an_anonymous_visitor_are_recorded_as_no_actor(self):
        for actor in (None, AnonymousUser()):
            entry = services.audit_record(actor=actor, action="sso.login_refused")

            assert AuditEntry.objects.get(pk=entry.pk).actor is None

    def test_before_and_after_default_to_empty(self):
        entry = services.audit_record(actor=None, action="sso.login_refused")

        stored = AuditEntry.objects.get(pk=entry.pk)
        assert (stored.before, stored.after, stored.target, stored.organization) == (
            {},
            {},
            "",
            None,
        )


class TestThePlatformLogIsAppendOnly:
    @pytest.fixture
    def entry(self, tenant_a):
        return services.audit_record(
            actor=PersonFactory(), action="organization.renamed", organization=tenant_a
        )

    @pytest.mark.parametrize(
        "change",
        [
            {"action": "organization.archived"},
            {"target": "annan"},
            {"after": {"name": "Förfalskat"}},
            {"actor": None, "action": "x"},
        ],
    )
    def test_the_database_refuses_to_change_an_entry(self, entry, change):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(**change)

    def test_the_database_refuses_to_delete_an_entry(self, entry):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).delete()

    def test_the_database_refuses_to_name_another_actor(self, entry):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(actor=PersonFactory())

    def test_deleting_the_person_named_leaves_the_entry_without_them(self, entry):
        entry.actor.delete()

        stored = AuditEntry.objects.get(pk=entry.pk)
        assert (stored.actor, stored.action) == (None, "organization.renamed")
