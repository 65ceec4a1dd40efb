"""Published items of alfa (a need, a proven idea, a method), seen from beta and gamma."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django_tenants.utils import schema_context

from network.exchange.models import Publication
from tenants.sharing import services
from tests.network.exchange import make


@dataclass
class Published:
    need: Publication
    idea: Publication
    method: Publication


@pytest.fixture
def published(tenant_a, member_of) -> Published:
    coach = member_of(tenant_a, "coach")
    with schema_context(tenant_a.schema_name):
        need = make.need(coach)
        idea = make.idea_at_test(coach)
        make.evaluate(idea.trials.get(), coach)
        method = make.method(coach)
        return Published(
            need=services.publication_publish(kind="need", source_id=need.pk, by=coach),
            idea=services.publication_publish(kind="idea", source_id=idea.pk, by=coach),
            method=services.publication_publish(kind="method", source_id=method.pk, by=coach),
        )
