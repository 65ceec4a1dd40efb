"""The library pages: the list by kind with search, adding, a method with its file and links."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from tenants.library import services
from tenants.library.models import Method
from tests.factories import make_idea
from tests.tenants import rows
from tests.tenants.library.make import PDF, method, upload
from tests.tenants.trials.make import plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(tenant_a, member_of, client_for):
    def make(role: str):
        return client_for(tenant_a, person=member_of(tenant_a, role))

    return make


@pytest.fixture
def testbed(tenant_a, coach):
    with tenant_context(tenant_a):
        return services.method_create(
            kind="testbed",
            title="Solgården",
            description="Ett äldreboende som testar nya hjälpmedel.",
            location="Lerum",
            file=upload("Så testar vi.pdf"),
            by=coach,
        )


class TestTheList:
    def test_groups_the_library_by_kind(self, tenant_a, page, testbed):
        with tenant_context(tenant_a):
            method(kind="method", title="Tjänstedesign")

        response = page("viewer").get("/metoder/")

        assert [(label, [m.title for m in rows]) for label, rows in response.context["groups"]] == [
            ("Metod", ["Tjänstedesign"]),
            ("Testbädd", ["Solgården"]),
        ]
        assert f'href="/metoder/{testbed.pk}/"' in response.content.decode()

    def test_searches(self, tenant_a, page, testbed):
        with tenant_context(tenant_a):
            method(kind="method", title="Tjänstedesign")

        response = page("viewer").get("/metoder/?q=hjälpmedel")

        assert [m.title for _label, rows in response.context["groups"] for m in rows] == [
            "Solgården"
        ]

    def test_marks_its_menu_link_as_the_current_page(self, page):
        body = page("viewer").get("/metoder/").content.decode()

        assert '<a href="/metoder/" aria-current="page">Metoder</a>' in body

    def test_the_list_costs_no_more_queries_for_more_methods(
        self, tenant_a, page, django_assert_max_num_queries
    ):
        client = page("viewer")

        def linked():
            with tenant_context(tenant_a):
                method().ideas.add(make_idea())

        linked()
        one = rows.queries_of(lambda: client.get("/metoder/"))
        for _ in range(9):
            linked()

        with django_assert_max_num_queries(one):
            client.get("/metoder/")


class TestAdding:
    def test_a_coach_adds_a_method_with_a_file(self, tenant_a, page):
        response = page("coach").post(
            "/metoder/ny/",
            {
                "kind": "method",
                "title": "Tjänstedesign",
                "description": "Tillsammans med brukarna.",
                "file": upload("metod.pdf"),
            },
        )

        with tenant_context(tenant_a):
            made = Method.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/metoder/{made.pk}/"
        assert made.file.name.endswith(".pdf")

    def test_a_refused_file_is_shown_next_to_the_file_and_the_text_is_kept(self, tenant_a, page):
        response = page("coach").post(
            "/metoder/ny/",
            {
                "kind": "method",
                "title": "Tjänstedesign",
                "description": "Tillsammans med brukarna.",
                "file": upload("virus.exe", b"MZ"),
            },
        )

        assert response.status_code == 400
        assert (
            response.context["form"]
            .errors["file"][0]
            .startswith("virus.exe: filtypen tillåts inte.")
        )
        body = response.content.decode()
        assert 'value="Tjänstedesign"' in body
        assert "Tillsammans med brukarna." in body
        with tenant_context(tenant_a):
            assert not Method.objects.exists()

    def test_staff_may_not_add(self, page):
        assert page("staff").get("/metoder/ny/").status_code == 403


class TestChanging:
    def test_a_coach_changes_the_text_and_removes_the_file(self, tenant_a, page, testbed):
        client = page("coach")
        form = client.get(f"/metoder/{testbed.pk}/andra/")

        response = client.post(
            f"/metoder/{testbed.pk}/andra/",
            {
                "kind": "testbed",
                "title": "Solgårdens testbädd",
                "description": "Ett äldreboende.",
                "location": "Lerum",
                "remove_file": "on",
            },
        )

        assert 'value="Solgården"' in form.content.decode()
        assert response.status_code == 302
        with tenant_context(tenant_a):
            testbed.refresh_from_db()
        assert testbed.title == "Solgårdens testbädd"
        assert not testbed.file


class TestAMethod:
    def test_shows_the_text_the_file_and_the_ideas_and_trials_using_it(
        self, tenant_a, page, testbed, coach
    ):
        with tenant_context(tenant_a):
            idea = make_idea(title="Lådcyklar")
            testbed.ideas.add(idea)
            trial = plan(idea, coach, title="Cykeltest", methods=[testbed])

        body = page("viewer").get(f"/metoder/{testbed.pk}/").content.decode()

        assert "Ett äldreboende som testar nya hjälpmedel." in body
        assert f'href="/metoder/{testbed.pk}/fil/"' in body
        assert f'href="/id%C3%A9er/{idea.pk}/"' in body
        assert f'href="/tester/{trial.pk}/"' in body

    def test_every_member_downloads_the_file(self, page, testbed):
        response = page("viewer").get(f"/metoder/{testbed.pk}/fil/")

        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Type"] == "application/pdf"

    def test_a_coach_links_an_idea_by_its_registration_number(self, tenant_a, page, testbed):
        with tenant_context(tenant_a):
            idea = make_idea()

        response = page("coach").post(
            f"/metoder/{testbed.pk}/",
            {"action": "link", "link-registration_number": idea.registration_number},
        )

        assert response.status_code == 302
        with tenant_context(tenant_a):
            assert list(testbed.ideas.all()) == [idea]

    def test_an_unknown_registration_number_is_shown_next_to_the_field(self, page, testbed):
        response = page("coach").post(
            f"/metoder/{testbed.pk}/",
            {"action": "link", "link-registration_number": "1999-0001"},
        )

        assert response.status_code == 400
        assert response.context["link_form"].errors["registration_number"] == [
            "Ingen idé har diarienumret 1999-0001."
        ]

    def test_a_coach_unlinks_an_idea(self, tenant_a, page, testbed):
        with tenant_context(tenant_a):
            idea = make_idea()
            testbed.ideas.add(idea)

        response = page("coach").post(
            f"/metoder/{testbed.pk}/", {"action": "unlink", "idea": idea.pk}
        )

        assert response.status_code == 302
        with tenant_context(tenant_a):
            assert not testbed.ideas.exists()

    def test_staff_may_not_link_ideas(self, page, testbed):
        response = page("staff").post(
            f"/metoder/{testbed.pk}/", {"action": "link", "link-registration_number": "x"}
        )

        assert response.status_code == 403

    def test_a_member_of_another_organisation_gets_403(
        self, tenant_a, tenant_b, testbed, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_b, "admin"))

        assert client.get(f"/metoder/{testbed.pk}/").status_code == 403
        assert client.get(f"/metoder/{testbed.pk}/fil/").status_code == 403
