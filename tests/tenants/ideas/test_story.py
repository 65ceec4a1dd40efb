"""The idea's whole story: its page and API show coach, steps, decisions, tests, methods."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from tenants.audit.models import AuditEvent
from tenants.coaching import services as coaching_services
from tenants.ideas import services, story
from tests.factories import make_idea
from tests.tenants import rows
from tests.tenants.council import make as council_make
from tests.tenants.library import make as library_make

pytestmark = pytest.mark.django_db


def _tested_idea(admin, coach):  # type: ignore[no-untyped-def]
    """An idea with a coach, a fund-test decision, an evaluated test and a method."""
    item = council_make.item(admin)
    decision = council_make.decide(
        admin, item, amount_granted_sek="45000", budget_override_reason="Brådskande behov"
    )
    idea = item.idea
    coaching_services.coach_assign(idea=idea, coach=coach, by=admin)
    trial = council_make.evaluated_trial(idea)
    trial.decision = decision
    trial.save(update_fields=["decision"])
    method = library_make.method(title="Test i liten skala")
    method.ideas.add(idea)
    return idea, decision


class TestIdeaCorrect:
    def test_changes_title_text_unit_call_and_needs_and_records_before_and_after(
        self, tenant_a, member_of
    ):
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a):
            idea = make_idea(title="Kamera på natten", unit="Hemtjänst")
            need = rows.need(title="Nattliga körningar")
            call = rows.call()

            services.idea_correct(
                idea=idea,
                by=admin,
                title="Nattillsyn med kamera",
                unit="Hemtjänst natt",
                call=call,
                needs=[need],
                reason="Stavning och rätt behov.",
            )
            idea.refresh_from_db()
            event = AuditEvent.objects.get(action="idea.corrected", object_id=str(idea.pk))

        assert idea.title == "Nattillsyn med kamera"
        assert idea.call_id == call.pk
        assert event.before == {
            "title": "Kamera på natten",
            "unit": "Hemtjänst",
            "call": None,
            "needs": [],
        }
        assert event.after["needs"] == [need.pk]
        assert event.after["reason"] == "Stavning och rätt behov."
        assert event.actor_id == admin.pk

    def test_refuses_an_empty_title_and_changes_nothing(self, tenant_a, member_of):
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a):
            idea = make_idea(title="Kvar som förut")

            with pytest.raises(ValidationError) as raised:
                services.idea_correct(idea=idea, by=admin, title="  ", description="Ny text")
            idea.refresh_from_db()

        assert "title" in raised.value.message_dict
        assert idea.title == "Kvar som förut"
        assert idea.description != "Ny text"

    def test_records_nothing_when_nothing_changes(self, tenant_a, member_of):
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a):
            idea = make_idea(title="Samma")
            services.idea_correct(idea=idea, by=admin, title="Samma")

            assert not AuditEvent.objects.filter(action="idea.corrected").exists()


class TestIdeaPage:
    def test_shows_its_coach_decision_test_evaluation_and_method(
        self, tenant_a, member_of, client_for
    ):
        admin, coach = member_of(tenant_a, "admin"), member_of(tenant_a, "coach")
        with tenant_context(tenant_a):
            idea, decision = _tested_idea(admin, coach)

        page = client_for(tenant_a, person=admin).get(f"/idéer/{idea.pk}/").content.decode()

        assert coach.full_name in page
        assert decision.registration_number in page
        assert "Test i tre enheter" in page
        assert "Svinnet minskade med en tredjedel." in page
        assert "Test i liten skala" in page

    def test_staff_with_ideas_manage_correct_it_from_the_page(
        self, tenant_a, member_of, client_for
    ):
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a):
            idea = make_idea(title="Fel rubrik")

        client = client_for(tenant_a, person=admin)
        response = client.post(
            f"/idéer/{idea.pk}/",
            {
                "action": "correct",
                "correct-title": "Rätt rubrik",
                "correct-description": idea.description,
                "correct-unit": "",
                "correct-reason": "Felstavat",
            },
        )
        page = client.get(f"/idéer/{idea.pk}/").content.decode()

        assert response.status_code == 302
        assert "Rätt rubrik" in page
        assert 'id="corrections"' in page

    def test_a_member_without_ideas_manage_may_not_correct(self, tenant_a, member_of, client_for):
        staff = member_of(tenant_a, "staff")
        with tenant_context(tenant_a):
            idea = make_idea(title="Orörd")

        response = client_for(tenant_a, person=staff).post(
            f"/idéer/{idea.pk}/",
            {"action": "correct", "correct-title": "Ändrad", "correct-description": "x"},
        )

        assert response.status_code == 403

    def test_takes_a_fixed_number_of_queries_however_long_its_story(
        self, tenant_a, member_of, client_for, django_assert_max_num_queries
    ):
        admin, coach = member_of(tenant_a, "admin"), member_of(tenant_a, "coach")
        with tenant_context(tenant_a):
            idea, _decision = _tested_idea(admin, coach)
            for n in range(5):
                method = library_make.method(title=f"Metod {n}")
                method.ideas.add(idea)
        client = client_for(tenant_a, person=admin)
        client.get(f"/idéer/{idea.pk}/")

        with django_assert_max_num_queries(36):
            assert client.get(f"/idéer/{idea.pk}/").status_code == 200


class TestIdeaApi:
    def test_detail_carries_the_story(self, tenant_a, member_of, client_for):
        admin, coach = member_of(tenant_a, "admin"), member_of(tenant_a, "coach")
        with tenant_context(tenant_a):
            idea, decision = _tested_idea(admin, coach)

        body = client_for(tenant_a, person=admin).get(f"/api/v1/ideas/{idea.pk}/").json()

        assert body["story"]["coach"]["coach"]["id"] == coach.pk
        assert body["story"]["decisions"][0]["registration_number"] == decision.registration_number
        assert body["story"]["trials"][0]["evaluation"]["recommendation"] == "implement"
        assert [m["title"] for m in body["story"]["methods"]] == ["Test i liten skala"]

    def test_patch_corrects_for_ideas_manage_and_refuses_others(
        self, tenant_a, member_of, client_for
    ):
        admin, staff = member_of(tenant_a, "admin"), member_of(tenant_a, "staff")
        with tenant_context(tenant_a):
            idea = make_idea(title="Gammal")
            need = rows.need()

        refused = client_for(tenant_a, person=staff).patch(
            f"/api/v1/ideas/{idea.pk}/", {"title": "Ny"}, content_type="application/json"
        )
        corrected = client_for(tenant_a, person=admin).patch(
            f"/api/v1/ideas/{idea.pk}/",
            {"title": "Ny", "needs": [need.pk], "reason": "Behovet saknades"},
            content_type="application/json",
        )

        assert refused.status_code == 403
        assert corrected.status_code == 200
        assert corrected.json()["title"] == "Ny"
        assert [n["id"] for n in corrected.json()["needs"]] == [need.pk]
        assert corrected.json()["story"]["corrections"][0]["after"]["reason"] == "Behovet saknades"


class TestIdeaStory:
    def test_hides_next_steps_and_corrections_from_roles_without_internal_data(
        self, tenant_a, member_of
    ):
        admin, coach = member_of(tenant_a, "admin"), member_of(tenant_a, "coach")
        with tenant_context(tenant_a):
            idea, _decision = _tested_idea(admin, coach)
            services.idea_correct(idea=idea, by=admin, title="Rättad")
            told = story.idea_story(idea=idea, include_internal=False)

        assert told.corrections == []
        assert told.next_steps == []
        assert told.decisions
