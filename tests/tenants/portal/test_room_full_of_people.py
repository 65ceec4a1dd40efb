"""A flood is stopped; a room full of people on one address is not; robots too fast are refused."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django_tenants.utils import schema_context

from tenants.ideas.models import Idea
from tenants.needs.models import Need
from tenants.portal import ratelimit
from tests.tenants.portal.conftest import idea_form_data

pytestmark = pytest.mark.django_db

LIBRARY = "192.0.2.44"  # one Wi-Fi: every visitor has this address


def shown(organization, seconds_ago: float) -> str:
    return ratelimit.rendered_at_token(organization=organization, at=time.time() - seconds_ago)


class TestAWorkshopOnOneWifi:
    def test_thirty_people_each_sending_an_idea_and_a_need_within_ten_minutes_all_get_through(
        self, visitor, tenant_a, settings
    ):
        settings.PORTAL_MIN_FILL_SECONDS = 3
        for n in range(30):
            token = shown(tenant_a, seconds_ago=60)
            person = {"email": f"deltagare{n}@example.org", "visad": token}
            idea = visitor.post(
                "/portal/ny-ide/",
                idea_form_data(title=f"Idé från deltagare {n}", **person),
                REMOTE_ADDR=LIBRARY,
            )
            need = visitor.post(
                "/portal/nytt-behov/",
                {
                    **idea_form_data(title=f"Behov från deltagare {n}", **person),
                    "description": "Det saknas en mötesplats för unga.",
                },
                REMOTE_ADDR=LIBRARY,
            )
            assert (idea.status_code, need.status_code) == (302, 302), n

        with schema_context(tenant_a.schema_name):
            assert Idea.objects.count() == 30
            assert Need.objects.count() == 30


class TestAFlood:
    def test_one_address_is_stopped_after_its_limit(self, visitor, tenant_a, settings):
        settings.PORTAL_MIN_FILL_SECONDS = 0
        statuses = [
            visitor.post(
                "/portal/nytt-behov/",
                {**idea_form_data(title=f"Spam {n}", email=f"spam{n}@example.org")},
                REMOTE_ADDR=LIBRARY,
            ).status_code
            for n in range(ratelimit.ADDRESS_LIMIT + 1)
        ]

        assert statuses[:-1] == [302] * ratelimit.ADDRESS_LIMIT
        assert statuses[-1] == 429

    def test_one_e_mail_address_is_stopped_whatever_address_it_comes_from(self, visitor, tenant_a):
        statuses = [
            visitor.post(
                "/portal/ny-ide/",
                idea_form_data(title=f"Idé {n}"),
                REMOTE_ADDR=f"198.51.100.{n}",
            ).status_code
            for n in range(ratelimit.EMAIL_LIMIT + 1)
        ]

        assert statuses == [302] * ratelimit.EMAIL_LIMIT + [429]


class TestTheTimeTrap:
    def test_a_form_sent_back_at_once_is_shown_again_with_what_was_typed(
        self, visitor, tenant_a, settings
    ):
        settings.PORTAL_MIN_FILL_SECONDS = 3
        mail.outbox.clear()

        response = visitor.post(
            "/portal/ny-ide/", idea_form_data(visad=shown(tenant_a, seconds_ago=0.5))
        )

        assert response.status_code == 400
        assert "Formuläret skickades innan det hann visas färdigt" in response.content.decode()
        assert 'value="Fler bänkar längs ån"' in response.content.decode()
        assert 'name="visad"' in response.content.decode()
        with schema_context(tenant_a.schema_name):
            assert not Idea.objects.exists()
        assert mail.outbox == []

    @pytest.mark.parametrize("token", ["", "forged", None])
    def test_a_form_without_a_valid_time_is_refused(self, visitor, tenant_a, settings, token):
        settings.PORTAL_MIN_FILL_SECONDS = 3
        if token is None:  # a time signed for another organisation
            from shared.organizations.models import Organization

            token = shown(Organization.objects.get(slug="beta"), seconds_ago=60)

        response = visitor.post("/portal/ny-ide/", idea_form_data(visad=token))

        assert response.status_code == 400

    def test_the_form_carries_the_time_it_was_shown(self, visitor, tenant_a, settings):
        settings.PORTAL_MIN_FILL_SECONDS = 3
        body = visitor.get("/portal/ny-ide/").content.decode()

        assert 'type="hidden" name="visad"' in body
