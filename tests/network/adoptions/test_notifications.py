"""Followers hear of co-signers, adoptions and evidence once; a weekly digest once per week."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import tenant_context

from network.adoptions import notifications, services, tasks
from network.adoptions.models import DigestDelivery, NotificationDelivery
from network.exchange.models import CoSignature
from tenants.adopted import services as adopted_services
from tests.network.adoptions.make import follow, publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(tenant_a):
    return publication(tenant_a)


@pytest.fixture
def follower_a(tenant_a, member_of, item):
    person = member_of(tenant_a, "coach", person__email="foljare.alfa@example.org")
    follow(item, person, tenant_a)
    return person


class TestFollowersOfAnItem:
    def test_an_adoption_mails_each_follower_once_after_commit(
        self, tenant_b, item, follower_a, member_of, django_capture_on_commit_callbacks
    ):
        coach_b = member_of(tenant_b, "coach")
        with tenant_context(tenant_b), django_capture_on_commit_callbacks(execute=True):
            provenance = adopted_services.adoption_create(
                publication_id=item.pk, category="copied", by=coach_b
            )

        assert [message.to for message in mail.outbox] == [[follower_a.email]]
        assert tenant_b.name in mail.outbox[0].body
        assert f"http://alfa.localhost/natverk/{item.pk}/" in mail.outbox[0].body
        assert notifications.adoption_notify(adoption_id=provenance.adoption_id) == 0
        assert len(mail.outbox) == 1
        assert NotificationDelivery.objects.filter(person=follower_a, event="adopted").count() == 1

    def test_a_new_cosigner_mails_the_followers_of_the_need(
        self, tenant_a, tenant_b, member_of, django_capture_on_commit_callbacks
    ):
        need = publication(tenant_a, kind="need", title="Kompetensförsörjning i hemtjänsten")
        person = member_of(tenant_a, "admin")
        follow(need, person, tenant_a)

        with django_capture_on_commit_callbacks(execute=True):
            CoSignature.objects.create(
                publication=need,
                organization=tenant_b,
                organization_name=tenant_b.name,
                local_context="Samma sak hos oss.",
                problem_size="large",
            )

        [message] = mail.outbox
        assert message.to == [person.email]
        assert "Kompetensförsörjning i hemtjänsten" in message.subject
        assert tenant_b.name in message.body

    def test_the_acting_organisations_own_followers_and_former_members_get_no_mail(
        self, tenant_a, tenant_b, item, follower_a, member_of
    ):
        coach_b = member_of(tenant_b, "coach")
        follow(item, coach_b, tenant_b)
        gone = member_of(tenant_a, "staff")
        follow(item, gone, tenant_a)
        gone.memberships.all().delete()
        with tenant_context(tenant_b):
            provenance = adopted_services.adoption_create(
                publication_id=item.pk, category="copied", by=coach_b
            )
        mail.outbox.clear()

        sent = tasks.adoption_notify_followers(adoption_id=provenance.adoption_id)

        assert sent == 1
        assert [message.to for message in mail.outbox] == [[follower_a.email]]


class TestWeeklyDigest:
    def monday(self) -> datetime.date:
        return notifications.week_starting(timezone.localdate())

    def test_lists_other_organisations_new_items_in_followed_areas_once_a_week(
        self, tenant_a, tenant_b, member_of
    ):
        coach_b = member_of(tenant_b, "coach")
        staff_b = member_of(tenant_b, "staff")
        services.area_follow(organization=tenant_b, area="Vård och omsorg", by=coach_b)
        last_week = timezone.make_aware(
            datetime.datetime.combine(self.monday() - datetime.timedelta(days=3), datetime.time(9))
        )
        publication(tenant_a, title="Lådcyklar i hemtjänsten", published_at=last_week)
        publication(tenant_a, title="Ny skolmatsedel", area="Skola", published_at=last_week)
        publication(tenant_b, title="Vår egen idé", published_at=last_week)

        assert notifications.digest_send(organization_id=tenant_b.pk) == 1
        assert notifications.digest_send(organization_id=tenant_b.pk) == 0

        [message] = mail.outbox
        assert message.to == [coach_b.email]
        assert staff_b.email not in message.to
        assert "Lådcyklar i hemtjänsten" in message.body
        assert "Ny skolmatsedel" not in message.body
        assert "Vår egen idé" not in message.body
        assert DigestDelivery.objects.get(person=coach_b).week_starting == self.monday()

    def test_the_fan_out_sends_one_task_per_organisation_that_follows_an_area(
        self, tenant_a, tenant_b, tenant_c, member_of
    ):
        services.area_follow(organization=tenant_b, area="Skola", by=member_of(tenant_b, "admin"))
        services.area_follow(organization=tenant_c, area="Skola", by=member_of(tenant_c, "admin"))

        assert tasks.weekly_digest_fan_out() == 2
