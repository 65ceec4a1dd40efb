"""Retention (gallring): every record has a class, and the daily task applies the contacts' one."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from shared.privacy import retention, services, tasks
from tenants.audit.models import AuditEvent
from tenants.contacts.models import Contact
from tenants.ideas.models import Idea
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = datetime.timedelta(days=365)


def _contact_with_idea(*, closed_ago: datetime.timedelta | None, **fields: Any) -> Contact:
    contact = factories.make_contact(**fields)
    idea = factories.make_idea(contact=contact, audience="citizen", title="Parkbänkar")
    if closed_ago is not None:
        # They came, submitted and were answered well before the idea was closed.
        Contact.objects.filter(pk=contact.pk).update(created_at=timezone.now() - closed_ago)
        Idea.objects.filter(pk=idea.pk).update(
            stage=factories.stage("declined"), stage_changed_at=timezone.now() - closed_ago
        )
    return contact


class TestRetentionClasses:
    def test_every_model_of_an_organisations_schema_has_one(self) -> None:
        labels = {
            model._meta.label_lower
            for config in apps.get_app_configs()
            if config.name in settings.TENANT_APPS
            for model in config.get_models()
            if model._meta.managed and not model._meta.proxy
        }

        assert sorted(labels - set(retention.RETENTION)) == [], (
            "give the new model a retention class in shared/privacy/retention.py "
            "and docs/retention.md"
        )
        assert sorted(set(retention.RETENTION) - labels) == []


class TestRetentionApply:
    def test_anonymises_a_contact_whose_ideas_closed_longer_ago_than_retention(
        self, tenant_a: Any
    ) -> None:
        with schema_context(tenant_a.schema_name):
            old = _contact_with_idea(closed_ago=3 * YEAR, name="Sixten Gallringsson")
            counts = retention.retention_apply()

            old.refresh_from_db()
            assert counts == {"anonymised": 1, "removed": 0}
            assert old.name == services.ERASED_CONTACT_NAME
            assert Idea.objects.get(contact=old).title == "Parkbänkar"
            assert AuditEvent.objects.filter(
                action="contact.retention_anonymised", object_id=str(old.pk)
            ).exists()

    def test_keeps_contacts_with_an_open_idea_or_one_closed_recently(self, tenant_a: Any) -> None:
        with schema_context(tenant_a.schema_name):
            open_one = _contact_with_idea(closed_ago=None, name="Öppen Idésson")
            recent = _contact_with_idea(closed_ago=YEAR, name="Nyligen Stängd")
            open_one_also_closed = factories.make_idea(contact=open_one, audience="citizen")
            Idea.objects.filter(pk=open_one_also_closed.pk).update(
                stage=factories.stage("declined"), stage_changed_at=timezone.now() - 5 * YEAR
            )

            counts = retention.retention_apply()

            assert counts == {"anonymised": 0, "removed": 0}
            assert Contact.objects.get(pk=open_one.pk).name == "Öppen Idésson"
            assert Contact.objects.get(pk=recent.pk).name == "Nyligen Stängd"

    def test_removes_unconfirmed_contacts_after_thirty_days_and_keeps_what_they_submitted(
        self, tenant_a: Any
    ) -> None:
        with schema_context(tenant_a.schema_name):
            stale = factories.make_contact(confirmed_at=None, name="Aldrig Bekräftad")
            fresh = factories.make_contact(confirmed_at=None, name="Alldeles Ny")
            submitted = _contact_with_idea(closed_ago=None, confirmed_at=None, name="Har Idéer")
            month_ago = timezone.now() - datetime.timedelta(days=31)
            Contact.objects.filter(pk__in=[stale.pk, submitted.pk]).update(created_at=month_ago)

            counts = retention.retention_apply()

            assert counts == {"anonymised": 1, "removed": 1}
            assert not Contact.objects.filter(pk=stale.pk).exists()
            assert Contact.objects.get(pk=fresh.pk).name == "Alldeles Ny"
            assert Contact.objects.get(pk=submitted.pk).name == services.ERASED_CONTACT_NAME
            assert Idea.objects.filter(contact=submitted).exists()

    def test_running_twice_changes_nothing_more(self, tenant_a: Any) -> None:
        with schema_context(tenant_a.schema_name):
            _contact_with_idea(closed_ago=3 * YEAR)
            retention.retention_apply()

            assert retention.retention_apply() == {"anonymised": 0, "removed": 0}

    def test_the_daily_task_reaches_every_organisation(
        self, tenant_a: Any, tenant_b: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        sent: list[str] = []
        monkeypatch.setattr(
            tasks.retention_apply, "delay", lambda: sent.append(connection.schema_name)
        )

        tasks.retention_fan_out()

        assert {tenant_a.schema_name, tenant_b.schema_name} <= set(sent)


class TestRetentionPage:
    def test_shows_an_admin_which_contacts_go_and_when(
        self, tenant_a: Any, member_of: Any, client_for: Any
    ) -> None:
        with schema_context(tenant_a.schema_name):
            _contact_with_idea(closed_ago=YEAR + datetime.timedelta(days=100), name="Snart Gallrad")
            _contact_with_idea(closed_ago=None, name="Kvar Länge")
        connection.set_schema_to_public()
        due_on = timezone.localdate() + datetime.timedelta(days=265)

        page = client_for(tenant_a, person=member_of(tenant_a, "admin")).get(
            "/installningar/gallring/"
        )

        text = page.content.decode()
        assert "Snart Gallrad" in text
        assert "Kvar Länge" not in text
        assert (
            due_on.isoformat() in text or (due_on - datetime.timedelta(days=1)).isoformat() in text
        )
        assert "Bevaras som allmän handling" in text

    def test_is_for_admins_only(self, tenant_a: Any, member_of: Any, client_for: Any) -> None:
        response = client_for(tenant_a, person=member_of(tenant_a, "coach")).get(
            "/installningar/gallring/"
        )

        assert response.status_code == 403
