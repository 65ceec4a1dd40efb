"""Publishing from inside the lock: whitelisted snapshots, refusals, withdrawal, refresh."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from network.exchange.models import Publication, PublicationStatus
from tenants.audit.models import AuditEvent
from tenants.sharing import services, signals, snapshots
from tests import factories
from tests.network.exchange import make

pytestmark = pytest.mark.django_db

SUBMITTER_NAME = "Kanarie Idégivarsson"
SUBMITTER_EMAIL = "kanarie.idegivare@example.org"
CONTACT_NAME = "Kanarie Portalsdotter"
CONTACT_EMAIL = "kanarie.portal@example.org"
NOTE = "KANARIE-INTERN-ANTECKNING"


@pytest.fixture
def coach(tenant_a, member_of):
    return member_of(tenant_a, "coach")


class TestPublicationPublish:
    def test_publishes_a_need_as_a_snapshot_keyed_by_its_origin_and_source_id(
        self, tenant_a, coach
    ):
        with schema_context(tenant_a.schema_name):
            need = make.need(coach)
            publication = services.publication_publish(kind="need", source_id=need.pk, by=coach)

        assert publication.organization_id == tenant_a.pk
        assert (publication.kind, publication.source_id) == ("need", need.pk)
        assert publication.title == need.title
        assert publication.area == "Äldreomsorg"
        assert publication.status == PublicationStatus.PUBLISHED
        assert publication.origin_name == tenant_a.name
        assert publication.county_code == tenant_a.county_code
        assert publication.municipality_codes == tenant_a.municipality_codes
        assert publication.population_band != ""
        assert publication.contact_role == f"Idéslussen i {tenant_a.name}"
        assert publication.contact_name == ""

    def test_never_copies_the_submitter_contact_or_internal_notes(self, tenant_a, coach):
        submitter = factories.PersonFactory(full_name=SUBMITTER_NAME, email=SUBMITTER_EMAIL)
        with schema_context(tenant_a.schema_name):
            contact = factories.make_contact(name=CONTACT_NAME, email=CONTACT_EMAIL)
            portal_need = make.need(None, contact=contact, source="citizen")
            idea = make.idea_at_test(coach, submitted_by=submitter)
            make.internal_note(idea, coach, NOTE)
            make.evaluate(idea.trials.get(), coach)
            services.publication_publish(kind="need", source_id=portal_need.pk, by=coach)
            services.publication_publish(kind="idea", source_id=idea.pk, by=coach)

        text = make.public_network_text()
        assert "Digitala fikaträffar" in text  # the scan sees the snapshot
        for canary in (SUBMITTER_NAME, SUBMITTER_EMAIL, CONTACT_NAME, CONTACT_EMAIL, NOTE):
            assert canary not in text
        assert coach.full_name not in text
        assert coach.email not in text

    def test_publishes_an_idea_at_test_with_its_tests_and_latest_evaluation(self, tenant_a, coach):
        with schema_context(tenant_a.schema_name):
            idea = make.idea_at_test(coach)
            make.evaluate(idea.trials.get(), coach, recommendation="adjust")
            publication = services.publication_publish(kind="idea", source_id=idea.pk, by=coach)

        assert publication.stage == "test"  # the stage it is at; the outcome says the rest
        assert publication.stage_name == "Test"
        assert publication.outcome == "adjust"
        (test,) = publication.evidence["tests"]
        assert test["units"] == ["Hemtjänst norr", "Hemtjänst söder", "Hemtjänst centrum"]
        assert test["measures"] == [
            {
                "description": "Andel som känner sig ensamma",
                "target": "−20 %",
                "result": "−25 %",
                "met": True,
            }
        ]
        latest = publication.evidence["latest_evaluation"]
        assert latest["effects"] == "25 % färre kände sig ensamma."
        assert latest["actual_cost_sek"] == "41000.00"
        assert latest["recommendation"] == "adjust"
        assert "evaluated_by" not in latest

    def test_refuses_an_idea_that_has_not_reached_test_and_writes_nothing(self, tenant_a, coach):
        with schema_context(tenant_a.schema_name):
            idea = factories.make_idea()
            audit_before = AuditEvent.objects.count()
            with pytest.raises(ValidationError) as refused:
                services.publication_publish(kind="idea", source_id=idea.pk, by=coach)
            assert AuditEvent.objects.count() == audit_before

        assert "nått test" in str(refused.value)
        assert not Publication.objects.exists()

    def test_refuses_a_need_withdrawn_in_the_needs_bank(self, tenant_a, coach):
        with schema_context(tenant_a.schema_name):
            need = make.need(coach)
            need.status = "withdrawn"
            need.save()
            with pytest.raises(ValidationError):
                services.publication_publish(kind="need", source_id=need.pk, by=coach)

        assert not Publication.objects.exists()

    def test_refuses_a_source_that_does_not_exist(self, tenant_a, coach):
        with schema_context(tenant_a.schema_name), pytest.raises(ValidationError):
            services.publication_publish(kind="method", source_id=999_999, by=coach)

    def test_shows_the_publishers_name_only_when_they_opt_in(self, tenant_a, coach):
        with schema_context(tenant_a.schema_name):
            method = make.method(coach)
            hidden = services.publication_publish(kind="method", source_id=method.pk, by=coach)
            hidden_name = hidden.contact_name
            shown = services.publication_publish(
                kind="method",
                source_id=method.pk,
                by=coach,
                contact_role="Innovationsledare",
                show_contact_name=True,
            )

        assert hidden_name == ""
        assert shown.pk == hidden.pk
        assert (shown.contact_role, shown.contact_name) == ("Innovationsledare", coach.full_name)

    def test_records_the_publishing_in_the_organisations_audit_log(self, tenant_a, coach):
        with schema_context(tenant_a.schema_name):
            need = make.need(coach)
            publication = services.publication_publish(kind="need", source_id=need.pk, by=coach)
            event = AuditEvent.objects.get(action="network.published")

        assert event.actor_id == coach.pk
        assert event.object_id == str(need.pk)
        assert event.after["publication"] == publication.pk


class TestPublicationWithdraw:
    def test_withdraws_from_the_network_and_records_it(self, tenant_a, coach):
        with schema_context(tenant_a.schema_name):
            need = make.need(coach)
            services.publication_publish(kind="need", source_id=need.pk, by=coach)
            publication = services.publication_withdraw(
                kind="need", source_id=need.pk, by=coach, reason="Löst"
            )
            assert AuditEvent.objects.filter(action="network.withdrawn").count() == 1

        assert publication.status == PublicationStatus.WITHDRAWN
        assert publication.withdrawn_at is not None
        assert not Publication.objects.published().exists()

    def test_refuses_what_is_not_published(self, tenant_a, coach):
        with schema_context(tenant_a.schema_name):
            need = make.need(coach)
            with pytest.raises(ValidationError):
                services.publication_withdraw(kind="need", source_id=need.pk, by=coach)

    def test_publishing_again_brings_it_back(self, tenant_a, coach):
        with schema_context(tenant_a.schema_name):
            need = make.need(coach)
            first = services.publication_publish(kind="need", source_id=need.pk, by=coach)
            services.publication_withdraw(kind="need", source_id=need.pk, by=coach)
            again = services.publication_publish(kind="need", source_id=need.pk, by=coach)

        assert again.pk == first.pk
        assert again.status == PublicationStatus.PUBLISHED
        assert again.withdrawn_at is None


class TestPublicationRefresh:
    def test_a_change_to_the_source_updates_the_snapshot_after_commit(
        self, tenant_a, coach, django_capture_on_commit_callbacks
    ):
        from tenants.needs import services as need_services

        with schema_context(tenant_a.schema_name):
            with django_capture_on_commit_callbacks(execute=True):
                need = make.need(coach)
                services.publication_publish(kind="need", source_id=need.pk, by=coach)
            with django_capture_on_commit_callbacks(execute=True) as callbacks:
                need_services.need_update(need=need, by=coach, title="Ensamhet i byarna")
                need_services.need_update(need=need, by=coach, unit="Socialtjänst")

        refreshes = [each for each in callbacks if isinstance(each, signals._Refresh)]
        assert len(refreshes) == 1  # one refresh per source and transaction
        publication = Publication.objects.get()
        assert (publication.title, publication.area) == ("Ensamhet i byarna", "Socialtjänst")

    def test_an_evaluation_recorded_later_reaches_the_snapshot(
        self, tenant_a, coach, django_capture_on_commit_callbacks
    ):
        with schema_context(tenant_a.schema_name):
            idea = make.idea_at_test(coach)
            services.publication_publish(kind="idea", source_id=idea.pk, by=coach)
            with django_capture_on_commit_callbacks(execute=True):
                make.evaluate(idea.trials.get(), coach)

        publication = Publication.objects.get()
        assert publication.outcome == "implement"
        assert (
            publication.evidence["latest_evaluation"]["summary"] == "Ensamheten minskade tydligt."
        )

    def test_is_idempotent(self, tenant_a, coach):
        with schema_context(tenant_a.schema_name):
            need = make.need(coach)
            published = services.publication_publish(kind="need", source_id=need.pk, by=coach)
            first = services.publication_refresh(kind="need", source_id=need.pk)
            second = services.publication_refresh(kind="need", source_id=need.pk)

        assert (first, second) == (False, False)
        assert Publication.objects.get().updated_at == published.updated_at

    def test_a_source_never_published_is_not_refreshed(
        self, tenant_a, coach, django_capture_on_commit_callbacks
    ):
        with schema_context(tenant_a.schema_name):
            with django_capture_on_commit_callbacks(execute=True):
                make.need(coach)
            assert services.publication_refresh(kind="need", source_id=1) is False

        assert not Publication.objects.exists()

    def test_a_need_withdrawn_in_the_needs_bank_leaves_the_network(
        self, tenant_a, coach, django_capture_on_commit_callbacks
    ):
        from tenants.needs import services as need_services

        with schema_context(tenant_a.schema_name):
            with django_capture_on_commit_callbacks(execute=True):
                need = make.need(coach)
                services.publication_publish(kind="need", source_id=need.pk, by=coach)
            with django_capture_on_commit_callbacks(execute=True):
                need_services.need_set_status(
                    need=need, status="withdrawn", by=coach, reason="Dubblett"
                )

        assert Publication.objects.get().status == PublicationStatus.WITHDRAWN


class TestSnapshotWhitelist:
    def test_names_exactly_the_fields_that_may_leave_the_schema(self):
        assert snapshots.NEED_FIELDS == ("title", "description", "unit", "affected", "tags")
        assert snapshots.IDEA_FIELDS == (
            "title",
            "description",
            "expected_benefit",
            "unit",
            "tags",
            "stage",
        )
        assert snapshots.METHOD_FIELDS == ("kind", "title", "description", "location")
        assert "evaluated_by" not in snapshots.EVALUATION_FIELDS
        assert "created_by" not in snapshots.TRIAL_FIELDS
