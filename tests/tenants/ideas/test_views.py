"""The staff pages of the idea lock: inbox, board, list, export, a new idea, the idea's page."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tenants.utils import tenant_context

from tenants.ideas import services
from tenants.ideas.models import Comment, Idea, StageChange
from tests.factories import make_call, make_contact, make_idea, stage
from tests.tenants import rows

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
BOARD = reverse("ideas-board")
LIST = reverse("ideas")
EXPORT = reverse("ideas-export")
NEW = reverse("idea-new")
INBOX = reverse("inbox")


def idea_url(idea: Idea) -> str:
    return reverse("idea", args=[idea.pk])


@pytest.fixture
def page(tenant_a, member_of, client_for):
    """Return a client of Alfa's pages logged in as a new person with ``role``."""

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


def stage_key_of(tenant: Any, idea: Idea) -> str:
    with tenant_context(tenant):
        return Idea.objects.get(pk=idea.pk).stage.key


class TestNavigation:
    def test_members_find_the_inbox_and_the_ideas_in_the_menu(self, page):
        body = page("viewer").get(LIST).content.decode()

        assert f'<a href="{INBOX}">Inkorg</a>' in body
        assert f'<a href="{LIST}" aria-current="page">Idéer</a>' in body

    def test_a_member_of_another_organisation_gets_403(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_b, "admin"))

        for url in (INBOX, BOARD, LIST, EXPORT, NEW):
            assert client.get(url).status_code == 403, url

    def test_a_visitor_is_sent_to_log_in(self, client_for, tenant_a):
        response = client_for(tenant_a).get(BOARD)

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


class TestInbox:
    def test_shows_new_ideas_and_open_needs_but_not_ideas_already_moving(
        self, page, ideas, tenant_a, submitter
    ):
        first, second, _third = ideas
        with tenant_context(tenant_a):
            services.idea_move(idea=first, to_stage=stage("screening"), by=submitter)
            rows.need(title="Fler laddplatser")

        body = page("coach").get(INBOX).content.decode()

        assert second.title in body
        assert first.title not in body
        assert "Fler laddplatser" in body
        assert "2 idéer väntar på beredning" in body


class TestBoard:
    def test_shows_a_column_per_stage_with_counts_and_cards_that_link(self, page, ideas):
        response = page("viewer").get(BOARD)
        body = response.content.decode()

        assert response.status_code == 200
        assert 'Inkommen <span class="count">(3)</span>' in body
        assert 'Beredning <span class="count">(0)</span>' in body
        assert f'<a href="{idea_url(ideas[0])}">{ideas[0].title}</a>' in body
        # Viewers read; they get no move forms.
        assert 'name="idea"' not in body

    def test_a_coach_moves_a_card_with_a_reason(self, page, ideas, tenant_a):
        first = ideas[0]
        client = page("coach")
        assert f'name="move-{first.pk}-stage"' in client.get(BOARD).content.decode()

        response = client.post(
            BOARD,
            {
                "idea": first.pk,
                f"move-{first.pk}-stage": "screening",
                f"move-{first.pk}-reason": "Värd att bereda",
            },
        )

        assert response.status_code == 302
        assert response["Location"] == BOARD
        with tenant_context(tenant_a):
            change = StageChange.objects.filter(idea=first).latest("at")
            assert (change.to_stage.key, change.reason) == ("screening", "Värd att bereda")
        body = client.get(BOARD).content.decode()
        assert 'Beredning <span class="count">(1)</span>' in body
        assert "flyttades till Beredning" in body

    def test_a_refused_move_shows_the_error_on_its_card(self, page, ideas, tenant_a):
        first = ideas[0]

        response = page("coach").post(
            BOARD, {"idea": first.pk, f"move-{first.pk}-stage": "declined"}
        )

        body = response.content.decode()
        assert response.status_code == 400
        assert f'id="card-{first.pk}"' in body
        assert "Ange ett skäl; idégivaren ser det." in body
        assert f'id="id_move-{first.pk}-reason_error"' in body
        assert stage_key_of(tenant_a, first) == "received"

    @pytest.mark.parametrize("role", ["staff", "council_member", "viewer"])
    def test_only_those_who_manage_ideas_may_move_cards(self, page, ideas, tenant_a, role):
        first = ideas[0]

        response = page(role).post(BOARD, {"idea": first.pk, f"move-{first.pk}-stage": "screening"})

        assert response.status_code == 403
        assert stage_key_of(tenant_a, first) == "received"


class TestList:
    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("", {0, 1, 2}),
            ("stage=received", {0, 1, 2}),
            ("stage=screening", set()),
            ("audience=citizen", {1}),
            ("unit=Grundskolan", {0}),
            ("q=bilpool", {2}),
            ("q=cykel", {0}),
            ("submitted_to=2000-01-01", set()),
        ],
    )
    def test_filters(self, page, ideas, query, expected):
        body = page("viewer").get(f"{LIST}?{query}").content.decode()

        shown = {n for n, idea in enumerate(ideas) if f">{idea.title}</a>" in body}
        assert shown == expected

    def test_filters_by_call_and_need(self, page, tenant_a, submitter):
        with tenant_context(tenant_a):
            call = make_call(title="Matsvinn")
            need = rows.need(title="Kortare köer")
            in_call = make_idea(title="Svar på utlysningen", description="Text", call=call)
            for_need = make_idea(title="Svar på behovet", description="Text", needs=[need])
            make_idea(title="Annan idé", description="Text")
        client = page("viewer")

        by_call = client.get(f"{LIST}?call={call.pk}").content.decode()
        by_need = client.get(f"{LIST}?need={need.pk}").content.decode()

        assert in_call.title in by_call
        assert "Annan idé" not in by_call
        assert for_need.title in by_need
        assert "Annan idé" not in by_need

    def test_a_wrong_filter_is_shown_next_to_its_field(self, page, ideas):
        response = page("viewer").get(f"{LIST}?submitted_from=2026-05-01&submitted_to=2026-04-01")

        assert "Slutdatumet kan inte ligga före startdatumet." in response.content.decode()

    def test_a_coach_moves_the_chosen_ideas_together(self, page, ideas, tenant_a):
        first, second, _third = ideas

        response = page("coach").post(
            f"{LIST}?audience=",
            {"ids": [first.pk, second.pk], "bulk-stage": "screening", "bulk-reason": "Veckans"},
        )

        assert response.status_code == 302
        assert [stage_key_of(tenant_a, i) for i in ideas] == ["screening", "screening", "received"]

    def test_a_bulk_move_without_ideas_chosen_says_so(self, page, ideas):
        response = page("coach").post(LIST, {"bulk-stage": "screening"})

        assert response.status_code == 400
        assert "Välj minst en idé i listan." in response.content.decode()

    def test_a_bulk_move_moves_none_if_one_may_not_move(self, page, ideas, tenant_a, submitter):
        first, second, _third = ideas
        with tenant_context(tenant_a):
            services.idea_move(idea=second, to_stage=stage("screening"), by=submitter)

        response = page("coach").post(
            LIST, {"ids": [first.pk, second.pk], "bulk-stage": "screening"}
        )

        body = response.content.decode()
        assert response.status_code == 400
        assert second.registration_number in body
        assert f'value="{first.pk}" id="choose-{first.pk}" checked' in body
        assert stage_key_of(tenant_a, first) == "received"

    def test_staff_see_no_bulk_form_and_may_not_post_one(self, page, ideas):
        client = page("staff")

        assert 'name="ids"' not in client.get(LIST).content.decode()
        assert (
            client.post(LIST, {"ids": [ideas[0].pk], "bulk-stage": "screening"}).status_code == 403
        )

    def test_a_page_of_many_ideas_costs_no_more_queries_than_one(
        self, page, tenant_a, django_assert_max_num_queries
    ):
        client = page("coach")
        with tenant_context(tenant_a):
            make_idea(title="Idé 0", description="Text")
        one = rows.queries_of(lambda: client.get(LIST))
        with tenant_context(tenant_a):
            for n in range(1, 60):
                make_idea(title=f"Idé {n}", description="Text")

        with django_assert_max_num_queries(one):
            response = client.get(LIST)

        assert response.content.decode().count('name="ids"') == 50


class TestExport:
    def _rows(self, response: Any) -> list[list[str]]:
        text = response.content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text), delimiter=";"))

    def test_exports_the_current_filter_without_personal_data(self, page, ideas):
        response = page("viewer").get(f"{EXPORT}?audience=citizen")

        assert response["Content-Type"].startswith("text/csv")
        table = self._rows(response)
        assert table[0][:3] == ["Diarienummer", "Rubrik", "Steg"]
        assert [row[1] for row in table[1:]] == [ideas[1].title]
        assert "inga.invanare@example.org" not in response.content.decode("utf-8-sig")

    def test_neutralises_formula_cells(self, page, tenant_a):
        with tenant_context(tenant_a):
            make_idea(
                title='=HYPERLINK("http://evil.example","klicka")',
                description="Text",
                unit="+46 ring oss",
            )

        table = self._rows(page("viewer").get(EXPORT))

        assert table[1][1] == '\'=HYPERLINK("http://evil.example","klicka")'
        assert table[1][4] == "'+46 ring oss"


class TestNewIdea:
    def test_staff_register_an_idea_and_land_on_its_page(self, page, tenant_a):
        client = page("staff")
        assert client.get(NEW).status_code == 200

        response = client.post(
            NEW,
            {
                "title": "Solceller på simhallen",
                "description": "Taket är stort och vänt mot söder.",
                "audience": "staff",
                "tags": "energi, fastigheter",
            },
            follow=True,
        )

        with tenant_context(tenant_a):
            idea = Idea.objects.get(title="Solceller på simhallen")
        assert response.redirect_chain[-1][0] == idea_url(idea)
        assert "Idén är registrerad med diarienummer" in response.content.decode()
        assert idea.tags == ["energi", "fastigheter"]
        assert idea.stage.key == "received"

    def test_an_idea_can_answer_an_open_call_and_needs(self, page, tenant_a):
        with tenant_context(tenant_a):
            call = make_call(title="Minska matsvinnet")
            need = rows.need(title="Mindre svinn i skolköken")
        client = page("staff")
        assert "Minska matsvinnet" in client.get(NEW).content.decode()

        response = client.post(
            NEW,
            {
                "title": "Smakportioner",
                "description": "Låt eleverna smaka först.",
                "audience": "staff",
                "call": call.pk,
                "needs": [need.pk],
            },
        )

        assert response.status_code == 302
        with tenant_context(tenant_a):
            idea = Idea.objects.get(title="Smakportioner")
            assert idea.call_id == call.pk
            assert list(idea.needs.values_list("pk", flat=True)) == [need.pk]

    def test_a_refused_upload_keeps_the_typed_text_and_says_why(self, page, tenant_a, media_root):
        response = page("staff").post(
            NEW,
            {
                "title": "Ett långt genomtänkt förslag",
                "description": "Här har jag skrivit länge om min idé.",
                "audience": "staff",
                "attachments": [SimpleUploadedFile("program.exe", b"MZ\x90\x00")],
            },
        )

        body = response.content.decode()
        assert response.status_code == 400
        assert 'value="Ett långt genomtänkt förslag"' in body
        assert "Här har jag skrivit länge om min idé." in body
        assert "program.exe: filtypen tillåts inte" in body
        assert 'id="id_attachments_error"' in body
        with tenant_context(tenant_a):
            assert not Idea.objects.exists()

    def test_an_accepted_upload_is_attached(self, page, tenant_a, media_root):
        response = page("staff").post(
            NEW,
            {
                "title": "Skiss av lekplatsen",
                "description": "Se bifogad skiss.",
                "audience": "staff",
                "attachments": [SimpleUploadedFile("skiss.pdf", PDF)],
            },
        )

        assert response.status_code == 302
        with tenant_context(tenant_a):
            idea = Idea.objects.get(title="Skiss av lekplatsen")
            assert [a.original_name for a in idea.attachments.all()] == ["skiss.pdf"]

    def test_missing_fields_are_marked_and_similar_ideas_shown(self, page, ideas):
        response = page("staff").post(
            NEW, {"title": "Fler cykelställ vid skolorna", "description": "", "audience": "staff"}
        )

        body = response.content.decode()
        assert response.status_code == 400
        assert 'id="id_description_error"' in body
        assert ideas[0].title in body  # a similar idea, shown without JavaScript
        assert 'aria-live="polite"' in body

    def test_a_viewer_may_not_register_ideas(self, page):
        assert page("viewer").get(NEW).status_code == 403


class TestIdeaPage:
    def test_staff_see_the_idea_but_not_internal_notes_or_who_submitted(self, page, ideas):
        body = page("staff").get(idea_url(ideas[0])).content.decode()

        assert ideas[0].title in body
        assert "Bra idé!" in body
        assert "Hemlig bedömning" not in body
        assert "ida.idegivare@example.org" not in body
        assert 'name="action" value="move"' not in body
        assert 'name="action" value="support"' in body

    def test_a_council_member_sees_internal_notes_marked_but_cannot_move(self, page, ideas):
        body = page("council_member").get(idea_url(ideas[0])).content.decode()

        assert "Hemlig bedömning" in body
        assert "Intern anteckning" in body
        assert "ida.idegivare@example.org" in body
        assert 'name="action" value="move"' not in body

    def test_shows_the_history_with_who_when_from_to_and_why(
        self, page, ideas, tenant_a, member_of
    ):
        coach = member_of(tenant_a, "coach", person__full_name="Cecilia Coach")
        with tenant_context(tenant_a):
            services.idea_move(
                idea=ideas[0], to_stage=stage("screening"), by=coach, reason="Värd att bereda"
            )

        body = page("staff").get(idea_url(ideas[0])).content.decode()

        history = body[body.index('id="history"') :]
        assert "Cecilia Coach" in history
        assert "Värd att bereda" in history
        assert "<td>Inkommen</td>" in history
        assert "<td>Beredning</td>" in history

    def test_a_coach_moves_merges_and_publishes_from_the_page(self, page, ideas, tenant_a):
        first, second, _third = ideas
        client = page("coach")

        moved = client.post(
            idea_url(first), {"action": "move", "move-stage": "screening", "move-reason": "Ja"}
        )
        merged = client.post(
            idea_url(second),
            {"action": "merge", "merge-into": first.registration_number, "merge-reason": "Samma"},
        )
        published = client.post(idea_url(first), {"action": "publish", "is_public": "1"})

        assert [moved.status_code, merged.status_code, published.status_code] == [302, 302, 302]
        with tenant_context(tenant_a):
            first.refresh_from_db()
            second.refresh_from_db()
        assert first.stage.key == "screening"
        assert first.is_public
        assert second.merged_into_id == first.pk

    def test_a_merge_with_an_unknown_number_is_shown_next_to_the_field(self, page, ideas):
        response = page("coach").post(
            idea_url(ideas[1]), {"action": "merge", "merge-into": "1999-9999"}
        )

        body = response.content.decode()
        assert response.status_code == 400
        assert 'id="id_merge-into_error"' in body
        assert "Det finns ingen idé med det diarienumret." in body

    @pytest.mark.parametrize("action", ["move", "merge", "publish"])
    def test_a_council_member_may_not_manage(self, page, ideas, action):
        response = page("council_member").post(idea_url(ideas[0]), {"action": action})

        assert response.status_code == 403

    def test_staff_comment_but_cannot_write_internal_notes(self, page, ideas, tenant_a):
        client = page("staff")

        client.post(idea_url(ideas[0]), {"action": "comment", "body": "Kul!", "is_internal": "on"})

        with tenant_context(tenant_a):
            comment = Comment.objects.get(body="Kul!")
        assert comment.is_internal is False

    def test_a_coach_writes_an_internal_note(self, page, ideas, tenant_a):
        page("coach").post(
            idea_url(ideas[0]), {"action": "comment", "body": "Notering", "is_internal": "on"}
        )

        with tenant_context(tenant_a):
            assert Comment.objects.get(body="Notering").is_internal is True

    def test_an_empty_comment_is_shown_next_to_the_field(self, page, ideas):
        response = page("staff").post(idea_url(ideas[0]), {"action": "comment", "body": ""})

        assert response.status_code == 400
        assert 'id="id_body_error"' in response.content.decode()

    def test_staff_support_and_follow_with_buttons(self, page, ideas):
        client = page("staff")
        url = idea_url(ideas[2])

        client.post(url, {"action": "support"})
        client.post(url, {"action": "follow"})
        body = client.get(url).content.decode()

        assert 'value="unsupport"' in body
        assert 'value="unfollow"' in body
        assert "1 stöder idén." in body
        assert "2 bevakar den." in body

    def test_a_viewer_has_no_buttons_and_may_not_support(self, page, ideas):
        client = page("viewer")

        assert 'value="support"' not in client.get(idea_url(ideas[0])).content.decode()
        assert client.post(idea_url(ideas[0]), {"action": "support"}).status_code == 403

    def test_shows_similar_ideas(self, page, tenant_a, ideas):
        with tenant_context(tenant_a):
            twin = make_idea(
                title="Cykelställ vid skolorna för lådcyklar",
                description="Lådcyklar behöver plats vid skolorna.",
            )

        body = page("staff").get(idea_url(twin)).content.decode()

        similar = body[body.index('id="similar-heading"') :]
        assert ideas[0].title in similar

    def test_an_unknown_idea_is_404(self, page):
        assert page("staff").get(reverse("idea", args=[999999])).status_code == 404

    def test_an_attachment_downloads_for_members(self, page, tenant_a, media_root):
        with tenant_context(tenant_a):
            idea = make_idea(
                title="Med bilaga",
                description="Text",
                attachments=[SimpleUploadedFile("skiss.pdf", PDF)],
            )
            attachment = idea.attachments.get()
        url = reverse("idea-attachment", args=[idea.pk, attachment.pk])

        response = page("viewer").get(url)

        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert "skiss.pdf" in response["Content-Disposition"]


class TestEscaping:
    TITLE = '<script>alert("idé")</script><b>fet</b>'

    @pytest.fixture
    def nasty(self, tenant_a):
        with tenant_context(tenant_a):
            return make_idea(title=self.TITLE, description="<img src=x onerror=alert(1)>")

    @pytest.mark.parametrize("where", ["board", "list", "idea", "inbox"])
    def test_html_in_titles_is_shown_as_text(self, page, nasty, where):
        url = {"board": BOARD, "list": LIST, "idea": idea_url(nasty), "inbox": INBOX}[where]

        body = page("coach").get(url).content.decode()

        assert "<script>alert" not in body
        assert "<b>fet</b>" not in body
        assert "&lt;script&gt;alert(&quot;idé&quot;)&lt;/script&gt;" in body
        assert "<img src=x" not in body
