"""The welcome mail's set-password link: the organisation's configured host, its token only."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail

from shared.accounts import notifications
from shared.accounts.models import Membership
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def set_password_link(message: mail.EmailMessage) -> str:
    return next(line for line in str(message.body).splitlines() if "/password-reset/" in line)


class TestWelcomeMail:
    def test_links_to_the_organisations_configured_host(self, tenant_a):
        person = PersonFactory(email="ny@example.org", password=None)
        membership = Membership.objects.create(person=person, organization=tenant_a, role="staff")

        assert notifications.membership_welcome_send(membership_id=membership.pk)

        link = urlsplit(set_password_link(mail.outbox[0]))
        assert link.hostname == f"alfa.{settings.BASE_DOMAIN}"
        assert link.scheme == settings.SITE_SCHEME

    def test_the_set_password_link_works_only_on_the_organisation_it_was_sent_for(
        self, tenant_a, tenant_b, client_for
    ):
        person = PersonFactory(email="ny@example.org")
        Membership.objects.create(person=person, organization=tenant_b, role="viewer")

        path = urlsplit(notifications.set_password_url(person, tenant_a)).path

        assert not client_for(tenant_b).get(path).context["validlink"]
        assert client_for(tenant_a).get(path).status_code == 302
