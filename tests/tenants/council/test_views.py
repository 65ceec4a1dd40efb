"""The idea council's pages: overview and budget, meetings, agenda, decisions, minutes, portal."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils.encoding import iri_to_uri
from django_tenants.utils import tenant_context

from tenants.council import selectors, services
from tenants.council.models import AgendaItem, CouncilBudget, Decision, Meeting
from tenants.ideas import services as idea_services
from tests.factories import PersonFactory, make_contact, make_idea, stage
from tests.tenants import rows
from tests.tenants.council import make
from tests.tenants.rows import CANARY_A, CANARY_B

pytestmark = pytest.mark.django_db

COUNCIL = iri_to_uri("/idérådet/")
NEW_MEETING = iri_to_uri("/idérådet/sammanträden/ny/")


def meeting_url(meeting: Meeting) -> str:
    return iri_to_uri(f"/idérådet/sammanträden/{meeting.pk}/")


def item_url(item: AgendaItem, action: str) -> str:
    return iri_to_uri(f"/idérådet/ärenden/{item.pk}/{action}/")


@pytest.fixture
def as_person(tenant_a, client_for):
    return lambda person: client_for(tenant_a, person=person)


@pytest.fixture
def item(tenant_a, coach):
    """An idea in screening on a planned meeting's agenda; 500 000 kr budget for its year."""
    with tenant_context(tenant_a):
        services.budget_set(year=make.DAY.year, amount_sek=Decimal("500000"), by=coach)
        return make.item(coach, idea=make.idea_in("screening", coach, title="Lådcyklar"))


def decision_post(item: AgendaItem, **fields: str) -> dict[str, str]:
    prefix = f"item-{item.pk}-"
    values = {
        "kind": "fund_test",
        "amount_granted_sek": "150 000",
        "decided_on": "2026-03-12",
        "rationale": "Värd att testa i tre enheter.",
        **fields,
    }
    return {prefix + key: value for key, value in values.items()}


class TestAccess:
    def test_an_anonymous_visitor_is_sent_to_log_in(self, tenant_a, client_for):
        response = client_for(tenant_a).get(COUNCIL)

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    @pytest.mark.parametrize("role", ["viewer", "staff"])
    def test_is_403_for_those_outside_the_council(self, tenant_a, member_of, as_person, role):
        assert as_person(member_of(tenant_a, role)).get(COUNCIL).status_code == 403

    def test_is_403_for_an_admin_of_another_organisation(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_b, "admin"))

        assert client.get(COUNCIL).status_code == 403

    @pytest.mark.parametrize("role", ["council_member", "coach", "admin"])
    def test_the_council_finds_it_in_the_menu(self, tenant_a, member_of, as_person, role):
        body = as_person(member_of(tenant_a, role)).get(COUNCIL).content.decode()

        assert f'<a href="{COUNCIL}" aria-current="page">Idérådet</a>' in body

    def test_staff_do_not_see_it_in_the_menu(self, as_person, staff):
        assert "Idérådet" not in as_person(staff).get("/").content.decode()


class TestOverview:
    def test_shows_the_budget_status_of_the_current_year(self, tenant_a, as_person, admin):
        year = selectors.current_year()
        with tenant_context(tenant_a):
            services.budget_set(year=year, amount_sek=Decimal("500000"), by=admin)
            make.decide(
                admin,
                make.item(admin),
                amount_granted_sek=Decimal("150000"),
                decided_on=datetime.date(year, 1, 15),
            )

        body = as_person(admin).get(COUNCIL).content.decode()

        assert f"Budget {year}" in body
        assert '<dd class="num" data-budget="budget">500 000 kr</dd>' in body
        assert '<dd class="num" data-budget="granted">150 000 kr</dd>' in body
        assert '<dd class="num" data-budget="spent">0 kr</dd>' in body
        assert '<dd class="num" data-budget="remaining">350 000 kr</dd>' in body

    def test_only_admins_get_the_budget_form(self, as_person, admin, council_member):
        assert "Spara budget" in as_person(admin).get(COUNCIL).content.decode()
        assert "Spara budget" not in as_person(council_member).get(COUNCIL).content.decode()

    def test_an_admin_sets_the_budget(self, tenant_a, as_person, admin):
        response = as_person(admin).post(
            iri_to_uri("/idérådet/budget/"), {"year": "2026", "amount_sek": "750 000,50"}
        )

        assert response.status_code == 302
        with tenant_context(tenant_a):
            assert CouncilBudget.objects.get(year=2026).amount_sek == Decimal("750000.50")

    def test_a_coach_may_not(self, tenant_a, as_person, coach):
        response = as_person(coach).post(
            iri_to_uri("/idérådet/budget/"), {"year": "2026", "amount_sek": "1"}
        )

        assert response.status_code == 403
        with tenant_context(tenant_a):
            assert not CouncilBudget.objects.exists()

    def test_lists_meetings_with_a_pinned_number_of_queries(
        self, tenant_a, as_person, coach, django_assert_max_num_queries
    ):
        client = as_person(coach)
        with tenant_context(tenant_a):
            make.item(coach)
        one = rows.queries_of(lambda: client.get(COUNCIL))
        with tenant_context(tenant_a):
            for _ in range(10):
                make.item(coach)

        with django_assert_max_num_queries(one):
            response = client.get(COUNCIL)

        assert len(response.context["meetings"]) == 11


class TestMeetings:
    def test_a_coach_plans_a_meeting(self, tenant_a, as_person, coach):
        client = as_person(coach)
        assert client.get(NEW_MEETING).status_code == 200

        response = client.post(
            NEW_MEETING, {"held_on": "2026-04-02", "title": "Idérådet april", "location": "Rum 4"}
        )

        with tenant_context(tenant_a):
            meeting = Meeting.objects.get()
        assert response.status_code == 302
        assert response["Location"] == meeting_url(meeting)

    def test_a_council_member_may_not(self, as_person, council_member):
        assert as_person(council_member).get(NEW_MEETING).status_code == 403

    def test_the_meeting_page_shows_the_agenda_with_the_memo(self, as_person, council_member, item):
        body = as_person(council_member).get(meeting_url(item.meeting)).content.decode()

        assert f"§ 1 {item.idea.registration_number}" in body
        assert "Beredd av idécoachen." in body
        assert "Registrera beslutet" in body
        assert "Ta upp en idé" not in body  # council members do not prepare

    def test_the_meeting_page_costs_as_many_queries_with_ten_items_as_with_one(
        self, tenant_a, as_person, admin, item, django_assert_max_num_queries
    ):
        client = as_person(admin)
        one = rows.data_queries_of(lambda: client.get(meeting_url(item.meeting)))
        with tenant_context(tenant_a):
            for _ in range(5):
                make.decide(admin, make.item(admin, at=item.meeting), kind="broaden")
                make.item(admin, at=item.meeting)

        assert rows.data_queries_of(lambda: client.get(meeting_url(item.meeting))) <= one


class TestAgenda:
    def test_a_coach_puts_an_idea_on_the_agenda_with_a_memo(self, tenant_a, as_person, coach):
        with tenant_context(tenant_a):
            meeting = make.meeting(coach)
            idea = make_idea(title="Matsvinn i skolan")
        client = as_person(coach)
        assert "Matsvinn i skolan" in client.get(meeting_url(meeting)).content.decode()

        response = client.post(
            meeting_url(meeting) + "dagordning/",
            {"idea": idea.pk, "preparation_memo": "Underlag från skolan."},
        )

        assert response.status_code == 302
        with tenant_context(tenant_a):
            added = AgendaItem.objects.get()
        assert (added.idea_id, added.preparation_memo) == (idea.pk, "Underlag från skolan.")

    def test_a_memo_is_required(self, tenant_a, as_person, coach):
        with tenant_context(tenant_a):
            meeting = make.meeting(coach)
            idea = make_idea()

        response = as_person(coach).post(
            meeting_url(meeting) + "dagordning/", {"idea": idea.pk, "preparation_memo": ""}
        )

        assert response.status_code == 400
        with tenant_context(tenant_a):
            assert not AgendaItem.objects.exists()

    def test_removing_asks_first(self, tenant_a, as_person, coach, item):
        client = as_person(coach)

        question = client.get(item_url(item, "ta-bort")).content.decode()
        response = client.post(item_url(item, "ta-bort"))

        assert "Ta bort ärendet från dagordningen?" in question
        assert "Ja, ta bort ärendet" in question
        assert response.status_code == 302
        with tenant_context(tenant_a):
            assert not AgendaItem.objects.exists()

    def test_an_item_moves_up(self, tenant_a, as_person, coach, item):
        with tenant_context(tenant_a):
            second = make.item(coach, at=item.meeting)

        as_person(coach).post(
            meeting_url(item.meeting) + "dagordning/ordning/",
            {"item": second.pk, "direction": "up"},
        )

        with tenant_context(tenant_a):
            order = list(AgendaItem.objects.order_by("position").values_list("pk", flat=True))
        assert order == [second.pk, item.pk]


class TestDecisions:
    def test_a_council_member_records_a_decision(self, tenant_a, as_person, council_member, item):
        response = as_person(council_member).post(
            item_url(item, "beslut"), decision_post(item), follow=True
        )

        body = response.content.decode()
        assert "Beslutet är registrerat med diarienummer BES-2026-0001." in body
        assert "150 000 kr" in body
        with tenant_context(tenant_a):
            decision = Decision.objects.get()
        assert decision.amount_granted_sek == Decimal("150000")
        assert decision.recorded_by_id == council_member.pk

    def test_a_coach_may_not(self, tenant_a, as_person, coach, item):
        response = as_person(coach).post(item_url(item, "beslut"), decision_post(item))

        assert response.status_code == 403
        with tenant_context(tenant_a):
            assert not Decision.objects.exists()

    def test_over_budget_shows_the_reason_field_and_takes_the_decision_with_a_reason(
        self, tenant_a, as_person, council_member, item
    ):
        client = as_person(council_member)
        assert "Skäl att överskrida budgeten" not in (
            client.get(meeting_url(item.meeting)).content.decode()
        )

        refused = client.post(
            item_url(item, "beslut"), decision_post(item, amount_granted_sek="600000")
        )
        accepted = client.post(
            item_url(item, "beslut"),
            decision_post(
                item, amount_granted_sek="600000", budget_override_reason="Extra anslag."
            ),
        )

        body = refused.content.decode()
        assert refused.status_code == 400
        assert "Skäl att överskrida budgeten" in body
        assert "Beviljat belopp 600 000 kr överskrider återstående budget 500 000 kr" in body
        assert accepted.status_code == 302
        with tenant_context(tenant_a):
            assert Decision.objects.get().budget_override_reason == "Extra anslag."

    def test_a_stale_item_is_refused_with_the_explanation(
        self, tenant_a, as_person, coach, council_member, item
    ):
        with tenant_context(tenant_a):
            idea_services.idea_move(idea=item.idea, to_stage=stage("refinement"), by=coach)

        client = as_person(council_member)
        warned = client.get(meeting_url(item.meeting)).content.decode()
        response = client.post(item_url(item, "beslut"), decision_post(item))

        assert "Idén har flyttats sedan dess och är nu i steget Förädling" in warned
        assert response.status_code == 400
        assert "den är nu i steget Förädling" in response.content.decode()


class TestMinutes:
    def test_a_coach_saves_the_minutes(self, tenant_a, as_person, coach, item):
        response = as_person(coach).post(
            meeting_url(item.meeting) + "protokoll/spara/", {"minutes": "Närvarande: alla."}
        )

        assert response.status_code == 302
        with tenant_context(tenant_a):
            assert Meeting.objects.get().minutes == "Närvarande: alla."

    def test_the_print_view_has_decisions_minutes_and_a_print_button(
        self, tenant_a, as_person, admin, council_member, item
    ):
        with tenant_context(tenant_a):
            make.decide(
                admin,
                item,
                amount_granted_sek=Decimal("150000"),
                rationale="Testa i tre enheter.",
            )
            services.minutes_save(meeting=item.meeting, minutes="Närvarande: alla.", by=admin)

        body = (
            as_person(council_member).get(meeting_url(item.meeting) + "protokoll/").content.decode()
        )

        # Print styles and the button's script are static files: no inline code (CSP).
        assert "council/minutes.css" in body
        assert "js/print.js" in body
        assert "@media print" in Path(finders.find("council/minutes.css")).read_text()
        assert "window.print()" in Path(finders.find("js/print.js")).read_text()
        assert "Skriv ut / spara som PDF" in body
        assert f"§ 1 {item.idea.registration_number} Lådcyklar" in body
        assert "BES-2026-0001" in body
        assert "Finansiera test" in body
        assert "150 000 kr" in body
        assert "Testa i tre enheter." in body
        assert "Närvarande: alla." in body


class TestPortal:
    @pytest.fixture
    def decided(self, tenant_a, admin):
        """Two decisions on ideas from a staff member and a portal contact, canaries in names."""
        with tenant_context(tenant_a):
            services.budget_set(year=2026, amount_sek=Decimal("500000"), by=admin)
            person = PersonFactory(
                full_name=f"Sten {CANARY_A}", email=f"sten-{CANARY_A.lower()}@example.org"
            )
            contact = make_contact(
                name=f"Ivar {CANARY_A}", email=f"ivar-{CANARY_A.lower()}@example.org"
            )
            from_staff = make.idea_in("screening", admin, title="Lådcyklar", submitted_by=person)
            from_portal = make_idea(title="Fler bänkar", contact=contact, audience="citizen")
            meeting = make.meeting(admin)
            funded = make.decide(
                admin,
                make.item(admin, at=meeting, idea=from_staff),
                amount_granted_sek=Decimal("150000"),
                rationale="Testa i tre enheter.",
            )
            parked = make.decide(
                admin,
                make.item(admin, at=meeting, idea=from_portal),
                kind="park",
                rationale="Senare.",
            )
            return funded, parked

    def test_lists_decisions_without_personal_data_and_without_login(
        self, tenant_a, client_for, admin, decided
    ):
        funded, parked = decided

        response = client_for(tenant_a).get("/portal/beslut/")

        body = response.content.decode()
        assert response.status_code == 200
        for text in [
            "BES-2026-0001",
            "BES-2026-0002",
            "Finansiera test",
            "Parkera",
            "150 000 kr",
            "Testa i tre enheter.",
            f"{funded.idea.registration_number} Lådcyklar",
            f"{parked.idea.registration_number} Fler bänkar",
        ]:
            assert text in body
        assert CANARY_A not in body
        assert CANARY_A.lower() not in body
        assert admin.full_name not in body

    def test_shows_one_decision_by_its_registration_number(self, tenant_a, client_for, decided):
        response = client_for(tenant_a).get("/portal/beslut/BES-2026-0001/")

        body = response.content.decode()
        assert response.status_code == 200
        assert "Beslut BES-2026-0001" in body
        assert "Testa i tre enheter." in body
        assert CANARY_A not in body
        assert CANARY_A.lower() not in body

    def test_an_unknown_number_is_404(self, tenant_a, client_for):
        assert client_for(tenant_a).get("/portal/beslut/BES-2026-9999/").status_code == 404

    def test_filters_by_year(self, tenant_a, client_for, admin, decided):
        with tenant_context(tenant_a):
            make.decide(admin, make.item(admin), kind="park", decided_on=datetime.date(2025, 5, 5))

        body = client_for(tenant_a).get("/portal/beslut/?ar=2025").content.decode()

        assert "BES-2025-0001" in body
        assert "BES-2026-0001" not in body

    def test_never_shows_another_organisations_decisions(self, tenant_a, tenant_b, client_for):
        with tenant_context(tenant_b):
            person_b = PersonFactory()
            make.decide(person_b, make.item(person_b), kind="park", rationale=CANARY_B)

        body = client_for(tenant_a).get("/portal/beslut/").content.decode()

        assert CANARY_B not in body

    def test_a_page_of_decisions_costs_a_pinned_number_of_queries(
        self, tenant_a, client_for, admin, django_assert_max_num_queries
    ):
        client = client_for(tenant_a)
        with tenant_context(tenant_a):
            make.decide(admin, make.item(admin), kind="park")
        one = rows.queries_of(lambda: client.get("/portal/beslut/"))
        with tenant_context(tenant_a):
            for _ in range(10):
                make.decide(admin, make.item(admin), kind="park")

        with django_assert_max_num_queries(one):
            response = client.get("/portal/beslut/")

        assert len(response.context["decisions"]) == 11
