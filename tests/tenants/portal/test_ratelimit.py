"""Anonymous forms are limited per client address, per e-mail address and organisation."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest
from django.test import RequestFactory
from django_tenants.utils import schema_context

from tenants.ideas.models import Idea
from tenants.portal import ratelimit
from tests.tenants.portal.conftest import idea_form_data, make_idea

pytestmark = pytest.mark.django_db

NEED = {
    "name": "Bo",
    "email": "bo@example.org",
    "audience": "business",
    "title": "Leveranser i centrum",
    "description": "Det finns ingenstans att lasta av.",
    "consent": "on",
}
PARTICIPANT = {
    "name": "Stina",
    "email": "stina@example.org",
    "audience": "citizen",
    "consent": "on",
}


def request_from(address: str, **meta: Any) -> HttpRequest:
    return RequestFactory().post("/portal/ny-ide/", REMOTE_ADDR=address, **meta)


class TestHit:
    def test_allows_the_limit_then_refuses_until_the_window_ends(self, tenant_a):
        with schema_context(tenant_a.schema_name):
            verdicts = [
                ratelimit.hit(request_from("192.0.2.1")) for _ in range(ratelimit.ADDRESS_LIMIT + 1)
            ]

        assert [v.allowed for v in verdicts] == [True] * ratelimit.ADDRESS_LIMIT + [False]
        assert 0 < verdicts[-1].retry_after <= ratelimit.WINDOW_SECONDS

    def test_counts_each_address_on_its_own(self, tenant_a):
        with schema_context(tenant_a.schema_name):
            for _ in range(ratelimit.ADDRESS_LIMIT):
                ratelimit.hit(request_from("192.0.2.1"))

            assert not ratelimit.hit(request_from("192.0.2.1")).allowed
            assert ratelimit.hit(request_from("192.0.2.2")).allowed

    def test_counts_each_organisation_on_its_own(self, tenant_a, tenant_b):
        with schema_context(tenant_a.schema_name):
            for _ in range(ratelimit.ADDRESS_LIMIT + 1):
                ratelimit.hit(request_from("192.0.2.1"))
        with schema_context(tenant_b.schema_name):
            assert ratelimit.hit(request_from("192.0.2.1")).allowed

    def test_ignores_x_forwarded_for_unless_proxies_are_trusted(self, tenant_a, settings):
        spoofed = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}

        assert ratelimit.client_address(request_from("10.0.0.1", **spoofed)) == "10.0.0.1"
        settings.PORTAL_TRUSTED_PROXY_HOPS = 1
        forwarded = {"HTTP_X_FORWARDED_FOR": "203.0.113.9, 198.51.100.7"}
        assert ratelimit.client_address(request_from("10.0.0.1", **forwarded)) == "198.51.100.7"

    def test_keeps_no_address_in_the_cache_key(self):
        key = ratelimit._key("submit", "192.0.2.1", 1)

        assert "192.0.2.1" not in key


class TestSubmittingTooOften:
    def test_answers_429_with_a_swedish_message_and_keeps_what_was_typed(
        self, visitor, tenant_a, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            for n in range(ratelimit.EMAIL_LIMIT):
                response = visitor.post("/portal/ny-ide/", idea_form_data(title=f"Idé {n}"))
                assert response.status_code == 302

            refused = visitor.post("/portal/ny-ide/", idea_form_data(title="En idé för mycket"))

        body = refused.content.decode()
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) > 0
        assert "Du har skickat många formulär på kort tid" in body
        assert 'value="En idé för mycket"' in body
        assert "Det behövs fler ställen att vila på promenaden längs ån.</textarea>" in body
        with schema_context(tenant_a.schema_name):
            assert Idea.objects.count() == ratelimit.EMAIL_LIMIT

    def test_corrections_of_a_form_do_not_count(self, visitor, tenant_a):
        for _ in range(ratelimit.EMAIL_LIMIT + 3):
            invalid = visitor.post("/portal/ny-ide/", idea_form_data(email="fel"))
            assert invalid.status_code == 400

        assert visitor.post("/portal/ny-ide/", idea_form_data()).status_code == 302

    def test_needs_support_and_robots_share_the_count_of_an_address(
        self, visitor, tenant_a, monkeypatch
    ):
        monkeypatch.setattr(ratelimit, "ADDRESS_LIMIT", 5)
        idea = make_idea(tenant_a.schema_name, title="Publik idé")
        visitor.post("/portal/ny-ide/", idea_form_data(webbplats="spam"))
        visitor.post("/portal/nytt-behov/", NEED)
        visitor.post("/portal/nytt-behov/", {**NEED, "title": "Ett annat behov"})
        visitor.post(f"/portal/ideer/{idea.pk}/", {**PARTICIPANT, "action": "follow"})
        visitor.post(f"/portal/ideer/{idea.pk}/", {**PARTICIPANT, "action": "support"})

        need = visitor.post("/portal/nytt-behov/", {**NEED, "title": "Mitt behov"})
        support = visitor.post(f"/portal/ideer/{idea.pk}/", {**PARTICIPANT, "action": "support"})

        assert need.status_code == support.status_code == 429
        assert 'value="Mitt behov"' in need.content.decode()
        assert 'value="stina@example.org"' in support.content.decode()

    def test_another_organisation_is_not_affected(self, visitor, client_for, tenant_a, tenant_b):
        for n in range(ratelimit.EMAIL_LIMIT + 1):
            visitor.post("/portal/nytt-behov/", {**NEED, "title": f"Behov {n}"})

        assert visitor.post("/portal/nytt-behov/", NEED).status_code == 429
        assert client_for(tenant_b).post("/portal/nytt-behov/", NEED).status_code == 302
