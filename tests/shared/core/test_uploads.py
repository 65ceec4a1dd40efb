"""Files of a submission that rolls back do not stay on disk."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django_tenants.utils import schema_context

from shared.core import uploads
from tenants.ideas.models import Attachment
from tenants.portal import services as portal_services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Boom(Exception):
    """A failure injected after the files were written."""


def store(name: str) -> str:
    stored = default_storage.save(name, ContentFile("innehåll".encode()))
    uploads.delete_on_rollback(stored)
    return stored


class TestFilesStoredInATransaction:
    def test_are_deleted_when_it_rolls_back(self, committed_tenant_a):
        @uploads.removed_on_rollback
        @transaction.atomic
        def submit() -> None:
            names.append(store("test-uploads/a.txt"))
            raise Boom

        names: list[str] = []
        with schema_context(committed_tenant_a.schema_name):
            with pytest.raises(Boom):
                submit()

            assert not default_storage.exists(names[0])

    def test_stay_when_it_commits(self, committed_tenant_a):
        with schema_context(committed_tenant_a.schema_name):
            with transaction.atomic():
                name = store("test-uploads/b.txt")
            uploads.sweep()

            assert default_storage.exists(name)
            default_storage.delete(name)

    def test_are_deleted_when_only_their_savepoint_rolls_back(self, committed_tenant_a):
        with schema_context(committed_tenant_a.schema_name):
            dropped: list[str] = []

            def store_then_fail() -> None:
                with transaction.atomic():
                    dropped.append(store("test-uploads/d.txt"))
                    raise Boom

            with transaction.atomic():
                kept = store("test-uploads/c.txt")
                with pytest.raises(Boom):
                    store_then_fail()
            uploads.sweep()

            assert not default_storage.exists(dropped[0])
            assert default_storage.exists(kept)
            default_storage.delete(kept)


class TestAPortalSubmissionThatRollsBack:
    def test_leaves_no_attachment_on_disk(self, committed_tenant_a):
        @uploads.removed_on_rollback
        @transaction.atomic
        def submit_then_fail() -> None:
            # The view's transaction fails after the service stored the file.
            idea = portal_services.portal_idea_submit(
                name="Inga Invånare",
                email="inga@example.org",
                audience="citizen",
                consent_text="Jag samtycker.",
                title="Fler bänkar i parken",
                description="Det behövs fler bänkar.",
                attachments=[SimpleUploadedFile("skiss.pdf", PDF, "application/pdf")],
            )
            names.extend(a.file.name for a in Attachment.objects.filter(idea=idea))
            raise Boom

        names: list[str] = []
        with schema_context(committed_tenant_a.schema_name):
            with pytest.raises(Boom):
                submit_then_fail()

            assert len(names) == 1
            assert not default_storage.exists(names[0])
            assert not Attachment.objects.exists()
