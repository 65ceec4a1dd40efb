"""A change to a published need reaches its network snapshot through a real worker, once."""

import time

import pytest
from django_tenants.utils import schema_context

from network.exchange.models import Publication
from tenants.needs import services as need_services
from tenants.sharing import services
from tests.network.exchange import make

pytestmark = pytest.mark.worker


def wait_for(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


class TestSnapshotRefreshOnAWorker:
    def test_an_edit_after_commit_updates_the_snapshot_in_the_origins_schema(
        self, committed_tenant_a, celery_worker, member_of
    ):
        coach = member_of(committed_tenant_a, "coach")
        with schema_context(committed_tenant_a.schema_name):
            need = make.need(coach)
            services.publication_publish(kind="need", source_id=need.pk, by=coach)
        published = Publication.objects.get()

        with schema_context(committed_tenant_a.schema_name):
            need_services.need_update(need=need, by=coach, title="Ensamhet i byarna")

        assert wait_for(lambda: Publication.objects.get().title == "Ensamhet i byarna")
        refreshed = Publication.objects.get()
        assert refreshed.updated_at > published.updated_at
        assert refreshed.organization_id == committed_tenant_a.pk
