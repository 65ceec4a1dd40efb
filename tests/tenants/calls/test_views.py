"""The idea calls' pages: list with idea counts, create, detail, edit, close after asking."""

import pytest
from django_tenants.utils import tenant_context

from tenants.audit.models import AuditEvent
from tenants.calls.models import IdeaCall
from tests.tenants import rows
from tests.tenants.rows import CANARY_A, CANARY_B, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(tenant_a, member_of, client_for):
    """A client on tenant A's host, logged in as a new member with ``role``."""

    def make(role: str):
        return client_for(tenant_a, person=member_of(tenant_a, role))

    return make


def in_a(tenant_a, **fields):
    with tenant_context(tenant_a):
        return rows.call(**fields)


def form(**fields):
    return {
        "title": "Idéer mot ensamhet",
        "problem": "Många äldre är ensamma.",
        "audiences": ["citizen"],
        "opens_on": days(0).isoformat(),
        "closes_on": days(30).isoformat(),
        **fields,
    }


class TestTheList:
    def test_an_anonymous_visitor_is_sent_to_log_in(self, tenant_a, client_for):
        response = client_for(tenant_a).get("/utlysningar/")

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_shows_each_call_with_its_state_and_the_ideas_it_brought_in(self, tenant_a, page):
        with tenant_context(tenant_a):
            call = rows.call(title="Idéer om mat")
            for _ in range(3):
                rows.idea(call=call)

        response = page("viewer").get("/utlysningar/")

        body = response.content.decode()
        assert f'href="/utlysningar/{call.pk}/"' in body
        assert '<td class="num">3</td>' in body
        assert "Öppen" in body

    def test_filters_by_state(self, tenant_a, page):
        in_a(tenant_a, title="Pågår nu", opens_on=days(-1), closes_on=days(1))
        in_a(tenant_a, title="Är över", opens_on=days(-3), closes_on=days(-1))

        body = page("viewer").get("/utlysningar/?state=closed").content.decode()

        assert "Är över" in body
        assert "Pågår nu" not in body
        assert 'href="?state=closed" aria-current="page"' in body

    def test_the_main_menu_links_to_the_calls_and_marks_the_page(self, page):
        body = page("viewer").get("/utlysningar/").content.decode()

        assert '<a href="/utlysningar/" aria-current="page">Utlysningar</a>' in body

    def test_only_those_who_manage_calls_see_the_link_to_a_new_call(self, page):
        assert 'href="/utlysningar/ny/"' in page("coach").get("/utlysningar/").content.decode()
        assert 'href="/utlysningar/ny/"' not in page("staff").get("/utlysningar/").content.decode()

    def test_a_page_of_25_calls_costs_no_more_queries_than_one(
        self, tenant_a, page, django_assert_max_num_queries
    ):
        client = page("viewer")

        def linked_call():
            with tenant_context(tenant_a):
                call = rows.call(needs=[rows.need()])
                rows.idea(call=call)

        linked_call()
        one = rows.queries_of(lambda: client.get("/utlysningar/"))
        for _ in range(24):
            linked_call()

        with django_assert_max_num_queries(one):
            response = client.get("/utlysningar/")
        with django_assert_max_num_queries(16):
            client.get("/utlysningar/")

        assert len(response.context["calls"]) == 25


class TestCreating:
    def test_a_coach_creates_a_call_and_lands_on_it(self, tenant_a, page):
        with tenant_context(tenant_a):
            need = rows.need(title="Ensamhet")

        response = page("coach").post(
            "/utlysningar/ny/", form(audiences=["citizen", "business"], needs=[need.pk])
        )

        with tenant_context(tenant_a):
            call = IdeaCall.objects.get()
            assert list(call.needs.all()) == [need]
        assert response.status_code == 302
        assert response["Location"] == f"/utlysningar/{call.pk}/"
        assert call.audiences == ["citizen", "business"]

    def test_the_form_offers_todays_date_and_the_organisations_needs(self, tenant_a, page):
        with tenant_context(tenant_a):
            rows.need(title="Ensamhet bland äldre")

        body = page("admin").get("/utlysningar/ny/").content.decode()

        assert f'value="{days(0).isoformat()}"' in body
        assert "Ensamhet bland äldre" in body
        assert "<legend>Målgrupper" in body

    def test_dates_in_the_wrong_order_are_refused_next_to_the_last_day(self, tenant_a, page):
        response = page("admin").post(
            "/utlysningar/ny/",
            form(
                title="Det jag skrev",
                opens_on=days(10).isoformat(),
                closes_on=days(9).isoformat(),
            ),
        )

        body = response.content.decode()
        assert response.status_code == 400
        assert 'id="id_closes_on_error"' in body
        assert "Sista dagen kan inte vara före den dag utlysningen öppnar." in body
        assert 'value="Det jag skrev"' in body
        assert f'value="{days(9).isoformat()}"' in body
        with tenant_context(tenant_a):
            assert not IdeaCall.objects.exists()

    def test_wrong_dates_are_reported_together_with_other_mistakes(self, page):
        response = page("admin").post(
            "/utlysningar/ny/",
            form(problem="", opens_on=days(2).isoformat(), closes_on=days(1).isoformat()),
        )

        body = response.content.decode()
        assert 'id="id_problem_error"' in body
        assert 'id="id_closes_on_error"' in body

    def test_a_call_without_an_audience_is_refused(self, page):
        response = page("admin").post("/utlysningar/ny/", form(audiences=[]))

        assert response.status_code == 400
        assert "has-error" in response.content.decode()

    @pytest.mark.parametrize("role", ["viewer", "staff", "council_member"])
    def test_others_may_not_create_a_call(self, tenant_a, page, role):
        client = page(role)

        assert client.get("/utlysningar/ny/").status_code == 403
        assert client.post("/utlysningar/ny/", form()).status_code == 403
        with tenant_context(tenant_a):
            assert not IdeaCall.objects.exists()


class TestTheDetailPage:
    def test_says_an_open_call_takes_ideas_until_its_last_day(self, tenant_a, page):
        call = in_a(tenant_a, closes_on=days(4))

        body = page("viewer").get(f"/utlysningar/{call.pk}/").content.decode()

        assert f"tar emot idéer till och med {days(4).isoformat()}" in body

    def test_says_a_closed_call_takes_no_more_ideas(self, tenant_a, page):
        call = in_a(tenant_a, opens_on=days(-9), closes_on=days(-2))

        body = page("viewer").get(f"/utlysningar/{call.pk}/").content.decode()

        assert (
            f"Utlysningen är stängd. Sista dagen var {days(-2).isoformat()}; "
            "den tar inte emot fler idéer."
        ) in body
        assert "/stang/" not in body

    def test_says_when_an_upcoming_call_opens(self, tenant_a, page):
        call = in_a(tenant_a, opens_on=days(3), closes_on=days(9))

        body = page("viewer").get(f"/utlysningar/{call.pk}/").content.decode()

        assert f"Den öppnar {days(3).isoformat()}." in body

    def test_lists_the_ideas_that_came_in_and_the_needs_it_answers(self, tenant_a, page):
        with tenant_context(tenant_a):
            need = rows.need(title="Ensamhet")
            call = rows.call(needs=[need])
            rows.idea(call=call, title="Fika för alla")

        body = page("viewer").get(f"/utlysningar/{call.pk}/").content.decode()

        assert "Fika för alla" in body
        assert f'href="/behov/{need.pk}/"' in body

    def test_an_unknown_call_is_not_found(self, page):
        assert page("viewer").get("/utlysningar/987654/").status_code == 404


class TestEditing:
    def test_the_form_holds_what_the_call_says_now(self, tenant_a, page):
        call = in_a(tenant_a, title="Nuvarande", closes_on=days(7))

        body = page("admin").get(f"/utlysningar/{call.pk}/andra/").content.decode()

        assert 'value="Nuvarande"' in body
        assert f'value="{days(7).isoformat()}"' in body

    def test_saves_the_changes(self, tenant_a, page):
        call = in_a(tenant_a)

        response = page("admin").post(
            f"/utlysningar/{call.pk}/andra/", form(title="Nytt namn", audiences=["business"])
        )

        assert response.status_code == 302
        with tenant_context(tenant_a):
            call.refresh_from_db()
        assert (call.title, call.audiences) == ("Nytt namn", ["business"])

    def test_dates_in_the_wrong_order_are_refused(self, tenant_a, page):
        call = in_a(tenant_a)

        response = page("admin").post(
            f"/utlysningar/{call.pk}/andra/",
            form(opens_on=days(5).isoformat(), closes_on=days(1).isoformat()),
        )

        assert response.status_code == 400
        assert 'id="id_closes_on_error"' in response.content.decode()

    def test_a_staff_member_may_not_edit(self, tenant_a, page):
        call = in_a(tenant_a)

        assert page("staff").get(f"/utlysningar/{call.pk}/andra/").status_code == 403


class TestClosingNow:
    def test_asks_first_and_leaves_the_call_open_until_confirmed(self, tenant_a, page):
        call = in_a(tenant_a, title="Ensamhet", closes_on=days(10))

        response = page("admin").get(f"/utlysningar/{call.pk}/stang/")

        body = response.content.decode()
        assert "Stäng utlysningen ”Ensamhet”?" in body
        assert "Ja, stäng utlysningen nu" in body
        with tenant_context(tenant_a):
            call.refresh_from_db()
        assert call.closes_on == days(10)

    def test_closes_on_confirmation_and_says_so(self, tenant_a, page):
        call = in_a(tenant_a, closes_on=days(10))
        client = page("admin")

        response = client.post(f"/utlysningar/{call.pk}/stang/")
        body = client.get(response["Location"]).content.decode()

        assert response.status_code == 302
        assert "Utlysningen är stängd och tar inte emot fler idéer." in body
        with tenant_context(tenant_a):
            call.refresh_from_db()
            assert AuditEvent.objects.filter(action="call.closed").count() == 1
        assert call.closes_on == days(-1)

    def test_closing_a_closed_call_says_it_is_already_closed(self, tenant_a, page):
        call = in_a(tenant_a, opens_on=days(-9), closes_on=days(-3))

        response = page("admin").post(f"/utlysningar/{call.pk}/stang/")

        assert response.status_code == 400
        assert "Utlysningen är redan stängd." in response.content.decode()
        with tenant_context(tenant_a):
            call.refresh_from_db()
        assert call.closes_on == days(-3)

    @pytest.mark.parametrize("role", ["viewer", "staff", "council_member"])
    def test_others_may_not_close_a_call(self, tenant_a, page, role):
        call = in_a(tenant_a, closes_on=days(10))

        assert page(role).post(f"/utlysningar/{call.pk}/stang/").status_code == 403
        with tenant_context(tenant_a):
            call.refresh_from_db()
        assert call.closes_on == days(10)


class TestAnotherOrganisation:
    def test_as_pages_never_show_bs_canary(self, tenant_a, tenant_b, page):
        call_a = in_a(tenant_a, title=f"Utlysning {CANARY_A}")
        with tenant_context(tenant_b):
            need_b = rows.need(title=f"Behov {CANARY_B}")
            call_b = rows.call(title=f"Utlysning {CANARY_B}", needs=[need_b])
        client = page("admin")

        bodies = [
            client.get(path).content.decode()
            for path in (
                "/utlysningar/",
                "/utlysningar/ny/",
                f"/utlysningar/{call_a.pk}/",
                f"/utlysningar/{call_b.pk}/",
                f"/utlysningar/{call_a.pk}/andra/",
            )
        ]

        assert all(CANARY_B not in body for body in bodies)
        assert CANARY_A in bodies[0]

    def test_a_member_of_b_may_not_open_as_pages(self, tenant_a, tenant_b, member_of, client_for):
        call_a = in_a(tenant_a, title=f"Utlysning {CANARY_A}")
        client = client_for(tenant_a, person=member_of(tenant_b, "admin"))

        for path in ("/utlysningar/", f"/utlysningar/{call_a.pk}/"):
            response = client.get(path)
            assert response.status_code == 403
            assert CANARY_A not in response.content.decode()
