"""Marking, recounting and rolling up the kept figures; a lost event repaired by the schedule."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from network.figures import counting, services, tasks
from network.figures import dimensions as d
from network.figures.models import NATIONAL, FillState
from shared.organizations.models import Organization
from tests.network.figures import make
from tests.network.figures.conftest import area_rows, kept, summed


@pytest.fixture
def admin_a(tenant_a):  # type: ignore[no-untyped-def]
    return make.admin_of(tenant_a)


def received(organization) -> int:  # type: ignore[no-untyped-def]
    return sum(
        v for (_m, dim, _k, _g), (v, _a) in kept(organization).items() if dim == d.IDEAS_RECEIVED
    )


class TestFiguresMarkDirty:
    def test_queues_one_recount_while_one_waits(self, tenant_a):  # type: ignore[no-untyped-def]
        with mock.patch.object(tasks.figures_recount_organization, "apply_async") as send:
            assert services.figures_mark_dirty(organization_id=tenant_a.pk) is True
            assert services.figures_mark_dirty(organization_id=tenant_a.pk) is False
        assert send.call_count == 1
        assert send.call_args.kwargs["countdown"] == services.debounce_seconds()
        state = FillState.objects.get(organization=tenant_a)
        assert state.dirty_since is not None
        assert state.queued_at is not None

    def test_queues_again_when_the_waiting_recount_was_lost_long_ago(self, tenant_a):  # type: ignore[no-untyped-def]
        long_ago = timezone.now() - services.STALE_QUEUE - datetime.timedelta(seconds=1)
        FillState.objects.create(organization=tenant_a, queued_at=long_ago, dirty_since=long_ago)
        with mock.patch.object(tasks.figures_recount_organization, "apply_async") as send:
            assert services.figures_mark_dirty(organization_id=tenant_a.pk) is True
        assert send.call_count == 1
        assert FillState.objects.get(organization=tenant_a).dirty_since == long_ago


class TestAChangeInTheLock:
    def test_is_counted_once_it_commits(self, tenant_a, admin_a, figures_on_commit):  # type: ignore[no-untyped-def]
        with tenant_context(tenant_a), figures_on_commit():
            make.submit(by=admin_a, gender="woman")
        assert received(tenant_a) == 1
        state = FillState.objects.get(organization=tenant_a)
        assert state.counted_through is not None
        assert state.dirty_since is None

    def test_is_not_counted_when_it_rolls_back(self, tenant_a, admin_a, figures_on_commit):  # type: ignore[no-untyped-def]
        with (
            tenant_context(tenant_a),
            figures_on_commit(),
            transaction.atomic(),
        ):
            make.submit(by=admin_a)
            transaction.set_rollback(True)
        assert received(tenant_a) == 0
        assert not FillState.objects.filter(organization=tenant_a).exists()


class TestALostEvent:
    def test_is_repaired_by_the_scheduled_recount(
        self, tenant_a, tenant_b, admin_a, figures_on_commit
    ):  # type: ignore[no-untyped-def]
        with mock.patch.object(tasks.figures_recount_organization, "apply_async"):
            # The recount task is dropped on its way to the worker, twice.
            with tenant_context(tenant_a), figures_on_commit():
                make.submit(by=admin_a, audience="citizen")
            with tenant_context(tenant_a), figures_on_commit():
                make.submit(by=admin_a, audience="business")
        assert received(tenant_a) == 0
        state = FillState.objects.get(organization=tenant_a)
        assert state.dirty_since is not None
        assert state.counted_through is None

        assert tasks.figures_recount_fan_out() >= 2

        assert received(tenant_a) == 2
        assert kept(tenant_a) == counting.organization_figures(organization=tenant_a)
        state.refresh_from_db()
        assert state.dirty_since is None
        assert state.queued_at is None
        assert state.counted_through is not None
        assert area_rows(NATIONAL) == summed([tenant_a, tenant_b])


class TestARecountThatFails:
    def test_is_recorded_for_the_status_page_and_tried_again(self, tenant_a):  # type: ignore[no-untyped-def]
        with (
            mock.patch.object(counting, "organization_figures", side_effect=RuntimeError("nere")),
            pytest.raises(RuntimeError),
        ):
            tasks.figures_recount_organization(organization_id=tenant_a.pk)
        state = FillState.objects.get(organization=tenant_a)
        assert "nere" in state.last_error
        assert state.queued_at is None
        tasks.figures_recount_organization(organization_id=tenant_a.pk)
        state.refresh_from_db()
        assert state.last_error == ""
        assert state.counted_through is not None


class TestFiguresRollupRebuild:
    def test_gives_what_the_recounts_kept_and_follows_a_move_to_another_county(
        self, tenant_a, tenant_b, admin_a, figures_on_commit
    ):  # type: ignore[no-untyped-def]
        with tenant_context(tenant_a), figures_on_commit():
            make.submit(by=admin_a)
        tasks.figures_recount_fan_out()
        before = {area: area_rows(area) for area in (NATIONAL, tenant_a.county_code)}
        services.figures_rollup_rebuild()
        assert {area: area_rows(area) for area in before} == before

        old_county = tenant_a.county_code
        tenant_a.county_code = "25" if old_county != "25" else "24"
        tenant_a.save(update_fields=["county_code"])
        services.figures_rollup_rebuild()
        assert area_rows(tenant_a.county_code) == summed([tenant_a])
        others = list(Organization.objects.tenants().filter(county_code=old_county))
        assert area_rows(old_county) == summed(others)
