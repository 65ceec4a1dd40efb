"""The evaluation of an adopted idea flows back to its origin from a real worker, in the
adopter's schema, once."""

import time

import pytest
from django_tenants.utils import tenant_context

from network.adoptions.models import EvidenceReport
from tenants.adopted import services
from tests.network.adoptions.make import publication
from tests.tenants.trials.make import evaluate, plan

pytestmark = pytest.mark.worker


def wait_for(condition, timeout: float = 20.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


class TestEvidenceFlowsBackOnARealWorker:
    def test_the_worker_writes_the_summary_from_the_adopters_schema(
        self, committed_tenant_a, committed_tenant_b, celery_worker, member_of
    ):
        item = publication(committed_tenant_a)
        coach_b = member_of(committed_tenant_b, "coach")
        with tenant_context(committed_tenant_b):
            provenance = services.adoption_create(
                publication_id=item.pk, category="adapted", by=coach_b
            )
            assert provenance.idea is not None
            evaluation = evaluate(plan(provenance.idea, coach_b), coach_b, recommendation="adjust")

        assert wait_for(lambda: EvidenceReport.objects.filter(publication=item).exists()), (
            "the worker wrote no summary"
        )
        report = EvidenceReport.objects.get(publication=item)
        assert report.organization_id == committed_tenant_b.pk
        assert report.source_evaluation_id == evaluation.pk
        assert report.recommendation == "adjust"
