"""A workshop records the ideas it produced; a training counts managers not registered singly."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_tenants.utils import tenant_context

from tenants.activities import selectors, services
from tenants.audit.models import AuditEvent
from tenants.reports import selectors as report_selectors
from tests.factories import make_idea
from tests.tenants.activities import make

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 12)


class TestWorkshopIdeas:
    def test_links_an_idea_both_ways_with_an_audit_event(self, in_tenant_a):
        workshop = make.activity(DAY, kind="workshop", title="Idéworkshop i Kinda")
        idea = make_idea(title="Mobil biblioteksbuss")

        services.activity_link_idea(activity=workshop, idea=idea, by=None)

        assert list(workshop.ideas.all()) == [idea]
        assert list(idea.activities.all()) == [workshop]
        assert AuditEvent.objects.filter(action="activity.idea_linked").exists()

    def test_refuses_the_same_idea_twice_and_unlinks(self, in_tenant_a):
        workshop = make.activity(DAY, kind="workshop")
        idea = make_idea()
        services.activity_link_idea(activity=workshop, idea=idea, by=None)

        with pytest.raises(ValidationError):
            services.activity_link_idea(activity=workshop, idea=idea, by=None)
        services.activity_unlink_idea(activity=workshop, idea=idea, by=None)

        assert not workshop.ideas.exists()

    def test_the_activity_page_links_an_idea_by_number_and_the_idea_page_shows_the_workshop(
        self, tenant_a, member_of, client_for
    ):
        page = client_for(tenant_a, person=member_of(tenant_a, "admin"))
        with tenant_context(tenant_a):
            workshop = make.activity(DAY, kind="workshop", title="Idéworkshop på biblioteket")
            idea = make_idea(title="Läxhjälp på distans")

        linked = page.post(
            reverse("activity", args=[workshop.pk]),
            {"action": "link_idea", "idea-registration_number": idea.registration_number},
        )
        unknown = page.post(
            reverse("activity", args=[workshop.pk]),
            {"action": "link_idea", "idea-registration_number": "1999-9999"},
        )
        activity_page = page.get(reverse("activity", args=[workshop.pk])).content.decode()
        idea_page = page.get(reverse("idea", args=[idea.pk])).content.decode()

        assert linked.status_code == 302
        assert unknown.status_code == 400
        assert "Det finns ingen idé med diarienummer 1999-9999." in unknown.content.decode()
        assert "Läxhjälp på distans" in activity_page
        assert "Idéworkshop på biblioteket" in idea_page


class TestManagersTrained:
    def test_counts_registered_managers_and_the_managers_of_a_head_count(self, in_tenant_a):
        registered = make.activity(DAY, kind="training")
        make.participants(registered, "manager", n=3)
        make.participants(registered, "staff", n=4)
        services.activity_create(
            kind="training",
            title="Innovativ chef, omgång 2",
            held_on=DAY,
            head_count=40,
            head_count_managers=25,
            by=None,
        )
        services.activity_create(
            kind="workshop",
            title="Idéworkshop",
            held_on=DAY,
            head_count=30,
            head_count_managers=5,
            by=None,
        )

        board = report_selectors.dashboard(year=DAY.year)

        assert selectors.managers_trained(year=DAY.year) == 3 + 25
        assert board.managers_trained == 3 + 25

    def test_refuses_more_managers_than_participants(self, in_tenant_a):
        with pytest.raises(ValidationError) as error:
            services.activity_create(
                kind="training",
                title="Innovativ chef",
                held_on=DAY,
                head_count=10,
                head_count_managers=11,
                by=None,
            )

        assert "head_count_managers" in error.value.message_dict
