"""The needs bank's pages: list with filters, register, detail, triage, edit, CSV export."""

import csv
import io

import pytest
from django_tenants.utils import tenant_context

from tenants.audit.models import AuditEvent
from tenants.needs.models import Need
from tests.tenants import rows
from tests.tenants.rows import CANARY_A, CANARY_B

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(tenant_a, member_of, client_for):
    """A client on tenant A's host, logged in as a new member with ``role``."""

    def make(role: str):
        return client_for(tenant_a, person=member_of(tenant_a, role))

    return make


def in_a(tenant_a, make, **fields):
    with tenant_context(tenant_a):
        return make(**fields)


class TestTheList:
    def test_an_anonymous_visitor_is_sent_to_log_in(self, tenant_a, client_for):
        response = client_for(tenant_a).get("/behov/")

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_shows_each_need_with_a_link_and_its_idea_and_call_counts(self, tenant_a, page):
        with tenant_context(tenant_a):
            need = rows.need(title="Ensamhet")
            rows.idea(needs=[need])
            rows.idea(needs=[need])
            rows.call(needs=[need])

        response = page("viewer").get("/behov/")

        body = response.content.decode()
        assert f'href="/behov/{need.pk}/"' in body
        row = response.context["needs"][0]
        assert (row.idea_count, row.call_count) == (2, 1)
        assert '<td class="num">2</td>' in body

    @pytest.mark.parametrize(
        ("query", "shown", "hidden"),
        [
            ("?status=solved", "Löst behov", "Öppet behov"),
            ("?tag=mat", "Öppet behov", "Löst behov"),
            ("?source=citizen", "Löst behov", "Öppet behov"),
            ("?q=skolgård", "Öppet behov", "Löst behov"),
        ],
    )
    def test_filters_by_status_tag_source_and_search(self, tenant_a, page, query, shown, hidden):
        in_a(tenant_a, rows.need, title="Öppet behov", tags=["mat"], description="Skolgården")
        in_a(tenant_a, rows.need, title="Löst behov", status="solved", source="citizen")

        body = page("viewer").get(f"/behov/{query}").content.decode()

        assert shown in body
        assert hidden not in body
        assert "Visa alla behov" in body

    def test_says_so_when_no_need_matches(self, page):
        body = page("viewer").get("/behov/?q=finnsinte").content.decode()

        assert "Inga behov matchar filtret." in body

    def test_a_viewer_sees_no_form_to_register(self, page):
        body = page("viewer").get("/behov/").content.decode()

        assert "Registrera ett behov" not in body

    def test_a_page_of_25_needs_costs_no_more_queries_than_one(
        self, tenant_a, page, django_assert_max_num_queries
    ):
        client = page("admin")
        linked_need(tenant_a)
        one = rows.queries_of(lambda: client.get("/behov/"))
        for _ in range(24):
            linked_need(tenant_a)

        with django_assert_max_num_queries(one):
            response = client.get("/behov/")
        with django_assert_max_num_queries(16):
            client.get("/behov/")

        assert len(response.context["needs"]) == 25


def linked_need(organization):
    with tenant_context(organization):
        need = rows.need(tags=["mat"])
        rows.idea(needs=[need])
        rows.call(needs=[need])
    return need


class TestRegisteringANeed:
    def test_a_staff_member_registers_a_need_and_lands_on_it(self, tenant_a, page):
        response = page("staff").post(
            "/behov/",
            {
                "title": "Mörk park",
                "description": "Ingen belysning",
                "tags": "Trygghet, park",
                "source": "citizen",
            },
        )

        with tenant_context(tenant_a):
            need = Need.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/behov/{need.pk}/"
        assert need.tags == ["trygghet", "park"]
        assert need.source == "citizen"

    def test_shows_errors_next_to_the_fields_and_keeps_what_was_typed(self, tenant_a, page):
        response = page("staff").post(
            "/behov/",
            {"title": "", "description": "Det jag skrev", "tags": "x" * 51, "source": "staff"},
        )

        body = response.content.decode()
        assert response.status_code == 400
        assert 'id="id_title_error"' in body
        assert "En tagg får vara högst 50 tecken." in body
        assert "Det jag skrev" in body
        with tenant_context(tenant_a):
            assert not Need.objects.exists()

    def test_a_viewer_may_not_register(self, tenant_a, page):
        response = page("viewer").post("/behov/", {"title": "T", "description": "D"})

        assert response.status_code == 403
        with tenant_context(tenant_a):
            assert not Need.objects.exists()


class TestTheDetailPage:
    def test_shows_the_need_and_the_ideas_and_calls_that_answer_it(self, tenant_a, page):
        with tenant_context(tenant_a):
            need = rows.need(title="Ensamhet", description="Äldre är ensamma")
            rows.idea(needs=[need], title="Fikaträffar")
            call = rows.call(needs=[need], title="Idéer mot ensamhet")

        body = page("viewer").get(f"/behov/{need.pk}/").content.decode()

        assert "Äldre är ensamma" in body
        assert "Fikaträffar" in body
        assert f'href="/utlysningar/{call.pk}/"' in body

    def test_escapes_what_people_wrote(self, tenant_a, page):
        need = in_a(tenant_a, rows.need, title="<script>alert(1)</script>")

        body = page("viewer").get(f"/behov/{need.pk}/").content.decode()

        assert "<script>alert(1)</script>" not in body
        assert "&lt;script&gt;" in body

    def test_an_unknown_need_is_not_found(self, page):
        assert page("viewer").get("/behov/987654/").status_code == 404

    def test_only_those_who_manage_needs_see_the_triage_form_and_the_edit_link(
        self, tenant_a, page
    ):
        need = in_a(tenant_a, rows.need)

        coach = page("coach").get(f"/behov/{need.pk}/").content.decode()
        staff = page("staff").get(f"/behov/{need.pk}/").content.decode()

        assert f'action="/behov/{need.pk}/status/"' in coach
        assert f'href="/behov/{need.pk}/andra/"' in coach
        assert "/status/" not in staff
        assert "/andra/" not in staff


class TestTriage:
    def test_a_coach_changes_the_status_and_the_history_shows_why(self, tenant_a, page):
        need = in_a(tenant_a, rows.need)
        client = page("coach")

        response = client.post(
            f"/behov/{need.pk}/status/", {"status": "withdrawn", "reason": "Dubblett av #1"}
        )
        body = client.get(response["Location"]).content.decode()

        assert response.status_code == 302
        assert "Behovet har nu status Återkallat." in body
        assert "Dubblett av #1" in body
        with tenant_context(tenant_a):
            need.refresh_from_db()
        assert need.status == "withdrawn"

    def test_withdrawing_without_a_reason_shows_the_error_next_to_the_reason(self, tenant_a, page):
        need = in_a(tenant_a, rows.need)

        response = page("admin").post(f"/behov/{need.pk}/status/", {"status": "withdrawn"})

        body = response.content.decode()
        assert response.status_code == 400
        assert 'id="id_reason_error"' in body
        assert "Skriv varför behovet återkallas." in body

    @pytest.mark.parametrize("role", ["viewer", "staff", "council_member"])
    def test_others_may_not_triage(self, tenant_a, page, role):
        need = in_a(tenant_a, rows.need)

        response = page(role).post(f"/behov/{need.pk}/status/", {"status": "solved"})

        assert response.status_code == 403
        with tenant_context(tenant_a):
            assert not AuditEvent.objects.filter(action="need.status_changed").exists()


class TestEditing:
    def test_the_form_holds_what_the_need_says_now(self, tenant_a, page):
        need = in_a(tenant_a, rows.need, title="Nuvarande", tags=["mat", "skola"])

        body = page("admin").get(f"/behov/{need.pk}/andra/").content.decode()

        assert 'value="Nuvarande"' in body
        assert 'value="mat, skola"' in body

    def test_saves_the_changes(self, tenant_a, page):
        need = in_a(tenant_a, rows.need)

        response = page("admin").post(
            f"/behov/{need.pk}/andra/",
            {"title": "Nytt", "description": "Ny", "unit": "IT", "source": "staff", "tags": ""},
        )

        assert response.status_code == 302
        with tenant_context(tenant_a):
            need.refresh_from_db()
        assert (need.title, need.unit) == ("Nytt", "IT")

    def test_keeps_what_was_typed_when_something_is_wrong(self, tenant_a, page):
        need = in_a(tenant_a, rows.need)

        response = page("admin").post(
            f"/behov/{need.pk}/andra/",
            {"title": "", "description": "Skrivet nyss", "source": "staff"},
        )

        assert response.status_code == 400
        assert "Skrivet nyss" in response.content.decode()
        assert 'id="id_title_error"' in response.content.decode()

    def test_a_staff_member_may_not_edit(self, tenant_a, page):
        need = in_a(tenant_a, rows.need)

        assert page("staff").get(f"/behov/{need.pk}/andra/").status_code == 403


class TestCsvExport:
    def export(self, client, query=""):
        response = client.get(f"/behov/export.csv{query}")
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig")
        return response, list(csv.reader(io.StringIO(text), delimiter=";"))

    def test_downloads_the_needs_as_csv_with_a_header(self, tenant_a, page):
        need = in_a(tenant_a, rows.need, title="Ensamhet", tags=["äldre", "mat"])

        response, table = self.export(page("viewer"))

        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert table[0][:2] == ["Nummer", "Rubrik"]
        assert table[1][:2] == [str(need.pk), "Ensamhet"]
        assert "äldre, mat" in table[1]

    def test_neutralises_cells_a_spreadsheet_would_run_as_formulas(self, tenant_a, page):
        in_a(tenant_a, rows.need, title="=SUM(A1)", description="+1", unit="@HYPERLINK")

        _response, table = self.export(page("viewer"))

        assert table[1][1:4] == ["'=SUM(A1)", "'+1", "'@HYPERLINK"]

    def test_escapes_nothing_into_html(self, tenant_a, page):
        in_a(tenant_a, rows.need, title="<b>Mat & dryck</b>")

        response, table = self.export(page("viewer"))

        assert table[1][1] == "<b>Mat & dryck</b>"
        assert "&amp;" not in response.content.decode("utf-8-sig")

    def test_exports_only_what_the_filter_shows(self, tenant_a, page):
        in_a(tenant_a, rows.need, title="Öppet")
        in_a(tenant_a, rows.need, title="Löst", status="solved")

        _response, table = self.export(page("viewer"), "?status=solved")

        assert [line[1] for line in table[1:]] == ["Löst"]

    def test_the_list_links_to_the_export_with_its_filter(self, page):
        body = page("viewer").get("/behov/?status=solved&page=1").content.decode()

        assert 'href="/behov/export.csv?status=solved"' in body

    def test_costs_no_more_queries_for_25_needs_than_for_one(
        self, tenant_a, page, django_assert_max_num_queries
    ):
        client = page("viewer")
        linked_need(tenant_a)
        one = rows.queries_of(lambda: client.get("/behov/export.csv"))
        for _ in range(24):
            linked_need(tenant_a)

        with django_assert_max_num_queries(one):
            _response, table = self.export(client)
        with django_assert_max_num_queries(12):
            client.get("/behov/export.csv")

        assert len(table) == 26


class TestAnotherOrganisation:
    def test_as_pages_and_export_never_show_bs_canary(self, tenant_a, tenant_b, page):
        need_a = in_a(tenant_a, rows.need, title=f"Behov {CANARY_A}")
        with tenant_context(tenant_b):
            need_b = rows.need(title=f"Behov {CANARY_B}", tags=[CANARY_B.lower()])
        client = page("admin")

        bodies = [
            client.get(path).content.decode("utf-8-sig")
            for path in (
                "/behov/",
                "/behov/export.csv",
                f"/behov/{need_a.pk}/",
                f"/behov/{need_b.pk}/",
                f"/behov/{need_a.pk}/andra/",
            )
        ]

        assert all(CANARY_B not in body and CANARY_B.lower() not in body for body in bodies)
        assert CANARY_A in bodies[0]
        assert CANARY_A in bodies[1]

    def test_a_member_of_b_may_not_open_as_pages(self, tenant_a, tenant_b, member_of, client_for):
        need_a = in_a(tenant_a, rows.need, title=f"Behov {CANARY_A}")
        client = client_for(tenant_a, person=member_of(tenant_b, "admin"))

        for path in ("/behov/", "/behov/export.csv", f"/behov/{need_a.pk}/"):
            response = client.get(path)
            assert response.status_code == 403
            assert CANARY_A not in response.content.decode()
