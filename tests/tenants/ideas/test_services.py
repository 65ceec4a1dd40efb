import io
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from shared.core.models import AuditEntry
from tenants.audit.models import AuditEvent
from tenants.ideas import services
from tenants.ideas.models import (
    Attachment,
    Comment,
    Follow,
    Idea,
    Stage,
    StageChange,
    Support,
)
from tenants.needs.models import Need
from tenants.registry.models import RegistrationCounter
from tests.factories import PersonFactory, make_call, make_contact, make_idea, stage

pytestmark = pytest.mark.django_db


def _message(error: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return " ".join(error.value.message_dict[field])


def _zip_with(*names: str, mimetype: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        if mimetype is not None:
            package.writestr("mimetype", mimetype)
        for name in names:
            package.writestr(name, "<x/>")
    return buffer.getvalue()


PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(17)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(20)
DOCX = _zip_with("[Content_Types].xml", "word/document.xml")
XLSX = _zip_with("[Content_Types].xml", "xl/workbook.xml")
PPTX = _zip_with("[Content_Types].xml", "ppt/presentation.xml")
ODT = _zip_with("content.xml", mimetype="application/vnd.oasis.opendocument.text")
TXT = "Idén i korthet: fler cykelställ, även för lådcyklar.\r\n".encode()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _files_under(root) -> list:  # type: ignore[no-untyped-def]
    return [path for path in root.rglob("*") if path.is_file()]


class TestIdeaSubmit:
    def test_registers_the_idea_in_the_entry_stage_with_the_next_number(self, staff):
        idea = services.idea_submit(
            title="  Cykelställ   vid stationen ",
            description="Fler cykelställ, gärna under tak.",
            audience="staff",
            expected_benefit="Fler cyklar till jobbet.",
            unit="Samhällsbyggnad",
            tags=["cykel", "Cykel", " trafik ", ""],
            submitted_by=staff,
            submitter_gender="woman",
        )

        year = timezone.localdate().year
        assert idea.registration_number == f"IDE-{year}-0001"
        assert (idea.registration_year, idea.registration_sequence) == (year, 1)
        assert idea.title == "Cykelställ vid stationen"
        assert idea.tags == ["cykel", "trafik"]
        assert idea.stage == Stage.objects.get(is_entry=True)
        assert idea.submitter_gender == "woman"
        assert not idea.is_public

    def test_records_the_first_stage_change_from_nowhere(self, staff):
        idea = make_idea(submitted_by=staff)

        change = StageChange.objects.get(idea=idea)
        assert change.from_stage is None
        assert change.to_stage.key == "received"
        assert change.moved_by == staff
        assert change.reason == ""
        assert idea.stage_changed_at == change.at

    def test_the_submitting_person_follows_the_idea(self, staff):
        idea = make_idea(submitted_by=staff)

        assert list(Follow.objects.filter(idea=idea).values_list("person", "contact")) == [
            (staff.pk, None)
        ]

    def test_the_submitting_contact_follows_the_idea(self, in_tenant_a):
        contact = make_contact()

        idea = make_idea(contact=contact, audience="citizen")

        assert list(Follow.objects.filter(idea=idea).values_list("person", "contact")) == [
            (None, contact.pk)
        ]

    def test_links_the_call_and_the_needs_it_answers(self, staff):
        call = make_call()
        need = Need.objects.create(title="Matsvinn", description="För mycket slängs.")

        idea = make_idea(submitted_by=staff, call=call, needs=[need])

        assert idea.call == call
        assert list(idea.needs.all()) == [need]

    def test_records_the_new_idea_in_the_organisations_audit_log(self, staff):
        call = make_call()
        need = Need.objects.create(title="Matsvinn", description="För mycket slängs.")

        idea = make_idea(
            submitted_by=staff, title="Lådcyklar", tags=["Transport"], call=call, needs=[need]
        )

        event = AuditEvent.objects.get(action="idea.submitted")
        assert (event.actor_id, event.object_type, event.object_id) == (
            staff.pk,
            "ideas.idea",
            str(idea.pk),
        )
        assert event.object_label == str(idea)
        assert event.before == {}
        assert event.after == {
            "registration_number": idea.registration_number,
            "title": "Lådcyklar",
            "audience": "staff",
            "unit": "",
            "municipality_code": "",
            "tags": ["Transport"],
            "call": call.pk,
            "needs": [need.pk],
            "contact": None,
            "is_public": False,
            "stage": "received",
            "attachments": 0,
        }
        assert not AuditEntry.objects.filter(action__startswith="idea.").exists()

    def test_records_a_portal_idea_by_its_contact_without_their_e_mail_or_gender(self, in_tenant_a):
        contact = make_contact(name="Greta Medborgare")

        idea = make_idea(contact=contact, audience="citizen", submitter_gender="woman")

        event = AuditEvent.objects.get(action="idea.submitted", object_id=str(idea.pk))
        assert event.actor_id is None
        assert event.after["contact"] == contact.pk
        assert contact.email not in str(event.after)
        assert "woman" not in str(event.after)

    def test_the_idea_and_its_audit_event_are_stored_together_or_not_at_all(
        self, staff, monkeypatch
    ):
        def broken(idea, files):
            raise RuntimeError("the file store is down")

        # Storing the attachments comes after the audit event is written.
        monkeypatch.setattr(services, "_store_attachments", broken)

        with pytest.raises(RuntimeError), transaction.atomic():
            make_idea(submitted_by=staff)

        assert not Idea.objects.exists()
        assert not AuditEvent.objects.exists()

    def test_refuses_a_blank_title_and_description_by_field(self, staff):
        with pytest.raises(ValidationError) as error:
            services.idea_submit(title="  ", description="\n", audience="staff", submitted_by=staff)

        assert set(error.value.message_dict) == {"title", "description"}
        assert Idea.objects.count() == 0

    def test_refuses_a_title_longer_than_200_characters(self, staff):
        with pytest.raises(ValidationError) as error:
            make_idea(submitted_by=staff, title="x" * 201)

        assert "200" in _message(error, "title")

    def test_refuses_an_unknown_audience_and_gender(self, staff):
        with pytest.raises(ValidationError) as error:
            make_idea(submitted_by=staff, audience="aliens", submitter_gender="robot")

        assert set(error.value.message_dict) == {"audience", "submitter_gender"}

    def test_refuses_an_idea_without_a_submitter(self, in_tenant_a):
        with pytest.raises(ValidationError) as error:
            services.idea_submit(title="T", description="D", audience="staff")

        assert NON_FIELD_ERRORS in error.value.message_dict

    def test_refuses_a_call_that_has_closed_naming_the_date(self, staff):
        today = timezone.localdate()
        call = make_call(opens_on=today - timedelta(days=30), closes_on=today - timedelta(days=1))

        with pytest.raises(ValidationError) as error:
            make_idea(submitted_by=staff, call=call)

        closed = (today - timedelta(days=1)).isoformat()
        assert error.value.message_dict["call"] == [
            f"Utlysningen stängde {closed} och tar inte emot fler idéer."
        ]

    def test_refuses_a_call_that_has_not_opened_naming_the_date(self, staff):
        today = timezone.localdate()
        call = make_call(opens_on=today + timedelta(days=3), closes_on=today + timedelta(days=9))

        with pytest.raises(ValidationError) as error:
            make_idea(submitted_by=staff, call=call)

        assert (today + timedelta(days=3)).isoformat() in _message(error, "call")

    def test_accepts_a_call_on_its_last_day(self, staff):
        today = timezone.localdate()
        call = make_call(opens_on=today - timedelta(days=1), closes_on=today)

        assert make_idea(submitted_by=staff, call=call).call == call

    def test_refuses_an_audience_the_call_is_not_for(self, in_tenant_a):
        call = make_call(audiences=["staff"])

        with pytest.raises(ValidationError) as error:
            make_idea(contact=make_contact(), audience="citizen", call=call)

        assert "medarbetare" in _message(error, "call")

    def test_accepts_every_audience_when_the_call_names_none(self, in_tenant_a):
        call = make_call(audiences=[])

        idea = make_idea(contact=make_contact(), audience="business", call=call)

        assert idea.call == call


class TestIdeaSubmitDedupe:
    def test_returns_the_first_idea_when_the_same_person_sends_it_again(self, staff):
        first = make_idea(submitted_by=staff, title="Solceller på taket", description="Spara el.")

        again = make_idea(submitted_by=staff, title="solceller  på TAKET", description="spara el. ")

        assert again.pk == first.pk
        assert Idea.objects.count() == 1
        assert RegistrationCounter.objects.get().last_number == 1

    def test_a_contact_is_recognised_by_their_address_whatever_its_case(self, in_tenant_a):
        contact = make_contact(email="Greta@Example.org")
        first = make_idea(contact=contact, audience="citizen", title="Parkbänk", description="D")
        contact.email = "greta@example.org"

        assert make_idea(
            contact=contact, audience="citizen", title="Parkbänk", description="D"
        ) == (first)

    def test_creates_a_new_idea_when_the_first_is_more_than_a_day_old(self, staff):
        first = make_idea(submitted_by=staff, title="Solceller", description="Spara el.")
        Idea.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=25))

        again = make_idea(submitted_by=staff, title="Solceller", description="Spara el.")

        assert again.pk != first.pk

    def test_the_same_text_from_two_people_makes_two_ideas(self, staff, coach):
        first = make_idea(submitted_by=staff, title="Solceller", description="Spara el.")

        second = make_idea(submitted_by=coach, title="Solceller", description="Spara el.")

        assert second.pk != first.pk


class TestIdeaSubmitAttachments:
    def test_stores_a_valid_file_under_the_schema_name(self, staff, media_root):
        idea = make_idea(submitted_by=staff, attachments=[_upload("Min skiss.pdf", PDF)])

        attachment = Attachment.objects.get(idea=idea)
        assert attachment.original_name == "Min skiss.pdf"
        assert attachment.content_type == "application/pdf"
        assert attachment.size_bytes == len(PDF)
        stored = media_root / "alfa" / attachment.file.name
        assert stored.read_bytes() == PDF
        assert attachment.file.name.startswith("ideas/")
        assert "skiss" not in attachment.file.name  # the original name may be personal

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("a.pdf", PDF),
            ("b.PNG", PNG),
            ("c.jpg", JPEG),
            ("d.jpeg", JPEG),
            ("e.docx", DOCX),
            ("f.xlsx", XLSX),
            ("g.pptx", PPTX),
            ("h.odt", ODT),
            ("i.txt", TXT),
        ],
    )
    def test_accepts_every_allowed_type(self, staff, media_root, name, content):
        idea = make_idea(submitted_by=staff, attachments=[_upload(name, content)])

        assert Attachment.objects.get(idea=idea).original_name == name

    def test_refuses_an_oversized_file_before_anything_is_stored(self, staff, media_root, settings):
        settings.IDEA_ATTACHMENT_MAX_BYTES = 1024 * 1024
        big = _upload("stor.pdf", b"%PDF-1.7\n" + bytes(1024 * 1024))

        with pytest.raises(ValidationError) as error:
            make_idea(submitted_by=staff, attachments=[_upload("liten.pdf", PDF), big])

        assert "stor.pdf är större än 1 MB." in _message(error, "attachments")
        assert Idea.objects.count() == 0
        assert RegistrationCounter.objects.count() == 0
        assert _files_under(media_root) == []

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("virus.exe", b"MZ\x90\x00", "virus.exe: filtypen tillåts inte."),
            ("utan-ändelse", PDF, "filtypen tillåts inte."),
            ("bild.pdf", PNG, "bild.pdf: innehållet är inte en PDF-fil."),
            ("zip.docx", _zip_with("något.txt"), "innehållet är inte en DOCX-fil."),
            ("kalkyl.xlsx", DOCX, "innehållet är inte en XLSX-fil."),
            ("program.txt", b"\x7fELF\x02\x01\x01\x00", "innehållet är inte en TXT-fil."),
            ("tom.pdf", b"", "tom.pdf är tom."),
        ],
    )
    def test_refuses_a_wrong_type_before_anything_is_stored(
        self, staff, media_root, name, content, message
    ):
        with pytest.raises(ValidationError) as error:
            make_idea(submitted_by=staff, attachments=[_upload(name, content)])

        assert message in _message(error, "attachments")
        assert Idea.objects.count() == 0
        assert _files_under(media_root) == []

    def test_refuses_more_than_five_files(self, staff, media_root):
        files = [_upload(f"{n}.txt", TXT) for n in range(6)]

        with pytest.raises(ValidationError) as error:
            make_idea(submitted_by=staff, attachments=files)

        assert "högst 5 filer" in _message(error, "attachments")
        assert _files_under(media_root) == []

    def test_reports_every_refused_file_and_the_other_fields_at_once(self, staff, media_root):
        with pytest.raises(ValidationError) as error:
            make_idea(
                submitted_by=staff,
                title="",
                attachments=[_upload("a.exe", b"MZ"), _upload("b.png", PDF)],
            )

        assert len(error.value.message_dict["attachments"]) == 2
        assert "title" in error.value.message_dict

    def test_removes_the_files_it_stored_when_a_later_one_fails(
        self, staff, media_root, monkeypatch
    ):
        saved = Attachment.save

        def fail_on_the_second(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            if Attachment.objects.count() == 1:
                raise OSError("disk full")
            return saved(self, *args, **kwargs)

        monkeypatch.setattr(Attachment, "save", fail_on_the_second)

        with pytest.raises(OSError, match="disk full"):
            make_idea(
                submitted_by=staff, attachments=[_upload("a.pdf", PDF), _upload("b.pdf", PDF)]
            )

        assert _files_under(media_root) == []


class TestIdeaMove:
    def test_records_who_moved_it_and_why(self, staff, coach, in_tenant_a):
        idea = make_idea(submitted_by=staff)

        change = services.idea_move(
            idea=idea, to_stage=stage("screening"), by=coach, reason="Bra idé, vi bereder den."
        )

        assert (change.from_stage.key, change.to_stage.key) == ("received", "screening")
        assert (change.moved_by, change.reason) == (coach, "Bra idé, vi bereder den.")
        idea.refresh_from_db()
        assert idea.stage.key == "screening"
        assert idea.stage_changed_at == change.at
        event = AuditEvent.objects.get(action="idea.moved")
        assert (event.actor_id, event.object_type, event.object_id) == (
            coach.pk,
            "ideas.idea",
            str(idea.pk),
        )
        assert event.before == {"stage": "received"}
        assert event.after == {"stage": "screening", "reason": "Bra idé, vi bereder den."}

    def test_updates_the_instance_the_caller_holds(self, staff, coach):
        idea = make_idea(submitted_by=staff)

        services.idea_move(idea=idea, to_stage=stage("screening"), by=coach)

        assert idea.stage.key == "screening"

    def test_may_be_moved_by_nobody_in_particular(self, staff):
        idea = make_idea(submitted_by=staff)

        change = services.idea_move(idea=idea, to_stage=stage("screening"), by=None)

        assert change.moved_by is None

    def test_refuses_the_stage_the_idea_is_already_in(self, staff, coach):
        idea = make_idea(submitted_by=staff)

        with pytest.raises(ValidationError) as error:
            services.idea_move(idea=idea, to_stage=stage("received"), by=coach)

        assert "redan i steget Inkommen" in _message(error, "to_stage")

    def test_refuses_a_stage_no_longer_in_use(self, staff, coach):
        idea = make_idea(submitted_by=staff)
        Stage.objects.filter(key="test").update(is_active=False)

        with pytest.raises(ValidationError) as error:
            services.idea_move(idea=idea, to_stage=stage("test"), by=coach)

        assert "används inte" in _message(error, "to_stage")

    @pytest.mark.parametrize("reason", ["", "   "])
    def test_closing_needs_a_reason_the_submitter_sees(self, staff, coach, reason):
        idea = make_idea(submitted_by=staff)

        with pytest.raises(ValidationError) as error:
            services.idea_move(idea=idea, to_stage=stage("declined"), by=coach, reason=reason)

        assert error.value.message_dict["reason"] == ["Ange ett skäl; idégivaren ser det."]
        assert StageChange.objects.filter(idea=idea).count() == 1

    def test_reopens_a_closed_idea(self, staff, coach):
        idea = make_idea(submitted_by=staff)
        services.idea_move(idea=idea, to_stage=stage("parked"), by=coach, reason="Senare.")

        change = services.idea_move(idea=idea, to_stage=stage("screening"), by=coach)

        assert change.from_stage.key == "parked"

    def test_refuses_the_merged_stage_which_only_merging_uses(self, staff, coach):
        idea = make_idea(submitted_by=staff)

        with pytest.raises(ValidationError) as error:
            services.idea_move(idea=idea, to_stage=stage("merged"), by=coach, reason="Dubblett.")

        assert "sammanslagning" in _message(error, "to_stage")

    def test_refuses_to_move_a_merged_idea(self, staff, coach):
        duplicate, into = make_idea(submitted_by=staff), make_idea(submitted_by=staff)
        services.idea_merge(duplicate=duplicate, into=into, by=coach)

        with pytest.raises(ValidationError) as error:
            services.idea_move(idea=duplicate, to_stage=stage("screening"), by=coach)

        assert into.registration_number in _message(error, "to_stage")

    def test_sends_the_mail_only_after_commit(
        self, staff, coach, django_capture_on_commit_callbacks
    ):
        idea = make_idea(submitted_by=staff)

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.idea_move(idea=idea, to_stage=stage("screening"), by=coach)

        assert any("notify_followers" in repr(callback) for callback in callbacks)
        assert mail.outbox == []


class TestIdeasBulkMove:
    def test_moves_every_idea_and_records_each_move(self, staff, coach):
        ideas = [make_idea(submitted_by=staff) for _ in range(3)]

        changes = services.ideas_bulk_move(
            ideas=ideas, to_stage=stage("parked"), by=coach, reason="Vi väntar på budget."
        )

        assert [c.idea_id for c in changes] == [i.pk for i in ideas]
        assert set(Idea.objects.values_list("stage__key", flat=True)) == {"parked"}
        assert all(i.stage.key == "parked" for i in ideas)
        assert sorted(
            AuditEvent.objects.filter(action="idea.moved").values_list("object_id", flat=True)
        ) == sorted(str(i.pk) for i in ideas)

    def test_moves_nothing_when_one_idea_may_not_move_and_names_it(self, staff, coach):
        ready, stuck = make_idea(submitted_by=staff), make_idea(submitted_by=staff)
        services.idea_move(idea=stuck, to_stage=stage("screening"), by=coach)

        with pytest.raises(ValidationError) as error:
            services.ideas_bulk_move(ideas=[ready, stuck], to_stage=stage("screening"), by=coach)

        assert error.value.message_dict["ideas"] == [
            f"{stuck.registration_number}: Idén är redan i steget Beredning."
        ]
        ready.refresh_from_db()
        assert ready.stage.key == "received"
        assert StageChange.objects.filter(idea=ready).count() == 1

    def test_closing_several_needs_a_reason(self, staff, coach):
        ideas = [make_idea(submitted_by=staff) for _ in range(2)]

        with pytest.raises(ValidationError) as error:
            services.ideas_bulk_move(ideas=ideas, to_stage=stage("declined"), by=coach)

        assert "reason" in error.value.message_dict

    def test_an_idea_given_twice_moves_once(self, staff, coach):
        idea = make_idea(submitted_by=staff)

        changes = services.ideas_bulk_move(ideas=[idea, idea], to_stage=stage("test"), by=coach)

        assert len(changes) == 1


class TestIdeaMerge:
    def test_closes_the_duplicate_with_a_reason_naming_the_other_idea(self, staff, coach):
        duplicate, into = make_idea(submitted_by=staff), make_idea(submitted_by=staff)

        result = services.idea_merge(
            duplicate=duplicate, into=into, by=coach, reason="Samma förslag."
        )

        assert result == into
        duplicate.refresh_from_db()
        assert duplicate.stage.key == "merged"
        assert duplicate.merged_into == into
        change = StageChange.objects.filter(idea=duplicate).latest("at", "pk")
        assert change.reason == f"Sammanslagen med {into.registration_number}. Samma förslag."
        assert change.moved_by == coach
        event = AuditEvent.objects.get(action="idea.merged")
        assert (event.actor_id, event.object_id) == (coach.pk, str(duplicate.pk))
        assert event.before == {"merged_into": None}
        assert event.after == {
            "merged_into": into.registration_number,
            "reason": "Samma förslag.",
        }

    def test_keeps_the_duplicates_history(self, staff, coach):
        duplicate, into = make_idea(submitted_by=staff), make_idea(submitted_by=staff)
        services.idea_move(idea=duplicate, to_stage=stage("screening"), by=coach)

        services.idea_merge(duplicate=duplicate, into=into, by=coach)

        history = StageChange.objects.filter(idea=duplicate).order_by("at", "pk")
        assert [c.to_stage.key for c in history] == ["received", "screening", "merged"]
        assert StageChange.objects.filter(idea=into).count() == 1

    def test_moves_supporters_and_followers_without_duplicates(self, staff, coach, member_of):
        both, only_duplicate, only_into = staff, coach, PersonFactory()
        contact = make_contact()
        duplicate = make_idea(submitted_by=both)
        into = make_idea(submitted_by=only_into)
        for person in (both, only_duplicate):
            services.support_add(idea=duplicate, person=person)
            services.follow_add(idea=duplicate, person=person)
        services.support_add(idea=duplicate, contact=contact)
        services.follow_add(idea=duplicate, contact=contact)
        services.support_add(idea=into, person=both)
        services.follow_add(idea=into, person=both)

        services.idea_merge(duplicate=duplicate, into=into, by=coach)

        supporters = Support.objects.filter(idea=into).values_list("person", "contact")
        assert sorted(supporters, key=str) == sorted(
            [(both.pk, None), (only_duplicate.pk, None), (None, contact.pk)], key=str
        )
        followers = Follow.objects.filter(idea=into).values_list("person", "contact")
        assert sorted(followers, key=str) == sorted(
            [(only_into.pk, None), (both.pk, None), (only_duplicate.pk, None), (None, contact.pk)],
            key=str,
        )
        assert not Support.objects.filter(idea=duplicate).exists()

    def test_tells_the_duplicates_followers_where_their_idea_went(
        self, staff, coach, django_capture_on_commit_callbacks
    ):
        contact = make_contact()
        duplicate = make_idea(contact=contact, audience="citizen")
        into = make_idea(submitted_by=staff)

        with django_capture_on_commit_callbacks(execute=True):
            services.idea_merge(duplicate=duplicate, into=into, by=coach)

        assert [m.to for m in mail.outbox] == [[contact.email]]
        assert f"Sammanslagen med {into.registration_number}." in mail.outbox[0].body

    def test_ideas_merged_into_the_duplicate_earlier_now_point_at_the_survivor(self, staff, coach):
        first, second, survivor = (make_idea(submitted_by=staff) for _ in range(3))
        services.idea_merge(duplicate=first, into=second, by=coach)

        services.idea_merge(duplicate=second, into=survivor, by=coach)

        first.refresh_from_db()
        assert first.merged_into == survivor

    def test_refuses_to_merge_an_idea_into_itself(self, staff, coach):
        idea = make_idea(submitted_by=staff)

        with pytest.raises(ValidationError) as error:
            services.idea_merge(duplicate=idea, into=idea, by=coach)

        assert "sig själv" in _message(error, "into")

    def test_refuses_to_merge_into_an_idea_that_is_itself_merged(self, staff, coach):
        duplicate, merged, survivor = (make_idea(submitted_by=staff) for _ in range(3))
        services.idea_merge(duplicate=merged, into=survivor, by=coach)

        with pytest.raises(ValidationError) as error:
            services.idea_merge(duplicate=duplicate, into=merged, by=coach)

        assert survivor.registration_number in _message(error, "into")
        duplicate.refresh_from_db()
        assert duplicate.merged_into is None

    def test_refuses_to_merge_a_duplicate_twice(self, staff, coach):
        duplicate, into, other = (make_idea(submitted_by=staff) for _ in range(3))
        services.idea_merge(duplicate=duplicate, into=into, by=coach)

        with pytest.raises(ValidationError) as error:
            services.idea_merge(duplicate=duplicate, into=other, by=coach)

        assert "redan sammanslagen" in _message(error, "duplicate")


class TestIdeaSetPublic:
    def test_publishes_and_withdraws_with_an_audit_row_each(self, staff, coach):
        idea = make_idea(submitted_by=staff)

        services.idea_set_public(idea=idea, is_public=True, by=coach)
        assert Idea.objects.get(pk=idea.pk).is_public
        services.idea_set_public(idea=idea, is_public=False, by=coach)

        assert not Idea.objects.get(pk=idea.pk).is_public
        events = AuditEvent.objects.filter(object_id=str(idea.pk)).order_by("pk")
        assert [(e.action, e.actor_id, e.before, e.after) for e in events][-2:] == [
            ("idea.published", coach.pk, {"is_public": False}, {"is_public": True}),
            ("idea.unpublished", coach.pk, {"is_public": True}, {"is_public": False}),
        ]

    def test_changes_nothing_when_it_already_is_so(self, staff, coach):
        idea = make_idea(submitted_by=staff)

        services.idea_set_public(idea=idea, is_public=False, by=coach)

        assert not AuditEvent.objects.filter(action__startswith="idea.unpub").exists()


class TestCommentAdd:
    def test_adds_a_comment_by_a_person(self, staff):
        idea = make_idea(submitted_by=staff)

        comment = services.comment_add(idea=idea, body="  Bra tanke!  ", author=staff)

        assert (comment.body, comment.is_internal, comment.author) == ("Bra tanke!", False, staff)

    def test_adds_an_internal_note_by_a_person(self, staff, coach):
        idea = make_idea(submitted_by=staff)

        comment = services.comment_add(
            idea=idea, body="Kolla budget.", author=coach, is_internal=True
        )

        assert comment.is_internal

    def test_adds_a_comment_by_a_confirmed_contact(self, staff):
        contact = make_contact()

        comment = services.comment_add(
            idea=make_idea(submitted_by=staff), body="Ja!", contact=contact
        )

        assert comment.contact == contact

    def test_refuses_a_contact_who_has_not_confirmed_their_address(self, staff):
        contact = make_contact(confirmed_at=None)

        with pytest.raises(ValidationError) as error:
            services.comment_add(idea=make_idea(submitted_by=staff), body="Ja!", contact=contact)

        assert "Bekräfta" in _message(error, "contact")
        assert Comment.objects.count() == 0

    def test_refuses_an_internal_note_from_a_contact(self, staff):
        with pytest.raises(ValidationError) as error:
            services.comment_add(
                idea=make_idea(submitted_by=staff),
                body="Hemligt",
                contact=make_contact(),
                is_internal=True,
            )

        assert "is_internal" in error.value.message_dict

    def test_refuses_a_blank_body(self, staff):
        with pytest.raises(ValidationError) as error:
            services.comment_add(idea=make_idea(submitted_by=staff), body=" \n ", author=staff)

        assert "body" in error.value.message_dict

    def test_refuses_a_comment_without_an_author(self, staff):
        with pytest.raises(ValidationError):
            services.comment_add(idea=make_idea(submitted_by=staff), body="Hej")


class TestSupport:
    def test_supporting_twice_keeps_one_row(self, staff, coach):
        idea = make_idea(submitted_by=staff)

        first = services.support_add(idea=idea, person=coach)
        second = services.support_add(idea=idea, person=coach)

        assert first == second
        assert Support.objects.filter(idea=idea).count() == 1

    def test_a_person_and_a_contact_count_once_each(self, staff, coach):
        idea = make_idea(submitted_by=staff)
        contact = make_contact()

        services.support_add(idea=idea, person=coach)
        services.support_add(idea=idea, contact=contact)
        services.support_add(idea=idea, contact=contact)

        assert Support.objects.filter(idea=idea).count() == 2

    def test_removes_support_and_shrugs_at_support_that_is_not_there(self, staff, coach):
        idea = make_idea(submitted_by=staff)
        services.support_add(idea=idea, person=coach)

        services.support_remove(idea=idea, person=coach)
        services.support_remove(idea=idea, person=coach)

        assert not Support.objects.filter(idea=idea).exists()

    def test_refuses_a_contact_who_has_not_confirmed_their_address(self, staff):
        with pytest.raises(ValidationError):
            services.support_add(
                idea=make_idea(submitted_by=staff), contact=make_contact(confirmed_at=None)
            )

    def test_needs_exactly_one_of_person_and_contact(self, staff):
        idea = make_idea(submitted_by=staff)

        with pytest.raises(ValidationError):
            services.support_add(idea=idea)
        with pytest.raises(ValidationError):
            services.support_add(idea=idea, person=staff, contact=make_contact())

    def test_points_a_merged_ideas_supporter_at_the_survivor(self, staff, coach):
        duplicate, into = make_idea(submitted_by=staff), make_idea(submitted_by=staff)
        services.idea_merge(duplicate=duplicate, into=into, by=coach)

        with pytest.raises(ValidationError) as error:
            services.support_add(idea=duplicate, person=coach)

        assert f"Stöd {into.registration_number} i stället." in _message(error, "idea")


class TestFollow:
    def test_following_twice_keeps_one_row(self, staff, coach):
        idea = make_idea(submitted_by=staff)

        services.follow_add(idea=idea, person=coach)
        services.follow_add(idea=idea, person=coach)

        assert Follow.objects.filter(idea=idea, person=coach).count() == 1

    def test_an_unconfirmed_contact_may_follow(self, staff):
        idea = make_idea(submitted_by=staff)
        contact = make_contact(confirmed_at=None)

        follow = services.follow_add(idea=idea, contact=contact)

        assert follow.contact == contact

    def test_unfollows_and_shrugs_at_a_follow_that_is_not_there(self, staff):
        idea = make_idea(submitted_by=staff)

        services.follow_remove(idea=idea, person=staff)
        services.follow_remove(idea=idea, person=staff)

        assert not Follow.objects.filter(idea=idea).exists()

    def test_refuses_a_merged_idea(self, staff, coach):
        duplicate, into = make_idea(submitted_by=staff), make_idea(submitted_by=staff)
        services.idea_merge(duplicate=duplicate, into=into, by=coach)

        with pytest.raises(ValidationError):
            services.follow_add(idea=duplicate, person=coach)


class TestCommentAudit:
    def test_a_staff_comment_is_recorded_in_the_organisations_audit_log(self, tenant_a, member_of):
        from django_tenants.utils import tenant_context

        from tenants.audit.models import AuditEvent
        from tenants.ideas import services
        from tests.factories import make_idea

        coach = member_of(tenant_a, "coach")
        with tenant_context(tenant_a):
            idea = make_idea(submitted_by=coach)
            services.comment_add(idea=idea, body="Intern tanke", is_internal=True, author=coach)

            event = AuditEvent.objects.get(action="idea.comment_added")
        assert event.actor_id == coach.pk
        assert event.after["is_internal"] is True
