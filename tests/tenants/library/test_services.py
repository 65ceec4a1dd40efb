"""Adding and changing methods, tools and testbeds; their files; linking ideas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tenants.audit.models import AuditEvent
from tenants.library import services
from tenants.library.models import Method
from tests.factories import make_idea
from tests.tenants.library.make import PNG, method, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_tenant_a")]


def events(action: str, obj: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_id=str(obj.pk)).order_by("pk"))


def create(by, **fields):
    values = {
        "kind": "testbed",
        "title": "Testbädd Solgården",
        "description": "Ett äldreboende som testar nya hjälpmedel.",
        "location": "Solgården, Lerum",
        **fields,
    }
    return services.method_create(**values, by=by)


class TestMethodCreate:
    def test_adds_a_testbed_and_records_it(self, coach):
        testbed = create(coach)

        testbed.refresh_from_db()
        assert (testbed.kind, testbed.title, testbed.location) == (
            "testbed",
            "Testbädd Solgården",
            "Solgården, Lerum",
        )
        assert not testbed.file
        [event] = events("method.created", testbed)
        assert event.actor_id == coach.pk
        assert event.after["title"] == "Testbädd Solgården"

    def test_stores_a_checked_file_under_the_organisations_folder(self, coach, media_root):
        testbed = create(coach, file=upload("Så testar vi.pdf"))

        assert testbed.file.name.startswith("library/")
        assert testbed.file.name.endswith(".pdf")
        stored = media_root / "alfa" / testbed.file.name
        assert stored.read_bytes().startswith(b"%PDF-")

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("skript.exe", b"MZ", "skript.exe: filtypen tillåts inte."),
            ("bild.pdf", PNG, "bild.pdf: innehållet är inte en PDF-fil."),
            ("tom.pdf", b"", "tom.pdf är tom."),
        ],
    )
    def test_refuses_a_file_an_idea_could_not_carry_and_stores_nothing(
        self, coach, media_root: Path, name, content, message
    ):
        with pytest.raises(ValidationError) as error:
            create(coach, file=upload(name, content))

        assert error.value.message_dict["file"][0].startswith(message)
        assert not Method.objects.exists()
        assert not any(media_root.rglob("*.*"))

    def test_refuses_a_file_over_the_size_limit(self, coach, settings):
        settings.IDEA_ATTACHMENT_MAX_BYTES = 1024 * 1024
        big = upload("stor.pdf", b"%PDF-1.7\n" + bytes(1024 * 1024))

        with pytest.raises(ValidationError) as error:
            create(coach, file=big)

        assert error.value.message_dict["file"] == ["stor.pdf är större än 1 MB."]

    def test_needs_a_kind_a_title_and_a_description(self, coach):
        with pytest.raises(ValidationError) as error:
            create(coach, kind="idea", title="", description=" ")

        assert set(error.value.message_dict) == {"kind", "title", "description"}


class TestMethodUpdate:
    def test_changes_the_text_and_records_only_what_changed(self, coach):
        testbed = create(coach)

        services.method_update(method=testbed, by=coach, title="Testbädd Solgården 2")

        [event] = events("method.updated", testbed)
        assert event.before == {"title": "Testbädd Solgården"}
        assert event.after == {"title": "Testbädd Solgården 2"}

    def test_replaces_the_file_and_removes_the_old_one_after_commit(
        self, coach, media_root, django_capture_on_commit_callbacks
    ):
        testbed = create(coach, file=upload("gammal.pdf"))
        old = media_root / "alfa" / testbed.file.name

        with django_capture_on_commit_callbacks(execute=True):
            services.method_update(method=testbed, by=coach, file=upload("ny.pdf"))

        assert not old.exists()
        assert (media_root / "alfa" / testbed.file.name).exists()
        assert Path(testbed.file.name).name.startswith("ny")

    def test_removes_the_file(self, coach, django_capture_on_commit_callbacks):
        testbed = create(coach, file=upload("gammal.pdf"))

        with django_capture_on_commit_callbacks(execute=True):
            services.method_update(method=testbed, by=coach, remove_file=True)

        testbed.refresh_from_db()
        assert not testbed.file
        [event] = events("method.updated", testbed)
        assert event.after == {"file": ""}

    def test_a_refused_file_changes_nothing(self, coach):
        testbed = create(coach)

        with pytest.raises(ValidationError):
            services.method_update(
                method=testbed, by=coach, title="Nytt namn", file=upload("x.exe", b"MZ")
            )

        testbed.refresh_from_db()
        assert testbed.title == "Testbädd Solgården"


class TestLinkingIdeas:
    def test_links_an_idea_once_and_records_it(self, coach):
        tool = method()
        idea = make_idea()

        services.method_link_idea(method=tool, idea=idea, by=coach)
        services.method_link_idea(method=tool, idea=idea, by=coach)

        assert list(tool.ideas.all()) == [idea]
        [event] = events("method.idea_linked", tool)
        assert event.after == {"idea": idea.pk, "registration_number": idea.registration_number}

    def test_unlinks_an_idea_and_records_it(self, coach):
        tool = method()
        idea = make_idea()
        services.method_link_idea(method=tool, idea=idea, by=coach)

        services.method_unlink_idea(method=tool, idea=idea, by=coach)
        services.method_unlink_idea(method=tool, idea=idea, by=coach)

        assert not tool.ideas.exists()
        assert len(events("method.idea_unlinked", tool)) == 1
