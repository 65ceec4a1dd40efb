"""The public portal through the test client, as an anonymous visitor on Alfa's host."""

from __future__ import annotations

import html
import re
import secrets

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tenants.utils import schema_context

from tenants.contacts.models import Contact
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea, Support
from tests import factories
from tests.tenants.portal.conftest import idea_form_data, make_call, make_contact, make_idea, stage

pytestmark = pytest.mark.django_db

CANARY_NAME = "Kanarie Ölundsdotter-7f3c"
CANARY_EMAIL = "kanarie-7f3c@example.org"
CANARY_ORGANIZATION = "Kanariefåglarnas förening 7f3c"


def follow_link(message: mail.EmailMessage) -> str:
    match = re.search(r"http://alfa\.localhost(/portal/folj/[\w-]+/)\S*", str(message.body))
    assert match, message.body
    return match.group(1)


def submit(visitor, capture, **overrides):
    with capture(execute=True):
        return visitor.post("/portal/ny-ide/", idea_form_data(**overrides))


class TestStartAndCalls:
    def test_the_start_page_shows_open_public_calls_and_public_ideas_only(self, visitor, tenant_a):
        make_call(tenant_a.schema_name, title="Öppen för invånare")
        make_call(tenant_a.schema_name, title="Stängd utlysning", open_=False)
        make_call(tenant_a.schema_name, title="Bara för medarbetare", audiences=("staff",))
        make_idea(tenant_a.schema_name, title="Synlig idé")
        make_idea(tenant_a.schema_name, title="Osynlig idé", public=False)

        body = visitor.get("/portal/").content.decode()

        assert "Öppen för invånare" in body
        assert "Stängd utlysning" not in body
        assert "Bara för medarbetare" not in body
        assert "Synlig idé" in body
        assert "Osynlig idé" not in body

    def test_a_staff_only_call_has_no_public_page(self, visitor, tenant_a):
        call = make_call(tenant_a.schema_name, audiences=("staff",))

        assert visitor.get(f"/portal/utlysningar/{call.pk}/").status_code == 404

    def test_the_call_page_links_to_the_form_with_the_call_chosen(self, visitor, tenant_a):
        call = make_call(tenant_a.schema_name, title="Trygg stadskärna")

        page = visitor.get(f"/portal/utlysningar/{call.pk}/").content.decode()
        form = visitor.get(f"/portal/ny-ide/?utlysning={call.pk}").content.decode()

        assert f"/portal/ny-ide/?utlysning={call.pk}" in page
        assert re.search(rf'<option value="{call.pk}" selected>Trygg stadskärna</option>', form)


class TestSubmittingAnIdea:
    def test_creates_a_contact_and_an_idea_in_the_entry_stage_and_mails_the_follow_link(
        self, visitor, tenant_a, django_capture_on_commit_callbacks
    ):
        response = submit(visitor, django_capture_on_commit_callbacks, gender="woman")

        assert response.status_code == 302
        assert response["Location"].startswith("/portal/tack/?ref=")
        with schema_context(tenant_a.schema_name):
            idea = Idea.objects.select_related("stage", "contact").get()
            contact = Contact.objects.get()
            assert idea.stage.key == "received"
            assert idea.title == "Fler bänkar längs ån"
            assert idea.contact_id == contact.pk
            assert contact.email == "vera@example.org"
            assert contact.consent_text.startswith("Alfa kommun sparar ditt namn")
            assert idea.submitter_gender == "woman"
            assert idea.is_public is False
            token = contact.access_token
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["vera@example.org"]
        assert follow_link(mail.outbox[0]) == f"/portal/folj/{token}/"

        thanks = visitor.get(response["Location"]).content.decode()
        assert idea.registration_number in thanks
        assert "Bekräfta din e-postadress" in thanks

    def test_stores_the_consent_text_that_the_form_showed(
        self, visitor, tenant_a, django_capture_on_commit_callbacks
    ):
        form = visitor.get("/portal/ny-ide/").content.decode()
        submit(visitor, django_capture_on_commit_callbacks)

        with schema_context(tenant_a.schema_name):
            stored = Contact.objects.get().consent_text
        assert html.escape(stored) in form

    def test_a_double_click_shows_the_same_thank_you_and_stores_one_idea(
        self, visitor, tenant_a, django_capture_on_commit_callbacks
    ):
        first = submit(visitor, django_capture_on_commit_callbacks)
        second = submit(visitor, django_capture_on_commit_callbacks)

        assert first.status_code == second.status_code == 302
        # The link is signed with a timestamp, so compare what it points at.
        assert thanks_ref(first, tenant_a) == thanks_ref(second, tenant_a)
        with schema_context(tenant_a.schema_name):
            assert Idea.objects.count() == 1
            assert Contact.objects.count() == 1
        assert len(mail.outbox) == 1

    def test_missing_fields_are_named_and_the_typed_text_is_kept(self, visitor, tenant_a):
        response = visitor.post("/portal/ny-ide/", idea_form_data(email="", consent=""))

        body = response.content.decode()
        assert response.status_code == 400
        assert 'id="id_email_error"' in body
        assert 'id="id_consent_error"' in body
        assert 'value="Fler bänkar längs ån"' in body
        with schema_context(tenant_a.schema_name):
            assert not Idea.objects.exists()

    def test_a_closed_call_refuses_with_the_reason_and_keeps_the_text(
        self, visitor, tenant_a, django_capture_on_commit_callbacks
    ):
        call = make_call(tenant_a.schema_name, title="Gammal utlysning", open_=False)

        response = submit(visitor, django_capture_on_commit_callbacks, call=str(call.pk))

        body = response.content.decode()
        assert response.status_code == 400
        assert "Utlysningen ”Gammal utlysning” stängde" in body
        assert 'id="id_call_error"' in body
        assert "Det behövs fler ställen att vila på promenaden längs ån." in body
        with schema_context(tenant_a.schema_name):
            assert not Idea.objects.exists()
            assert not Contact.objects.exists()
        assert mail.outbox == []

    def test_an_open_call_takes_the_idea(
        self, visitor, tenant_a, django_capture_on_commit_callbacks
    ):
        call = make_call(tenant_a.schema_name)

        response = submit(visitor, django_capture_on_commit_callbacks, call=str(call.pk))

        assert response.status_code == 302
        with schema_context(tenant_a.schema_name):
            assert Idea.objects.get().call_id == call.pk

    @pytest.mark.parametrize(
        ("upload", "expected"),
        [
            (("program.exe", b"MZ\x90\x00binary"), "filtypen tillåts inte"),
            (("stor.pdf", b"%PDF-1.7\n" + b"x" * 4096), "är större än"),
        ],
        ids=["wrong type", "too big"],
    )
    def test_a_refused_upload_shows_why_by_the_file_field_keeps_the_text_and_stores_nothing(
        self, visitor, tenant_a, settings, django_capture_on_commit_callbacks, upload, expected
    ):
        settings.IDEA_ATTACHMENT_MAX_BYTES = 1024
        name, content = upload
        data = idea_form_data(organization_name="Min förening", audience="association")
        data["attachments"] = [SimpleUploadedFile(name, content)]

        with django_capture_on_commit_callbacks(execute=True):
            response = visitor.post("/portal/ny-ide/", data)

        body = response.content.decode()
        assert response.status_code == 400
        error = re.search(r'<div class="error" id="id_attachments_error">(.*?)</div>', body, re.S)
        assert error, body
        assert expected in error.group(1)
        assert "Välj filerna igen" in error.group(1)
        assert 'value="Fler bänkar längs ån"' in body
        assert "Det behövs fler ställen att vila på promenaden längs ån.</textarea>" in body
        assert "Äldre kan gå längre.</textarea>" in body
        assert 'value="Vera Visitor"' in body
        assert 'value="vera@example.org"' in body
        assert 'value="Min förening"' in body
        assert re.search(r'<option value="association" selected>', body)
        with schema_context(tenant_a.schema_name):
            assert not Idea.objects.exists()
            assert not Contact.objects.exists()
        assert mail.outbox == []

    def test_an_accepted_attachment_is_stored_with_the_idea(
        self, visitor, tenant_a, django_capture_on_commit_callbacks
    ):
        data = idea_form_data()
        data["attachments"] = [
            SimpleUploadedFile("skiss.pdf", b"%PDF-1.7\nskiss"),
            SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\nbild"),
        ]

        with django_capture_on_commit_callbacks(execute=True):
            response = visitor.post("/portal/ny-ide/", data)

        assert response.status_code == 302
        with schema_context(tenant_a.schema_name):
            names = sorted(Idea.objects.get().attachments.values_list("original_name", flat=True))
            for attachment in Idea.objects.get().attachments.all():
                attachment.file.delete(save=False)
        assert names == ["foto.png", "skiss.pdf"]

    def test_the_honeypot_pretends_success_and_stores_nothing(
        self, visitor, tenant_a, django_capture_on_commit_callbacks
    ):
        response = submit(
            visitor, django_capture_on_commit_callbacks, webbplats="http://billiga-klockor.example"
        )

        assert response.status_code == 302
        assert response["Location"] == "/portal/tack/"
        assert "Tack!" in visitor.get("/portal/tack/").content.decode()
        with schema_context(tenant_a.schema_name):
            assert not Idea.objects.exists()
            assert not Contact.objects.exists()
        assert mail.outbox == []

    def test_the_honeypot_is_hidden_from_people_and_their_tools(self, visitor, tenant_a):
        body = visitor.get("/portal/ny-ide/").content.decode()

        hidden = re.search(
            r'<div class="visually-hidden" aria-hidden="true">(.*?)</div>', body, re.S
        )
        assert hidden
        assert 'name="webbplats"' in hidden.group(1)
        assert 'tabindex="-1"' in hidden.group(1)
        assert 'autocomplete="off"' in hidden.group(1)

    def test_without_open_calls_the_form_does_not_ask_for_one(self, visitor, tenant_a):
        make_call(tenant_a.schema_name, open_=False)

        assert 'name="call"' not in visitor.get("/portal/ny-ide/").content.decode()

    def test_gender_is_optional_with_a_would_rather_not_say_choice(self, visitor, tenant_a):
        body = visitor.get("/portal/ny-ide/").content.decode()

        assert "Kön (frivilligt)" in body
        assert re.search(r'<input type="radio" name="gender" value=""[^>]*checked', body)
        assert "Vill inte ange" in body


class TestSubmittingANeed:
    def test_registers_the_need_and_mails_the_link(
        self, visitor, tenant_a, django_capture_on_commit_callbacks
    ):
        data = {
            "name": "Bo",
            "email": "bo@example.org",
            "organization_name": "Bos Bageri",
            "audience": "business",
            "title": "Leveranser i centrum",
            "description": "Det finns ingenstans att lasta av.",
            "affected": "",
            "consent": "on",
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = visitor.post("/portal/nytt-behov/", data)

        assert response.status_code == 302
        with schema_context(tenant_a.schema_name):
            from tenants.needs.models import Need

            need = Need.objects.get()
            assert need.source == "business"
            assert Contact.objects.get(needs=need).organization_name == "Bos Bageri"
        assert len(mail.outbox) == 1
        assert "Leveranser i centrum" in visitor.get(response["Location"]).content.decode()


class TestFollowPage:
    def test_the_mailed_link_confirms_the_address_and_shows_the_idea_and_its_history(
        self, visitor, tenant_a, member_of, django_capture_on_commit_callbacks
    ):
        submit(visitor, django_capture_on_commit_callbacks)
        link = follow_link(mail.outbox[0])
        coach = member_of(tenant_a, "coach")
        with schema_context(tenant_a.schema_name):
            idea = Idea.objects.get()
            idea_services.idea_move(idea=idea, to_stage=stage("alfa", "screening"), by=coach)
            idea_services.idea_move(
                idea=idea,
                to_stage=stage("alfa", "declined"),
                by=coach,
                reason="Kommunen bygger redan om strandpromenaden.",
            )

        response = visitor.get(link)

        body = response.content.decode()
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert response["Referrer-Policy"] == "no-referrer"
        assert idea.registration_number in body
        assert "Fler bänkar längs ån" in body
        for step in ("Inkommen", "Beredning", "Avslutad: avböjd"):
            assert step in body
        assert "Kommunen bygger redan om strandpromenaden." in body
        assert "visas inte i portalen" in body
        with schema_context(tenant_a.schema_name):
            assert Contact.objects.get().confirmed_at is not None

    def test_an_unknown_token_is_not_found(self, visitor, tenant_a):
        assert visitor.get("/portal/folj/finns-inte/").status_code == 404

    def test_the_contact_stops_following(self, visitor, tenant_a):
        with schema_context(tenant_a.schema_name):
            contact = make_contact()
        idea = make_idea(tenant_a.schema_name, title="Min idé", contact=contact)
        link = f"/portal/folj/{contact.access_token}/"

        response = visitor.post(link, {"action": "unfollow", "idea": idea.pk})

        assert response.status_code == 302
        body = visitor.get(link).content.decode()
        assert "Följ igen" in body
        with schema_context(tenant_a.schema_name):
            assert not idea_services.Follow.objects.filter(contact=contact).exists()

    def test_a_support_asked_for_by_mail_is_confirmed_on_the_page(
        self, visitor, tenant_a, django_capture_on_commit_callbacks
    ):
        idea = make_idea(tenant_a.schema_name, title="Populär idé")
        with django_capture_on_commit_callbacks(execute=True):
            visitor.post(
                f"/portal/ideer/{idea.pk}/",
                {
                    "action": "support",
                    "name": "Stina",
                    "email": "stina@example.org",
                    "audience": "citizen",
                    "consent": "on",
                },
            )
        match = re.search(r"(/portal/folj/[\w-]+/\?stod=\d+)", str(mail.outbox[-1].body))
        assert match

        page = visitor.get(match.group(1)).content.decode()
        assert "Bekräfta ditt stöd" in page
        token = match.group(1).split("/")[3]
        visitor.post(f"/portal/folj/{token}/", {"action": "support", "idea": idea.pk})

        with schema_context(tenant_a.schema_name):
            assert Support.objects.filter(idea=idea, contact__email="stina@example.org").exists()
        detail = visitor.get(f"/portal/ideer/{idea.pk}/").content.decode()
        assert "1 vill också ha detta" in detail


class TestWhatThePublicSees:
    @pytest.fixture
    def published(self, visitor, tenant_a, member_of, django_capture_on_commit_callbacks):
        """An idea submitted with canary personal data, then published and closed by staff."""
        submit(
            visitor,
            django_capture_on_commit_callbacks,
            name=CANARY_NAME,
            email=CANARY_EMAIL,
            organization_name=CANARY_ORGANIZATION,
            audience="association",
            gender="woman",
        )
        coach = member_of(tenant_a, "coach")
        with schema_context(tenant_a.schema_name):
            idea = Idea.objects.get()
            idea_services.idea_set_public(idea=idea, is_public=True, by=coach)
            idea_services.comment_add(
                idea=idea, body="Öppen kommentar från idéslussen.", author=coach
            )
            idea_services.comment_add(
                idea=idea, body="INTERN-ANTECKNING-91d2", is_internal=True, author=coach
            )
            idea_services.idea_move(
                idea=idea,
                to_stage=stage("alfa", "parked"),
                by=coach,
                reason="Vi tar upp idén igen när budgeten för 2027 är klar.",
            )
        return idea

    @pytest.mark.parametrize("path", ["/portal/", "/portal/ideer/", "/portal/ideer/{pk}/"])
    def test_never_the_submitters_name_email_organisation_or_gender(self, visitor, published, path):
        body = visitor.get(path.format(pk=published.pk)).content.decode()

        assert "Fler bänkar längs ån" in body
        assert published.registration_number in body
        for canary in (CANARY_NAME, CANARY_EMAIL, CANARY_ORGANIZATION, "Kanarie", "7f3c"):
            assert canary not in body
        assert "Kvinna" not in body

    def test_the_public_list_shows_stage_history_and_the_closing_reason(self, visitor, published):
        body = visitor.get("/portal/ideer/").content.decode()

        assert "Avslutad: parkerad" in body
        assert "Inkommen" in body
        assert "Vi tar upp idén igen när budgeten för 2027 är klar." in body

    def test_the_idea_page_shows_public_comments_and_never_internal_ones(self, visitor, published):
        body = visitor.get(f"/portal/ideer/{published.pk}/").content.decode()

        assert "Öppen kommentar från idéslussen." in body
        assert "INTERN-ANTECKNING-91d2" not in body
        assert "Vi tar upp idén igen när budgeten för 2027 är klar." in body
        assert "Jag vill också ha detta" in body

    def test_the_similar_endpoint_gives_number_title_and_address_only(self, visitor, published):
        data = visitor.get("/portal/liknande/", {"text": "bänkar längs ån"}).json()

        assert data == {
            "results": [
                {
                    "number": published.registration_number,
                    "title": "Fler bänkar längs ån",
                    "url": f"/portal/ideer/{published.pk}/",
                }
            ]
        }

    def test_ideas_that_are_not_public_stay_out_everywhere(self, visitor, tenant_a):
        idea = make_idea(tenant_a.schema_name, title="Hemlig cykelidé", public=False)

        assert "Hemlig cykelidé" not in visitor.get("/portal/ideer/").content.decode()
        assert visitor.get(f"/portal/ideer/{idea.pk}/").status_code == 404
        assert visitor.get("/portal/liknande/", {"text": "Hemlig cykelidé"}).json() == {
            "results": []
        }

    def test_html_in_a_title_is_escaped(self, visitor, tenant_a):
        idea = make_idea(
            tenant_a.schema_name,
            title='<script>alert("x")</script> Bättre <b>belysning</b>',
            description="<img src=x onerror=alert(1)>",
        )

        for path in ("/portal/", "/portal/ideer/", f"/portal/ideer/{idea.pk}/"):
            body = visitor.get(path).content.decode()
            assert "<script>alert" not in body
            assert "<b>belysning" not in body
            assert "<img src=x" not in body
            assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body

    def test_another_organisations_ideas_never_appear(self, visitor, tenant_a, tenant_b):
        theirs = make_idea(tenant_b.schema_name, title="Betas kanarieidé om snöröjning")
        ours = make_idea(tenant_a.schema_name, title="Alfas idé om cykelbanor")

        for path in ("/portal/", "/portal/ideer/", f"/portal/ideer/{ours.pk}/"):
            assert "Betas kanarieidé" not in visitor.get(path).content.decode()
        similar = visitor.get("/portal/liknande/", {"text": "kanarieidé snöröjning"}).json()
        assert similar == {"results": []}
        if theirs.pk != ours.pk:
            assert visitor.get(f"/portal/ideer/{theirs.pk}/").status_code == 404

    def test_the_list_needs_a_fixed_number_of_queries(
        self, visitor, tenant_a, django_assert_max_num_queries
    ):
        for n in range(6):
            make_idea(tenant_a.schema_name, title=f"Idé nummer {n}")

        with django_assert_max_num_queries(8):
            response = visitor.get("/portal/ideer/")

        assert response.content.decode().count('class="idea-card"') == 6


class TestMembersOnThePortal:
    def test_a_logged_in_member_supports_with_one_click(self, client_for, tenant_a, member_of):
        person = member_of(tenant_a, "staff")
        idea = make_idea(tenant_a.schema_name, title="Idé att stödja")

        response = client_for(tenant_a, person=person).post(
            f"/portal/ideer/{idea.pk}/", {"action": "support"}
        )

        assert response.status_code == 302
        with schema_context(tenant_a.schema_name):
            assert Support.objects.filter(idea=idea, person=person).exists()


CANARY_BETA = "KANARIE-BETA-portal-91d2"


def next_ids_alike(table: str, *organizations) -> None:
    """Move ``table``'s id sequence in every schema to the same value: the next rows share ids."""
    last = []
    for organization in organizations:
        with schema_context(organization.schema_name), connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608 (a sequence name)
            last.append((organization, sequence, cursor.fetchone()[0]))
    top = max(value for _organization, _sequence, value in last) + 1
    for organization, sequence, _value in last:
        with schema_context(organization.schema_name), connection.cursor() as cursor:
            cursor.execute("SELECT setval(%s, %s)", [sequence, top])


NEED_FORM = {
    "name": "Bo",
    "email": "bo@example.org",
    "organization_name": "",
    "audience": "business",
    "title": "Leveranser i centrum",
    "description": "Det finns ingenstans att lasta av.",
    "affected": "",
    "consent": "on",
}


class TestThankYouReference:
    """The reference in /portal/tack/?ref=… belongs to the portal that made it."""

    def test_names_the_submission_on_its_own_portal(
        self, visitor, tenant_a, django_capture_on_commit_callbacks
    ):
        response = submit(visitor, django_capture_on_commit_callbacks)

        thanks = visitor.get(response["Location"])

        assert thanks.status_code == 200
        assert "Fler bänkar längs ån" in thanks.content.decode()

    def test_an_idea_reference_opened_on_another_organisations_host_is_not_found(
        self, client_for, visitor, tenant_a, tenant_b, django_capture_on_commit_callbacks
    ):
        next_ids_alike("ideas_idea", tenant_a, tenant_b)
        response = submit(visitor, django_capture_on_commit_callbacks)
        their_idea = make_idea(tenant_b.schema_name, title=CANARY_BETA, public=False)
        with schema_context(tenant_a.schema_name):
            assert Idea.objects.get().pk == their_idea.pk  # the same id in both

        elsewhere = client_for(tenant_b).get(response["Location"])

        assert elsewhere.status_code == 404
        assert CANARY_BETA not in elsewhere.content.decode()
        assert their_idea.registration_number not in elsewhere.content.decode()

    def test_a_need_reference_opened_on_another_organisations_host_is_not_found(
        self, client_for, visitor, tenant_a, tenant_b, django_capture_on_commit_callbacks
    ):
        from tenants.needs.models import Need

        next_ids_alike("needs_need", tenant_a, tenant_b)
        with django_capture_on_commit_callbacks(execute=True):
            response = visitor.post("/portal/nytt-behov/", NEED_FORM)
        with schema_context(tenant_b.schema_name):
            theirs = Need.objects.create(title=CANARY_BETA, description=CANARY_BETA)
        with schema_context(tenant_a.schema_name):
            assert Need.objects.get().pk == theirs.pk  # the same id in both

        elsewhere = client_for(tenant_b).get(response["Location"])

        assert elsewhere.status_code == 404
        assert CANARY_BETA not in elsewhere.content.decode()

    def test_a_forged_reference_is_not_found(self, visitor, tenant_a):
        assert visitor.get("/portal/tack/?ref=eyJrIjoiaWRlYSIsImlkIjoxfQ:x:y").status_code == 404

    def test_without_a_reference_it_thanks_without_naming_anything(self, visitor, tenant_a):
        assert visitor.get("/portal/tack/").status_code == 200


class TestFollowLinkBelongsToItsOrganisation:
    def test_the_mailed_link_names_the_organisation(
        self, visitor, tenant_a, django_capture_on_commit_callbacks
    ):
        submit(visitor, django_capture_on_commit_callbacks)

        assert follow_link(mail.outbox[0]).startswith(f"/portal/folj/{tenant_a.pk}-")

    def test_a_link_of_one_organisation_is_refused_on_anothers_host_even_where_the_token_exists(
        self, client_for, visitor, tenant_a, tenant_b
    ):
        with schema_context(tenant_a.schema_name):
            ours = make_contact()
        with schema_context(tenant_b.schema_name):
            # The worst case: the very same token stored in the other organisation.
            factories.make_contact(
                name=CANARY_BETA, access_token=ours.access_token, confirmed_at=None
            )
        link = f"/portal/folj/{ours.access_token}/"
        elsewhere = client_for(tenant_b)

        page = elsewhere.get(link)
        post = elsewhere.post(link, {"action": "unfollow", "idea": "1"})

        assert page.status_code == post.status_code == 404
        assert CANARY_BETA not in page.content.decode()
        with schema_context(tenant_b.schema_name):
            assert Contact.objects.get(name=CANARY_BETA).confirmed_at is None
        assert visitor.get(link).status_code == 200

    def test_a_link_mailed_before_tokens_named_their_organisation_works_on_its_own_host_only(
        self, client_for, visitor, tenant_a, tenant_b
    ):
        older = secrets.token_urlsafe(32)
        with schema_context(tenant_a.schema_name):
            factories.make_contact(access_token=older, confirmed_at=None)
        link = f"/portal/folj/{older}/"

        assert client_for(tenant_b).get(link).status_code == 404
        assert visitor.get(link).status_code == 200
        with schema_context(tenant_a.schema_name):
            assert Contact.objects.get(access_token=older).confirmed_at is not None


def thanks_ref(response, organization):
    """The kind and id a thank-you redirect on ``organization``'s host refers to."""
    from urllib.parse import parse_qs, urlsplit

    from shared.core import signing
    from tenants.portal.views import THANKS_MAX_AGE, THANKS_SALT

    ref = parse_qs(urlsplit(response["Location"]).query)["ref"][0]
    return signing.organization_loads(
        ref, salt=THANKS_SALT, organization=organization, max_age=THANKS_MAX_AGE
    )
