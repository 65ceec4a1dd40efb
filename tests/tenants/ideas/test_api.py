"""The ideas API: who may do what, what they see, and the one error shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tenants.ideas import services
from tenants.ideas.models import Comment, Idea, StageChange
from tests.factories import api_token_for, make_contact, make_idea, stage

pytestmark = pytest.mark.django_db

CANARY_B = "KANARIE-BETA-IDE-3d9a"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
ALL_ROLES = ["admin", "coach", "council_member", "staff", "viewer"]


def queries_of(action: Callable[[], Any]) -> int:
    """How many statements ``action`` sends, any ``SET search_path`` of django-tenants included."""
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def _error(response: Any) -> dict[str, Any]:
    """The body of an error answer, checked against the one error shape."""
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message"} <= set(body["error"])
    return body["error"]


@pytest.fixture
def api(tenant_a, member_of, client_for):
    """Return a client of Alfa's API logged in as a new person with ``role``."""

    def make(role: str = "staff", **person: Any):
        return client_for(tenant_a, person=member_of(tenant_a, role, **person))

    return make


@pytest.fixture
def submitter(tenant_a, member_of):
    return member_of(
        tenant_a,
        "staff",
        person__email="ida.idegivare@example.org",
        person__full_name="Ida Idégivare",
    )


@pytest.fixture
def ideas(tenant_a, submitter):
    """Three ideas of Alfa, the first with an internal note and a public comment."""
    with tenant_context(tenant_a):
        first = make_idea(
            title="Cykelställ för lådcyklar vid skolorna",
            description="Föräldrar som lämnar barn med lådcykel har ingenstans att ställa den.",
            unit="Grundskolan",
            submitted_by=submitter,
        )
        second = make_idea(
            title="Digital matsedel i äldreboendet",
            description="De boende vill se veckans mat på en skärm i matsalen.",
            audience="citizen",
            contact=make_contact(name="Inga Invånare", email="inga.invanare@example.org"),
        )
        third = make_idea(
            title="Gemensam bilpool för hemtjänsten",
            description="Färre bilar, mer tid med brukarna.",
        )
        Comment.objects.create(
            idea=first, body="Hemlig bedömning", is_internal=True, author=submitter
        )
        Comment.objects.create(idea=first, body="Bra idé!", author=submitter)
    return first, second, third


@pytest.fixture
def canary_of_b(tenant_b):
    with tenant_context(tenant_b):
        return make_idea(title=f"{CANARY_B} titel", description=f"{CANARY_B} beskrivning")


class TestIdeaList:
    @pytest.mark.parametrize("role", ALL_ROLES)
    def test_every_role_reads_the_list(self, api, ideas, role):
        response = api(role).get("/api/v1/ideas/")

        assert response.status_code == 200
        body = response.json()
        assert body["count"] == 3
        assert {idea["title"] for idea in body["results"]} == {idea.title for idea in ideas}
        assert body["results"][0]["stage"] == {"key": "received", "name": "Inkommen"}

    def test_the_list_carries_no_personal_data(self, api, ideas):
        body = api("admin").get("/api/v1/ideas/").content.decode()

        assert "ida.idegivare@example.org" not in body
        assert "inga.invanare@example.org" not in body
        assert "Inga Invånare" not in body

    def test_filters_by_stage_audience_unit_and_search(self, api, ideas, tenant_a, submitter):
        first, second, _third = ideas
        with tenant_context(tenant_a):
            services.idea_move(idea=first, to_stage=stage("screening"), by=submitter)
        client = api("viewer")

        def titles(query: str) -> list[str]:
            return [i["title"] for i in client.get(f"/api/v1/ideas/?{query}").json()["results"]]

        assert titles("stage=screening") == [first.title]
        assert titles("audience=citizen") == [second.title]
        assert titles("unit=grundskolan") == [first.title]
        assert titles("q=cyklar") == [first.title]
        assert titles("stage=received&q=matsedeln") == [second.title]

    def test_filters_by_the_day_it_came_in(self, api, ideas):
        today = ideas[0].created_at.date().isoformat()
        client = api("viewer")

        assert client.get(f"/api/v1/ideas/?submitted_from={today}").json()["count"] == 3
        assert client.get("/api/v1/ideas/?submitted_to=2000-01-01").json()["count"] == 0

    def test_pages_by_25_unless_asked_for_another_size(self, api, tenant_a):
        with tenant_context(tenant_a):
            for n in range(27):
                make_idea(title=f"Idé {n}", description="Text")
        client = api("viewer")

        assert len(client.get("/api/v1/ideas/").json()["results"]) == 25
        assert len(client.get("/api/v1/ideas/?page_size=5").json()["results"]) == 5
        assert client.get("/api/v1/ideas/?page=2").json()["results"][-1]["title"] == "Idé 0"

    def test_a_wrong_filter_gets_the_error_shape_with_fields(self, api, ideas):
        response = api("viewer").get(
            "/api/v1/ideas/?submitted_from=igår&audience=martians&submitted_to=2000-01-01"
        )

        assert response.status_code == 400
        error = _error(response)
        assert error["code"] == "invalid"
        assert set(error["fields"]) == {"submitted_from", "audience"}

    def test_a_period_that_ends_before_it_starts_is_refused(self, api, ideas):
        response = api("viewer").get(
            "/api/v1/ideas/?submitted_from=2026-05-01&submitted_to=2026-04-01"
        )

        assert response.status_code == 400
        assert "submitted_to" in _error(response)["fields"]

    def test_the_number_of_queries_does_not_grow_with_the_rows(
        self, api, tenant_a, django_assert_max_num_queries
    ):
        client = api("coach")
        with tenant_context(tenant_a):
            make_idea(title="En idé om cyklar", description="Text om cyklar")
        one = queries_of(lambda: client.get("/api/v1/ideas/?q=cyklar&stage=received"))
        with tenant_context(tenant_a):
            for n in range(30):
                make_idea(title=f"Idé om cyklar {n}", description="Text om cyklar")

        with django_assert_max_num_queries(one), django_assert_max_num_queries(10):
            response = client.get("/api/v1/ideas/?q=cyklar&stage=received")
        with django_assert_max_num_queries(one), django_assert_max_num_queries(10):
            client.get("/api/v1/ideas/")

        assert len(response.json()["results"]) == 25

    def test_a_page_by_token_costs_at_most_ten_queries(
        self, tenant_a, member_of, client_for, django_assert_max_num_queries
    ):
        token = api_token_for(member_of(tenant_a, "viewer"))
        with tenant_context(tenant_a):
            for n in range(30):
                make_idea(title=f"Idé om cyklar {n}", description="Text om cyklar")
        client = client_for(tenant_a)

        with django_assert_max_num_queries(10):
            response = client.get(
                "/api/v1/ideas/?q=cyklar&stage=received",
                HTTP_AUTHORIZATION=f"Token {token.key}",
            )

        assert len(response.json()["results"]) == 25


class TestIdeaSubmit:
    def test_staff_submit_an_idea_that_lands_in_the_entry_stage(self, api, tenant_a):
        response = api("staff").post(
            "/api/v1/ideas/",
            {
                "title": "Solceller på simhallen",
                "description": "Taket är stort och vänt mot söder.",
                "tags": ["energi", "fastigheter"],
            },
            content_type="application/json",
        )

        assert response.status_code == 201
        body = response.json()
        assert body["stage"]["key"] == "received"
        assert body["audience"] == "staff"
        assert body["tags"] == ["energi", "fastigheter"]
        assert body["registration_number"]
        assert [h["to_stage"]["key"] for h in body["history"]] == ["received"]
        with tenant_context(tenant_a):
            assert Idea.objects.get(pk=body["id"]).title == "Solceller på simhallen"

    def test_staff_submit_with_attachments_as_multipart(self, api, tenant_a, media_root):
        response = api("staff").post(
            "/api/v1/ideas/",
            {
                "title": "Ritning till nya lekplatsen",
                "description": "Se bifogad skiss.",
                "attachments": [SimpleUploadedFile("skiss.pdf", PDF)],
            },
        )

        assert response.status_code == 201
        attachment = response.json()["attachments"][0]
        assert attachment["name"] == "skiss.pdf"
        assert attachment["content_type"] == "application/pdf"

    def test_a_refused_attachment_comes_back_as_a_field_error(self, api, tenant_a, media_root):
        response = api("staff").post(
            "/api/v1/ideas/",
            {
                "title": "Ett program",
                "description": "Kör det här.",
                "attachments": [SimpleUploadedFile("virus.exe", b"MZ\x90\x00")],
            },
        )

        assert response.status_code == 400
        assert "virus.exe" in _error(response)["fields"]["attachments"][0]
        with tenant_context(tenant_a):
            assert not Idea.objects.exists()

    def test_missing_fields_come_back_in_the_error_shape(self, api):
        response = api("staff").post("/api/v1/ideas/", {}, content_type="application/json")

        assert response.status_code == 400
        error = _error(response)
        assert error["code"] == "invalid"
        assert set(error["fields"]) == {"title", "description"}

    def test_a_viewer_may_not_submit(self, api):
        response = api("viewer").post(
            "/api/v1/ideas/", {"title": "T", "description": "D"}, content_type="application/json"
        )

        assert response.status_code == 403
        assert _error(response)["code"] == "permission_denied"


class TestIdeaDetail:
    def test_staff_see_the_idea_its_history_and_public_comments_only(self, api, ideas):
        first = ideas[0]
        response = api("staff").get(f"/api/v1/ideas/{first.pk}/")

        assert response.status_code == 200
        body = response.json()
        assert body["title"] == first.title
        assert body["description"] == first.description
        assert [c["body"] for c in body["comments"]] == ["Bra idé!"]
        assert body["comment_count"] == 1
        assert body["follow_count"] == 1  # the submitter follows from the start
        assert body["submitter"] is None
        assert "Hemlig bedömning" not in response.content.decode()
        assert "ida.idegivare@example.org" not in response.content.decode()

    def test_a_council_member_sees_internal_notes_and_who_submitted(self, api, ideas):
        first, second, _third = ideas
        client = api("council_member")

        staff_idea = client.get(f"/api/v1/ideas/{first.pk}/").json()
        portal_idea = client.get(f"/api/v1/ideas/{second.pk}/").json()

        assert [c["body"] for c in staff_idea["comments"]] == ["Hemlig bedömning", "Bra idé!"]
        assert staff_idea["comments"][0]["is_internal"] is True
        assert staff_idea["submitter"] == {
            "kind": "staff",
            "name": "Ida Idégivare",
            "email": "ida.idegivare@example.org",
            "organization": "",
        }
        assert portal_idea["submitter"]["email"] == "inga.invanare@example.org"

    def test_a_viewer_does_not_see_the_portal_submitter(self, api, ideas):
        response = api("viewer").get(f"/api/v1/ideas/{ideas[1].pk}/")

        assert response.status_code == 200
        assert "inga.invanare@example.org" not in response.content.decode()
        assert "Inga Invånare" not in response.content.decode()

    def test_an_unknown_idea_is_a_404_in_the_error_shape(self, api, ideas):
        response = api("staff").get("/api/v1/ideas/999999/")

        assert response.status_code == 404
        assert _error(response)["code"] == "not_found"


class TestIdeaMove:
    def test_a_coach_moves_an_idea_and_the_move_is_recorded(self, api, ideas, tenant_a):
        client = api("coach", person__full_name="Cecilia Coach")
        first = ideas[0]

        response = client.post(
            f"/api/v1/ideas/{first.pk}/move/",
            {"stage": "screening", "reason": "Värd att bereda"},
            content_type="application/json",
        )

        assert response.status_code == 200
        assert response.json()["from_stage"]["key"] == "received"
        assert response.json()["to_stage"]["key"] == "screening"
        assert response.json()["moved_by"] == "Cecilia Coach"
        history = client.get(f"/api/v1/ideas/{first.pk}/").json()["history"]
        assert [(h["to_stage"]["key"], h["reason"]) for h in history] == [
            ("received", ""),
            ("screening", "Värd att bereda"),
        ]

    @pytest.mark.parametrize("role", ["council_member", "staff", "viewer"])
    def test_others_may_not_move_ideas(self, api, ideas, tenant_a, role):
        response = api(role).post(
            f"/api/v1/ideas/{ideas[0].pk}/move/",
            {"stage": "screening"},
            content_type="application/json",
        )

        assert response.status_code == 403
        assert _error(response)["code"] == "permission_denied"
        with tenant_context(tenant_a):
            assert not StageChange.objects.filter(to_stage__key="screening").exists()

    def test_an_unknown_stage_is_a_field_error(self, api, ideas):
        response = api("coach").post(
            f"/api/v1/ideas/{ideas[0].pk}/move/",
            {"stage": "nowhere"},
            content_type="application/json",
        )

        assert response.status_code == 400
        assert set(_error(response)["fields"]) == {"stage"}

    def test_closing_without_a_reason_is_a_field_error(self, api, ideas):
        response = api("coach").post(
            f"/api/v1/ideas/{ideas[0].pk}/move/",
            {"stage": "declined"},
            content_type="application/json",
        )

        assert response.status_code == 400
        assert "reason" in _error(response)["fields"]

    def test_moving_to_the_stage_it_is_in_is_a_stage_error(self, api, ideas):
        response = api("coach").post(
            f"/api/v1/ideas/{ideas[0].pk}/move/",
            {"stage": "received"},
            content_type="application/json",
        )

        assert response.status_code == 400
        assert "stage" in _error(response)["fields"]


class TestIdeaBulkMove:
    def test_a_coach_moves_several_ideas_at_once(self, api, ideas, tenant_a):
        first, second, third = ideas

        response = api("coach").post(
            "/api/v1/ideas/bulk-move/",
            {"ids": [first.pk, second.pk], "stage": "screening", "reason": "Veckans beredning"},
            content_type="application/json",
        )

        assert response.status_code == 200
        assert len(response.json()) == 2
        with tenant_context(tenant_a):
            keys = dict(Idea.objects.values_list("pk", "stage__key"))
        assert keys == {first.pk: "screening", second.pk: "screening", third.pk: "received"}

    def test_moves_none_when_one_may_not_move(self, api, ideas, tenant_a, submitter):
        first, second, _third = ideas
        with tenant_context(tenant_a):
            services.idea_move(idea=second, to_stage=stage("screening"), by=submitter)

        response = api("coach").post(
            "/api/v1/ideas/bulk-move/",
            {"ids": [first.pk, second.pk], "stage": "screening"},
            content_type="application/json",
        )

        assert response.status_code == 400
        assert second.registration_number in _error(response)["fields"]["ids"][0]
        with tenant_context(tenant_a):
            assert Idea.objects.get(pk=first.pk).stage.key == "received"

    def test_unknown_ids_are_a_field_error(self, api, ideas):
        response = api("coach").post(
            "/api/v1/ideas/bulk-move/",
            {"ids": [ideas[0].pk, 999999], "stage": "screening"},
            content_type="application/json",
        )

        assert response.status_code == 400
        assert "999999" in _error(response)["fields"]["ids"][0]

    def test_a_council_member_may_not(self, api, ideas):
        response = api("council_member").post(
            "/api/v1/ideas/bulk-move/",
            {"ids": [ideas[0].pk], "stage": "screening"},
            content_type="application/json",
        )

        assert response.status_code == 403


class TestIdeaMerge:
    def test_a_coach_merges_a_duplicate_into_another_idea(self, api, ideas, tenant_a):
        first, second, _third = ideas

        response = api("coach").post(
            f"/api/v1/ideas/{second.pk}/merge/",
            {"into": first.pk, "reason": "Samma sak"},
            content_type="application/json",
        )

        assert response.status_code == 200
        assert response.json()["merged_into_id"] == first.pk
        assert response.json()["stage"]["key"] == "merged"

    def test_merging_into_itself_is_a_field_error(self, api, ideas):
        response = api("coach").post(
            f"/api/v1/ideas/{ideas[0].pk}/merge/",
            {"into": ideas[0].pk},
            content_type="application/json",
        )

        assert response.status_code == 400
        assert "into" in _error(response)["fields"]

    def test_an_idea_merged_already_is_an_error_on_the_whole_request(self, api, ideas, tenant_a):
        first, second, third = ideas
        client = api("coach")
        client.post(
            f"/api/v1/ideas/{second.pk}/merge/", {"into": first.pk}, content_type="application/json"
        )

        response = client.post(
            f"/api/v1/ideas/{second.pk}/merge/", {"into": third.pk}, content_type="application/json"
        )

        assert response.status_code == 400
        assert first.registration_number in _error(response)["fields"]["non_field_errors"][0]

    def test_merging_into_an_unknown_idea_is_a_field_error(self, api, ideas):
        response = api("coach").post(
            f"/api/v1/ideas/{ideas[0].pk}/merge/", {"into": 999999}, content_type="application/json"
        )

        assert response.status_code == 400
        assert "into" in _error(response)["fields"]

    def test_a_council_member_may_not_merge(self, api, ideas):
        response = api("council_member").post(
            f"/api/v1/ideas/{ideas[1].pk}/merge/",
            {"into": ideas[0].pk},
            content_type="application/json",
        )

        assert response.status_code == 403


class TestIdeaPublish:
    def test_a_coach_shows_an_idea_in_the_portal_and_takes_it_away(self, api, ideas):
        client = api("coach")
        url = f"/api/v1/ideas/{ideas[0].pk}/publish/"

        shown = client.post(url, {"is_public": True}, content_type="application/json")
        hidden = client.post(url, {"is_public": False}, content_type="application/json")

        assert shown.status_code == 200
        assert shown.json()["is_public"] is True
        assert hidden.json()["is_public"] is False

    def test_staff_may_not_publish(self, api, ideas):
        response = api("staff").post(
            f"/api/v1/ideas/{ideas[0].pk}/publish/",
            {"is_public": True},
            content_type="application/json",
        )

        assert response.status_code == 403


class TestComments:
    def test_staff_comment_and_read_public_comments_only(self, api, ideas):
        client = api("staff", person__full_name="Sara Staff")
        url = f"/api/v1/ideas/{ideas[0].pk}/comments/"

        created = client.post(url, {"body": "Jag kan hjälpa till"}, content_type="application/json")
        listed = client.get(url).json()

        assert created.status_code == 201
        assert created.json()["author"] == {"kind": "staff", "name": "Sara Staff"}
        assert [c["body"] for c in listed["results"]] == ["Bra idé!", "Jag kan hjälpa till"]

    def test_staff_may_not_write_internal_notes(self, api, ideas, tenant_a):
        response = api("staff").post(
            f"/api/v1/ideas/{ideas[0].pk}/comments/",
            {"body": "Hemligt", "is_internal": True},
            content_type="application/json",
        )

        assert response.status_code == 403
        with tenant_context(tenant_a):
            assert not Comment.objects.filter(body="Hemligt").exists()

    def test_a_council_member_writes_and_reads_internal_notes(self, api, ideas):
        client = api("council_member")
        url = f"/api/v1/ideas/{ideas[0].pk}/comments/"

        created = client.post(
            url,
            {"body": "Till nästa sammanträde", "is_internal": True},
            content_type="application/json",
        )
        bodies = [c["body"] for c in client.get(url).json()["results"]]

        assert created.status_code == 201
        assert created.json()["is_internal"] is True
        assert bodies == ["Hemlig bedömning", "Bra idé!", "Till nästa sammanträde"]

    def test_a_portal_contacts_name_is_shown_only_to_internal_roles(self, api, ideas, tenant_a):
        second = ideas[1]
        with tenant_context(tenant_a):
            services.comment_add(idea=second, body="Tack!", contact=second.contact)
        url = f"/api/v1/ideas/{second.pk}/comments/"

        staff_view = api("staff").get(url).json()["results"][0]["author"]
        coach_view = api("coach").get(url).json()["results"][0]["author"]

        assert staff_view == {"kind": "contact", "name": None}
        assert coach_view == {"kind": "contact", "name": "Inga Invånare"}

    def test_an_empty_comment_is_a_field_error(self, api, ideas):
        response = api("staff").post(
            f"/api/v1/ideas/{ideas[0].pk}/comments/", {"body": ""}, content_type="application/json"
        )

        assert response.status_code == 400
        assert "body" in _error(response)["fields"]

    def test_a_viewer_reads_but_may_not_comment(self, api, ideas):
        client = api("viewer")
        url = f"/api/v1/ideas/{ideas[0].pk}/comments/"

        assert client.get(url).status_code == 200
        assert client.post(url, {"body": "Hej"}, content_type="application/json").status_code == 403

    def test_the_number_of_queries_does_not_grow_with_the_comments(
        self, api, ideas, tenant_a, submitter, django_assert_max_num_queries
    ):
        client = api("coach")
        url = f"/api/v1/ideas/{ideas[0].pk}/comments/"
        # Both requests follow a write in the organisation's schema, so the
        # connection is in the same state for each and only the comments differ.
        with tenant_context(tenant_a):
            services.comment_add(idea=ideas[0], body="Kommentar", author=submitter)
        one = queries_of(lambda: client.get(url))
        with tenant_context(tenant_a):
            for n in range(20):
                services.comment_add(idea=ideas[0], body=f"Kommentar {n}", author=submitter)

        with django_assert_max_num_queries(one), django_assert_max_num_queries(10):
            assert client.get(url).json()["count"] == 23


class TestSupportAndFollow:
    def test_staff_support_an_idea_and_take_it_back(self, api, ideas):
        client = api("staff")
        url = f"/api/v1/ideas/{ideas[2].pk}/support/"

        assert client.post(url).json() == {"active": True, "count": 1}
        assert client.post(url).json() == {"active": True, "count": 1}
        assert client.delete(url).json() == {"active": False, "count": 0}

    def test_staff_follow_an_idea_and_stop(self, api, ideas):
        client = api("staff")
        url = f"/api/v1/ideas/{ideas[2].pk}/follow/"

        assert client.post(url).json() == {"active": True, "count": 2}
        assert client.delete(url).json() == {"active": False, "count": 1}

    def test_a_viewer_may_neither_support_nor_follow(self, api, ideas):
        client = api("viewer")

        assert client.post(f"/api/v1/ideas/{ideas[2].pk}/support/").status_code == 403
        assert client.post(f"/api/v1/ideas/{ideas[2].pk}/follow/").status_code == 403

    def test_a_merged_idea_cannot_be_supported(self, api, ideas, tenant_a, submitter):
        first, second, _third = ideas
        with tenant_context(tenant_a):
            services.idea_merge(duplicate=second, into=first, by=submitter)

        response = api("staff").post(f"/api/v1/ideas/{second.pk}/support/")

        assert response.status_code == 400
        assert first.registration_number in _error(response)["fields"]["idea"][0]


class TestSimilarAndStages:
    def test_similar_ideas_for_a_text(self, api, ideas, django_assert_max_num_queries):
        client = api("staff")

        with django_assert_max_num_queries(10):
            response = client.get("/api/v1/ideas/similar/?text=cykelställ vid skolan")

        assert response.status_code == 200
        assert response.json()[0]["title"] == ideas[0].title

    def test_similar_needs_a_text(self, api, ideas):
        response = api("staff").get("/api/v1/ideas/similar/")

        assert response.status_code == 400
        assert "text" in _error(response)["fields"]

    def test_the_stages_in_pipeline_order(self, api, tenant_a, django_assert_max_num_queries):
        client = api("viewer")

        with django_assert_max_num_queries(10):
            stages = client.get("/api/v1/stages/").json()

        assert [s["key"] for s in stages][:3] == ["received", "screening", "refinement"]
        assert stages[0]["is_entry"] is True


class TestTenantIsolation:
    PATHS = [
        "/api/v1/ideas/",
        "/api/v1/ideas/?q=KANARIE",
        "/api/v1/ideas/similar/?text=KANARIE-BETA-IDE-3d9a titel",
        "/api/v1/stages/",
    ]

    @pytest.mark.parametrize("path", PATHS)
    def test_a_member_of_b_gets_403_on_a_with_a_session(
        self, path, ideas, tenant_a, tenant_b, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_b, "admin"))

        response = client.get(path)

        assert response.status_code == 403
        assert _error(response)["code"] in {"permission_denied", "not_authenticated"}

    def test_a_member_of_b_gets_403_on_a_with_a_token(
        self, ideas, tenant_a, tenant_b, member_of, client_for
    ):
        token = api_token_for(member_of(tenant_b, "admin"))
        auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
        client = client_for(tenant_a)

        assert client.get("/api/v1/ideas/", **auth).status_code == 403
        assert client.get(f"/api/v1/ideas/{ideas[0].pk}/", **auth).status_code == 403
        moved = client.post(
            f"/api/v1/ideas/{ideas[0].pk}/move/",
            {"stage": "screening"},
            content_type="application/json",
            **auth,
        )
        assert moved.status_code == 403

    def test_a_token_of_a_works_on_a(self, ideas, tenant_a, member_of, client_for):
        token = api_token_for(member_of(tenant_a, "viewer"))

        response = client_for(tenant_a).get(
            "/api/v1/ideas/", HTTP_AUTHORIZATION=f"Token {token.key}"
        )

        assert response.json()["count"] == 3

    @pytest.mark.parametrize("path", PATHS)
    def test_bs_canary_never_shows_on_a(self, path, ideas, canary_of_b, api):
        body = api("admin").get(path).content.decode()

        assert CANARY_B not in body

    def test_bs_idea_id_on_a_is_not_bs_idea(self, ideas, canary_of_b, api):
        response = api("admin").get(f"/api/v1/ideas/{canary_of_b.pk}/")

        assert CANARY_B not in response.content.decode()

    def test_an_anonymous_caller_gets_the_error_shape(self, ideas, client_for, tenant_a):
        response = client_for(tenant_a).get("/api/v1/ideas/")

        assert response.status_code in {401, 403}
        assert _error(response)["code"] == "not_authenticated"


class TestSchema:
    def test_the_openapi_schema_documents_every_ideas_operation(self, client_for, tenant_a):
        response = client_for(tenant_a).get("/api/schema/", HTTP_ACCEPT="application/json")

        assert response.status_code == 200
        schema = response.json()
        paths = schema["paths"]
        assert set(paths["/api/v1/ideas/"]) >= {"get", "post"}
        assert "page_size" in {p["name"] for p in paths["/api/v1/ideas/"]["get"]["parameters"]}
        assert set(paths["/api/v1/ideas/{id}/support/"]) >= {"post", "delete"}
        move = paths["/api/v1/ideas/{id}/move/"]["post"]
        assert {"200", "400", "403", "404"} <= set(move["responses"])
        assert "IdeaMoveInput" in schema["components"]["schemas"]


class TestIdeaListFilteredByCoach:
    def test_the_coach_filter_narrows_the_list(self, tenant_a, member_of, client_for):
        from django_tenants.utils import tenant_context

        from tenants.coaching import services as coaching_services
        from tests.factories import make_idea

        admin, coach = member_of(tenant_a, "admin"), member_of(tenant_a, "coach")
        with tenant_context(tenant_a):
            coached = make_idea(title="Coachad idé")
            make_idea(title="Ensam idé")
            coaching_services.coach_assign(idea=coached, coach=coach, by=admin)

        response = client_for(tenant_a, person=admin).get(f"/api/v1/ideas/?coach={coach.pk}")

        assert [i["title"] for i in response.json()["results"]] == ["Coachad idé"]
