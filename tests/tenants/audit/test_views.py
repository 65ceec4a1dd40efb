"""The audit log's page and CSV export: admins only, filters, names, before and after."""

import csv
import io

import pytest
from django_tenants.utils import tenant_context

from tenants.audit.services import audit_event_record
from tenants.coaching import services as coaching_services
from tenants.ideas import services as idea_services
from tests.factories import make_idea, stage
from tests.tenants import rows

pytestmark = pytest.mark.django_db

LOG = "/granskningslogg/"
EXPORT = "/granskningslogg/export.csv"


@pytest.fixture
def as_person(tenant_a, client_for):  # type: ignore[no-untyped-def]
    return lambda person: client_for(tenant_a, person=person)


@pytest.fixture
def coached(tenant_a, admin, member_of):  # type: ignore[no-untyped-def]
    """An idea given a coach, then another coach, by the admin."""
    first = member_of(tenant_a, "coach", person__full_name="Cecilia Coach")
    second = member_of(tenant_a, "coach", person__full_name="Bertil Coach")
    with tenant_context(tenant_a):
        idea = rows.idea(title="Lådcyklar till hemtjänsten")
        coaching_services.coach_assign(idea=idea, coach=first, by=admin)
        coaching_services.coach_assign(idea=idea, coach=second, by=admin)
        coaching_services.coach_note_add(idea=idea, author=first, body="Bra möte")
    return idea, first, second


class TestTheLogPage:
    def test_admins_see_who_did_what_with_before_and_after(self, as_person, admin, coached):
        idea, *_ = coached

        response = as_person(admin).get(LOG)

        body = response.content.decode()
        assert response.status_code == 200
        assert "Ada Admin" in body
        assert "Idécoach tilldelad" in body
        assert "Coachanteckning skriven" in body
        assert str(idea) in body
        assert "<del>Cecilia Coach</del>" in body
        assert "<ins>Bertil Coach</ins>" in body
        assert "3 händelser" in body

    def test_names_what_the_idea_services_record_in_swedish(self, tenant_a, as_person, admin):
        with tenant_context(tenant_a):
            idea = make_idea(submitted_by=admin)
            idea_services.idea_move(idea=idea, to_stage=stage("screening"), by=admin)

        response = as_person(admin).get(LOG)

        assert [row["action_label"] for row in response.context["rows"]] == [
            "Idé flyttad",
            "Idé inlämnad",
        ]
        assert "Idé flyttad" in response.content.decode()

    @pytest.mark.parametrize("role", ["staff", "viewer", "coach", "council_member"])
    def test_is_403_for_everyone_but_admins(self, tenant_a, as_person, member_of, role):
        client = as_person(member_of(tenant_a, role))

        assert client.get(LOG).status_code == 403
        assert client.get(EXPORT).status_code == 403

    def test_is_403_for_an_admin_of_another_organisation(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_b, "admin"))

        assert client.get(LOG).status_code == 403

    def test_admins_find_it_in_the_menu_and_others_do_not(
        self, tenant_a, as_person, admin, member_of
    ):
        assert f'<a href="{LOG}" aria-current="page">Granskningslogg</a>' in (
            as_person(admin).get(LOG).content.decode()
        )
        assert (
            "Granskningslogg"
            not in as_person(member_of(tenant_a, "coach")).get("/").content.decode()
        )

    def test_filters_by_who_and_what(self, as_person, admin, coached):
        _idea, first, _second = coached
        client = as_person(admin)

        by_coach = client.get(LOG, {"actor": first.pk}).context["rows"]
        notes = client.get(LOG, {"action": "coach_note.added"}).context["rows"]

        assert [row["event"].action for row in by_coach] == ["coach_note.added"]
        assert [row["event"].actor_id for row in notes] == [first.pk]

    def test_shows_fifty_events_a_page(self, tenant_a, as_person, admin):
        with tenant_context(tenant_a):
            idea = rows.idea()
            for n in range(51):
                audit_event_record(actor=admin, action=f"idea.step{n}", obj=idea)

        first = as_person(admin).get(LOG)
        second = as_person(admin).get(LOG, {"page": 2})

        assert len(first.context["rows"]) == 50
        assert [row["event"].action for row in second.context["rows"]] == ["idea.step0"]

    def test_thirty_events_by_thirty_people_cost_no_more_queries_than_one(
        self, tenant_a, as_person, admin, member_of, django_assert_max_num_queries
    ):
        client = as_person(admin)
        with tenant_context(tenant_a):
            idea = rows.idea()
            audit_event_record(actor=admin, action="idea.x", obj=idea, after={"a": 1})
        one = rows.queries_of(lambda: client.get(LOG))
        people = [member_of(tenant_a, "staff") for _ in range(29)]
        with tenant_context(tenant_a):
            for person in people:
                audit_event_record(actor=person, action="idea.x", obj=idea, after={"a": 2})

        with django_assert_max_num_queries(one):
            response = client.get(LOG)
        # Eleven queries, each after django-tenants sets the search path.
        with django_assert_max_num_queries(22):
            client.get(LOG)

        assert len(response.context["rows"]) == 30
        assert all(row["actor"] is not None for row in response.context["rows"])


class TestTheExport:
    def test_exports_the_filtered_log_as_csv_with_names(self, as_person, admin, coached):
        response = as_person(admin).get(EXPORT, {"action": "coach.assigned"})

        table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert table[0][:4] == ["Tidpunkt", "Utförd av (id)", "Utförd av", "Händelse"]
        assert [row[3] for row in table[1:]] == ["coach.assigned", "coach.assigned"]
        assert {row[2] for row in table[1:]} == {"Ada Admin"}

    def test_a_name_a_spreadsheet_would_run_as_a_formula_is_neutralised(
        self, tenant_a, as_person, admin, member_of
    ):
        trickster = member_of(tenant_a, "staff", person__full_name='=HYPERLINK("http://x")')
        with tenant_context(tenant_a):
            audit_event_record(actor=trickster, action="idea.x", obj=rows.idea())

        response = as_person(admin).get(EXPORT)

        table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        assert table[1][2] == '\'=HYPERLINK("http://x")'
