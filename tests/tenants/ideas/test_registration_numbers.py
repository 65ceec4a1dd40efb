"""Registration numbers (diarienummer) of ideas: per organisation and year, no gaps, no repeats."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from tenants.ideas import services
from tenants.ideas.models import Idea
from tests.factories import PersonFactory, make_idea

SUBMISSIONS = 8


class TestRegistrationNumbers:
    @pytest.mark.django_db
    def test_each_organisation_counts_on_its_own(self, tenant_a, tenant_b):
        numbers = []
        for organization in (tenant_a, tenant_b, tenant_a):
            with tenant_context(organization):
                numbers.append(make_idea().registration_sequence)

        assert numbers == [1, 1, 2]

    @pytest.mark.django_db
    def test_the_year_is_the_swedish_one_and_each_starts_at_one(self, in_tenant_a, monkeypatch):
        for utc_time in [
            datetime(2025, 12, 31, 12, 0, tzinfo=UTC),
            datetime(2025, 12, 31, 22, 59, tzinfo=UTC),  # 23:59 in Stockholm
            datetime(2025, 12, 31, 23, 0, tzinfo=UTC),  # midnight in Stockholm: a new year
        ]:
            monkeypatch.setattr(timezone, "now", lambda t=utc_time: t)
            make_idea()

        assert list(Idea.objects.order_by("pk").values_list("registration_number", flat=True)) == [
            "IDE-2025-0001",
            "IDE-2025-0002",
            "IDE-2026-0001",
        ]

    def test_a_rolled_back_submission_gives_its_number_back(self, committed_tenant_a):
        person = PersonFactory()

        class Abandoned(Exception):
            """Raised to roll the submission back."""

        def submit_and_roll_back() -> None:
            with transaction.atomic():
                make_idea(submitted_by=person, title="Först")
                raise Abandoned

        with tenant_context(committed_tenant_a):
            with pytest.raises(Abandoned):
                submit_and_roll_back()
            idea = make_idea(submitted_by=person, title="Sedan")

        assert idea.registration_sequence == 1

    def test_concurrent_submissions_get_1_to_8_without_gaps_or_repeats(self, committed_tenant_a):
        people = [PersonFactory() for _ in range(SUBMISSIONS)]
        start = threading.Barrier(SUBMISSIONS)
        failures: list[BaseException] = []

        def submit(person) -> None:  # type: ignore[no-untyped-def]
            try:
                with tenant_context(committed_tenant_a):
                    start.wait(timeout=30)
                    services.idea_submit(
                        title=f"Samtidig idé från {person.full_name}",
                        description="Skickad samtidigt som sju andra.",
                        audience="staff",
                        submitted_by=person,
                    )
            except BaseException as error:
                failures.append(error)
            finally:
                connection.close()  # each thread had its own connection

        threads = [threading.Thread(target=submit, args=(p,)) for p in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert failures == []
        with tenant_context(committed_tenant_a):
            rows = list(Idea.objects.values_list("registration_sequence", "registration_number"))
        year = timezone.localdate().year
        assert sorted(rows) == [(n, f"IDE-{year}-{n:04d}") for n in range(1, SUBMISSIONS + 1)]
