"""The demo: its organisations and people, and a believable year of each idea lock.

Seeding every demo organisation takes a while, so it runs once for the module
inside a transaction that is rolled back at the end; the tests read what it left.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection, transaction
from django_tenants.utils import tenant_context

from shared.accounts.models import Membership, Person, Role
from shared.core import demo, demo_year
from shared.organizations.models import Organization
from tenants.audit.models import AuditEvent
from tenants.coaching.models import NextStep
from tenants.council.models import Decision, Meeting
from tenants.ideas.models import Idea, Stage, StageChange
from tenants.registry.models import RegistrationCounter
from tenants.reports import selectors as report_selectors
from tenants.trials.models import Evaluation, Trial

IDEA_LOCKS = ["tranas", "sundsvallsregionen", "pitea-skelleftea", "orebro", "lerum"]


class _Rollback(Exception):
    """Raised to leave the demo's transaction and roll it back."""


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Run ``seed_demo`` and then the seed again; yield what each run created and how long."""
    with django_db_blocker.unblock():
        # A test before this module may have left the connection in an organisation's schema.
        connection.set_schema_to_public()
        with contextlib.suppress(_Rollback), transaction.atomic():
            # The session's test organisations serve some of the demo's municipalities,
            # and a municipality is served by one organisation at a time.
            Organization.objects.filter(slug="alfa").update(municipality_codes=["0180"])
            Organization.objects.filter(slug="beta").update(municipality_codes=["1280", "1480"])
            _forget_served_municipalities(["alfa", "beta"])
            started = time.monotonic()
            call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
            seconds = time.monotonic() - started
            second = demo.demo_seed(log=lambda *_: None)
            yield {"seconds": seconds, "second": second}
            connection.set_schema_to_public()
            raise _Rollback
        connection.set_schema_to_public()


def _forget_served_municipalities(slugs: list[str]) -> None:
    """Drop the record of which municipalities ``slugs`` serve, where such a record is kept."""
    try:
        served = django_apps.get_model("organizations", "ServedMunicipality")
    except LookupError:
        return
    served.objects.filter(organization__slug__in=slugs).delete()


@pytest.fixture
def in_seeded(seeded, db):  # type: ignore[no-untyped-def]
    return seeded


class TestSeedDemo:
    def test_creates_the_seed_organisations_and_a_person_for_every_role(self, in_seeded):
        tranas = Organization.objects.get(slug="tranas")
        assert tranas.municipality_codes == ["0687", "0513", "0604", "0512"]
        assert Organization.objects.get(slug="akroken").kind == "partner"
        assert set(
            Membership.objects.filter(organization=tranas).values_list("role", flat=True)
        ) == set(Role.values)
        assert Person.objects.get(email="samordnare@example.org").is_national_coordinator
        assert Membership.objects.filter(person__email="flera@example.org").count() == 2
        for slug in IDEA_LOCKS:
            organization = Organization.objects.get(slug=slug, status="active")
            roles = set(
                Membership.objects.filter(organization=organization).values_list("role", flat=True)
            )
            assert {Role.ADMIN, Role.COACH, Role.COUNCIL_MEMBER, Role.STAFF} <= roles

    def test_a_second_run_adds_nothing(self, in_seeded):
        assert in_seeded["second"]
        assert set(in_seeded["second"].values()) == {0}

    def test_takes_under_a_minute_for_every_demo_organisation(self, in_seeded):
        # Measured on two shared cores: the five idea locks' year about 9 s, the whole
        # command with six new schemas and the network's demos 14-35 s.
        assert in_seeded["seconds"] < 60

    @pytest.mark.parametrize("slug", IDEA_LOCKS)
    def test_every_stage_holds_ideas_with_a_history_that_ends_where_the_idea_stands(
        self, in_seeded, slug
    ):
        with tenant_context(Organization.objects.get(slug=slug)):
            ideas = Idea.objects.count()
            empty = [s.key for s in Stage.objects.all() if not s.ideas.exists()]
            wrong_ends = [
                idea.registration_number
                for idea in Idea.objects.prefetch_related("stage_changes")
                if max(idea.stage_changes.all(), key=lambda c: (c.at, c.pk)).to_stage_id
                != idea.stage_id
            ]
            first_moves = StageChange.objects.filter(from_stage__isnull=True).count()
            audiences = set(Idea.objects.values_list("audience", flat=True))
            oldest = Idea.objects.order_by("created_at").first()
            counter = RegistrationCounter.objects.get(
                series="idea", year=oldest.created_at.year if oldest else 0
            )

        assert 150 <= ideas <= 400
        assert empty == []
        assert wrong_ends == []
        assert first_moves == ideas
        assert audiences == {"staff", "citizen", "business", "association"}
        assert counter.last_number > 0

    @pytest.mark.parametrize("slug", IDEA_LOCKS)
    def test_the_council_tests_and_coaching_are_there_and_reports_are_not_empty(
        self, in_seeded, slug
    ):
        with tenant_context(Organization.objects.get(slug=slug)):
            decisions = Decision.objects.count()
            planned_meeting = Meeting.objects.filter(status="planned").first()
            agenda = planned_meeting.agenda_items.count() if planned_meeting else 0
            trials = Trial.objects.count()
            evaluations = Evaluation.objects.count()
            open_steps = NextStep.objects.filter(done_at__isnull=True).count()
            audit_moves = AuditEvent.objects.filter(action="idea.moved").count()
            moves = StageChange.objects.filter(from_stage__isnull=False).count()
            dashboard = report_selectors.dashboard()

        assert decisions > 5
        assert agenda >= 1
        assert trials > 3
        assert evaluations > 1
        assert open_steps > 0
        assert audit_moves == moves
        assert dashboard.ideas_total > 0
        assert dashboard.decisions_total == decisions
        assert all(stage.ideas > 0 for stage in dashboard.stages)
        assert dashboard.lead_times
        assert dashboard.activities_total.activities > 0
        assert dashboard.managers_trained > 0

    def test_adoption_demo_still_finds_lerums_tested_idea_after_the_year(self, in_seeded):
        with tenant_context(Organization.objects.get(slug="lerum")):
            assert Idea.objects.filter(title="Digital trygghetskamera i hemtjänsten").exists()
            assert demo_year.is_seeded()

    def test_demo_people_can_log_in_with_the_printed_password(self, in_seeded, client_for):
        client = client_for(Organization.objects.get(slug="tranas"))

        response = client.post(
            "/accounts/login/",
            {"username": "admin.tranas@example.org", "password": demo.DEMO_PASSWORD},
        )

        assert response.status_code == 302

    def test_demo_organisations_say_so_on_their_pages_and_others_do_not(
        self, in_seeded, client_for, tenant_a, member_of
    ):
        tranas = Organization.objects.get(slug="tranas")
        admin = Person.objects.get(email="admin.tranas@example.org")

        demo_page = client_for(tranas, person=admin).get("/behov/")
        other_page = client_for(tenant_a, person=member_of(tenant_a, "admin")).get("/behov/")

        assert "Demodata" in demo_page.content.decode()
        assert "Demodata" not in other_page.content.decode()


class TestSeedDemoCommand:
    def test_refuses_where_demo_data_is_switched_off(self, settings):
        settings.IDESLUSS_DEMO_DATA = False

        with pytest.raises(Exception, match="IDESLUSS_DEMO_DATA"):
            call_command("seed_demo")
