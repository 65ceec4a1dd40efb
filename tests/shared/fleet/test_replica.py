"""With a replica configured, network and coordinator reads go to it; writes never do."""

from __future__ import annotations

import pytest
from django.db import connections, transaction
from django.db.utils import load_backend
from django.test.utils import CaptureQueriesContext

from network.exchange import selectors as exchange_selectors
from network.exchange.models import Publication
from network.figures import selectors as figures_selectors
from shared.fleet import replica as replica_module
from shared.fleet.replica import REPLICA, ReplicaRouter
from tenants.needs.models import Need


@pytest.fixture
def replica(settings, monkeypatch):  # type: ignore[no-untyped-def]
    """A ``replica`` alias on the test database (a second connection), routed like production."""
    settings.DATABASE_ROUTERS = ["shared.fleet.replica.ReplicaRouter", *settings.DATABASE_ROUTERS]
    settings_dict = dict(connections["default"].settings_dict)
    # Made by hand, as the test case lets through connections it was not told about.
    connections[REPLICA] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(
        settings_dict, REPLICA
    )
    # Not in DATABASES: that dict is also the connection handler's list of allowed aliases.
    monkeypatch.setattr(replica_module, "replica_configured", lambda: True)
    yield
    connections[REPLICA].close()
    del connections[REPLICA]


def queries_by_alias(action):  # type: ignore[no-untyped-def]
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica_queries,
    ):
        action()
    return len(primary.captured_queries), len(replica_queries.captured_queries)


@pytest.mark.django_db(transaction=True)
class TestReplicaRouter:
    """Committed transactions: inside one, every read stays on the primary by design."""

    def test_the_network_search_and_the_coordinators_figures_are_read_from_the_replica(
        self, replica
    ):
        scope = figures_selectors.Scope()

        def read() -> None:
            list(exchange_selectors.publications_published()[:5])
            figures_selectors.totals(scope, ["ideas_received"])

        primary, on_replica = queries_by_alias(read)

        assert on_replica >= 2
        assert primary == 0

    def test_writes_and_reads_inside_a_transaction_stay_on_the_primary(self, replica):
        def write() -> None:
            with transaction.atomic():
                Publication.objects.filter(pk=-1).update(title="x")
                list(Publication.objects.select_for_update().filter(pk=-1))

        primary, on_replica = queries_by_alias(write)

        assert primary >= 2
        assert on_replica == 0

    def test_tenant_apps_are_never_routed_to_the_replica(self, replica):
        assert ReplicaRouter().db_for_read(Need) is None
        assert ReplicaRouter().db_for_write(Publication) == "default"
        assert ReplicaRouter().allow_migrate(REPLICA, "exchange") is False

    def test_without_a_replica_everything_reads_from_the_primary(self):
        assert ReplicaRouter().db_for_read(Publication) is None
