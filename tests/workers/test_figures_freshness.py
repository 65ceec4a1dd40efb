"""The national figures on a real worker: a committed change is counted, and a lost one repaired."""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from network.figures import counting, tasks
from network.figures.models import FillState
from tests.network.figures import make
from tests.network.figures.conftest import kept

pytestmark = pytest.mark.worker


def wait_for(condition, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


class TestFiguresOnARealWorker:
    def test_a_committed_submission_is_counted_by_the_worker(
        self, committed_tenant_a, celery_worker, settings
    ):  # type: ignore[no-untyped-def]
        settings.FIGURES_DEBOUNCE_SECONDS = 0
        admin = make.admin_of(committed_tenant_a)
        with tenant_context(committed_tenant_a):
            make.submit(by=admin, gender="woman")
        connection.set_schema_to_public()

        def counted() -> bool:
            state = FillState.objects.filter(organization=committed_tenant_a).first()
            return bool(state and state.counted_through and state.dirty_since is None)

        assert wait_for(counted), "the worker never recounted the organisation"
        assert kept(committed_tenant_a) == counting.organization_figures(
            organization=committed_tenant_a
        )

    def test_the_scheduled_fan_out_recounts_every_organisation(
        self, committed_tenant_a, committed_tenant_b, celery_worker
    ):  # type: ignore[no-untyped-def]
        admin = make.admin_of(committed_tenant_b)
        with tenant_context(committed_tenant_b):
            # Rows stored straight, as if the change's own task had been lost.
            from tests.tenants.reports import make as report_make

            report_make.ideas(
                [report_make.IdeaSpec(created_at=report_make.at(make.DAY))], submitted_by=admin
            )
        connection.set_schema_to_public()
        assert tasks.figures_recount_fan_out.delay().get(timeout=30) >= 2
        assert wait_for(
            lambda: (
                kept(committed_tenant_b)
                == counting.organization_figures(organization=committed_tenant_b)
            )
        )
