"""Adopting a network item into one's own lock, and the evaluation flowing back to its origin."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from network.adoptions.models import Adoption, EvidenceReport
from shared.core.models import AuditEntry
from tenants.adopted import services
from tenants.adopted.models import Provenance
from tenants.audit.models import AuditEvent
from tenants.ideas.models import Idea, StageChange
from tenants.library.models import Method
from tests.factories import make_idea, stage
from tests.network.adoptions.make import EVIDENCE, publication
from tests.tenants.trials.make import evaluate, plan

pytestmark = pytest.mark.django_db


def adopt(organization, publication_id, by, **fields):
    with tenant_context(organization):
        return services.adoption_create(publication_id=publication_id, by=by, **fields)


def refusal(error: pytest.ExceptionInfo[ValidationError], field: str = "publication") -> str:
    return " ".join(error.value.message_dict[field])


class TestAdoptionCreate:
    def test_creates_the_idea_in_the_adopters_schema_with_provenance_and_evidence(
        self, tenant_a, tenant_b, coach_b
    ):
        item = publication(tenant_a)

        with tenant_context(tenant_b):
            provenance = services.adoption_create(
                publication_id=item.pk, category="adapted", starting_stage=stage("test"), by=coach_b
            )
            idea = Idea.objects.get(pk=provenance.idea_id)
            assert idea.title == "Lådcyklar i hemtjänsten"
            assert "Tre grupper testade" in idea.description
            assert idea.stage.key == "test"
            assert idea.submitted_by == coach_b
            move = StageChange.objects.filter(idea=idea, to_stage__key="test").get()
            assert tenant_a.name in move.reason
            stored = Provenance.objects.get(idea=idea)
            assert stored.category == "adapted"
            assert stored.origin_publication_id == item.pk
            assert stored.origin_organization_id == tenant_a.pk
            assert stored.origin_organization_name == tenant_a.name
            assert stored.origin_evidence["evaluation"] == EVIDENCE["evaluation"]
            assert stored.origin_evidence["outcome"] == "implement"
            assert AuditEvent.objects.filter(action="adoption.recorded").count() == 1
        with tenant_context(tenant_a):
            assert not Idea.objects.filter(title="Lådcyklar i hemtjänsten").exists()
        adoption = Adoption.objects.get(publication=item)
        assert adoption.organization == tenant_b
        assert (adoption.local_kind, adoption.local_source_id) == ("idea", idea.pk)
        assert adoption.starting_stage == "test"
        assert AuditEntry.objects.filter(action="network.adopted", organization=tenant_b).exists()

    def test_starts_in_the_entry_stage_when_no_stage_is_chosen(self, tenant_a, tenant_b, coach_b):
        provenance = adopt(tenant_b, publication(tenant_a).pk, coach_b, category="copied")

        with tenant_context(tenant_b):
            assert Idea.objects.get(pk=provenance.idea_id).stage.key == "received"

    def test_a_method_becomes_an_entry_in_the_adopters_library(self, tenant_a, tenant_b, coach_b):
        item = publication(tenant_a, kind="method", title="Idéworkshop på 90 minuter")

        provenance = adopt(tenant_b, item.pk, coach_b, category="copied")

        with tenant_context(tenant_b):
            method = Method.objects.get(pk=provenance.method_id)
            assert method.title == "Idéworkshop på 90 minuter"
            assert provenance.idea_id is None
        assert Adoption.objects.get(publication=item).local_kind == "method"

    def test_adopting_twice_is_refused_and_nothing_more_is_written(
        self, tenant_a, tenant_b, coach_b
    ):
        item = publication(tenant_a)
        adopt(tenant_b, item.pk, coach_b, category="copied")

        with pytest.raises(ValidationError) as error:
            adopt(tenant_b, item.pk, coach_b, category="adapted")

        assert "redan tagit in" in refusal(error)
        assert Adoption.objects.filter(publication=item).count() == 1
        with tenant_context(tenant_b):
            assert Idea.objects.count() == 1
            assert Provenance.objects.count() == 1

    def test_a_withdrawn_item_is_refused(self, tenant_a, tenant_b, coach_b):
        item = publication(tenant_a, status="withdrawn")

        with pytest.raises(ValidationError) as error:
            adopt(tenant_b, item.pk, coach_b, category="copied")

        assert "dragits tillbaka" in refusal(error)
        assert not Adoption.objects.exists()
        with tenant_context(tenant_b):
            assert not Idea.objects.exists()

    def test_an_organisations_own_item_is_refused(self, tenant_a, member_of):
        coach_a = member_of(tenant_a, "coach")
        item = publication(tenant_a)

        with pytest.raises(ValidationError) as error:
            adopt(tenant_a, item.pk, coach_a, category="copied")

        assert "egen organisation" in refusal(error)
        assert not Adoption.objects.exists()

    def test_a_need_is_refused(self, tenant_a, tenant_b, coach_b):
        item = publication(tenant_a, kind="need")

        with pytest.raises(ValidationError) as error:
            adopt(tenant_b, item.pk, coach_b, category="copied")

        assert "skriva under" in refusal(error)

    def test_a_closed_stage_and_an_unknown_category_are_refused_together(
        self, tenant_a, tenant_b, coach_b
    ):
        item = publication(tenant_a)

        with tenant_context(tenant_b):
            with pytest.raises(ValidationError) as error:
                services.adoption_create(
                    publication_id=item.pk,
                    category="stolen",
                    starting_stage=stage("declined"),
                    by=coach_b,
                )
            assert not Idea.objects.exists()

        assert set(error.value.message_dict) == {"category", "starting_stage"}
        assert not Adoption.objects.exists()


class TestEvaluationFlowsBack:
    def evaluated_adoption(self, tenant_a, tenant_b, coach_b, django_capture_on_commit_callbacks):
        item = publication(tenant_a)
        provenance = adopt(tenant_b, item.pk, coach_b, category="adapted")
        with tenant_context(tenant_b):
            idea = Idea.objects.get(pk=provenance.idea_id)
            with django_capture_on_commit_callbacks(execute=True):
                evaluation = evaluate(
                    plan(idea, coach_b),
                    coach_b,
                    recommendation="adjust",
                    effects="Restiden minskade med en tredjedel.",
                    lessons="KANARIE-LÄRDOM stannar hemma",
                    actual_cost_sek=Decimal("98000.00"),
                )
        return item, evaluation

    def test_evaluating_the_adopted_ideas_test_writes_a_summary_to_the_origin_item(
        self, tenant_a, tenant_b, coach_b, django_capture_on_commit_callbacks
    ):
        item, evaluation = self.evaluated_adoption(
            tenant_a, tenant_b, coach_b, django_capture_on_commit_callbacks
        )

        report = EvidenceReport.objects.get(publication=item)
        assert report.organization == tenant_b
        assert report.source_evaluation_id == evaluation.pk
        assert report.recommendation == "adjust"
        assert report.effects == "Restiden minskade med en tredjedel."
        assert report.actual_cost_sek == Decimal("98000.00")
        assert (report.measures_met, report.measures_total) == (2, 2)
        assert report.population_served == tenant_b.population

    def test_the_summary_carries_nothing_personal(
        self, tenant_a, tenant_b, coach_b, django_capture_on_commit_callbacks
    ):
        item, _evaluation = self.evaluated_adoption(
            tenant_a, tenant_b, coach_b, django_capture_on_commit_callbacks
        )

        row = EvidenceReport.objects.filter(publication=item).values().get()
        text = " ".join(str(value) for value in row.values())
        assert "KANARIE-LÄRDOM" not in text
        assert coach_b.email not in text
        assert coach_b.full_name not in text

    def test_reporting_the_same_evaluation_again_writes_nothing_more(
        self, tenant_a, tenant_b, coach_b, django_capture_on_commit_callbacks
    ):
        item, evaluation = self.evaluated_adoption(
            tenant_a, tenant_b, coach_b, django_capture_on_commit_callbacks
        )

        with tenant_context(tenant_b):
            again = services.evaluation_report_back(evaluation_id=evaluation.pk)

        assert again == EvidenceReport.objects.get(publication=item)
        assert EvidenceReport.objects.count() == 1

    def test_an_evaluation_of_a_home_grown_idea_stays_home(
        self, tenant_b, coach_b, django_capture_on_commit_callbacks
    ):
        with tenant_context(tenant_b):
            idea = make_idea(submitted_by=coach_b)
            with django_capture_on_commit_callbacks(execute=True):
                evaluation = evaluate(plan(idea, coach_b), coach_b)
            assert services.evaluation_report_back(evaluation_id=evaluation.pk) is None

        assert not EvidenceReport.objects.exists()
