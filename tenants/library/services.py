"""Writes on the library of methods, tools and testbeds (metoder, verktyg, testbäddar).

Every service validates first and raises ``ValidationError`` keyed by field
with a Swedish message; the change and its audit event are written in one
transaction. A file is checked like an idea's attachment (type, content and
size) before anything is stored, and stored last.
"""

from __future__ import annotations

import functools
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from shared.accounts.models import Person
from shared.accounts.people import stored_person
from shared.core import uploads
from tenants.audit.services import audit_event_record, snapshot
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea
from tenants.library.models import Method, MethodKind

TITLE_MAX_LENGTH = 200
LOCATION_MAX_LENGTH = 200
METHOD_FIELDS = ["kind", "title", "description", "location", "file"]
UPDATABLE_FIELDS = frozenset({"kind", "title", "description", "location"})


@uploads.removed_on_rollback
@transaction.atomic
def method_create(
    *,
    kind: str,
    title: str,
    description: str,
    location: str = "",
    file: UploadedFile | None = None,
    by: Person | None,
) -> Method:
    """Add a method, tool or testbed to the library, with a file if given."""
    values = _validated(kind=kind, title=title, description=description, location=location)
    upload_name = _checked_file(file)
    method = Method.objects.create(**values, created_by=stored_person(by))
    if file is not None:
        _store(method, file, upload_name)
    audit_event_record(
        actor=by, action="method.created", obj=method, after=snapshot(method, METHOD_FIELDS)
    )
    return method


@uploads.removed_on_rollback
@transaction.atomic
def method_update(
    *,
    method: Method,
    by: Person | None,
    file: UploadedFile | None = None,
    remove_file: bool = False,
    **fields: Any,
) -> Method:
    """Change a method's text; replace its file (``file``) or remove it (``remove_file``)."""
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"method_update() cannot change {', '.join(sorted(unknown))}")
    current = {name: getattr(method, name) for name in UPDATABLE_FIELDS}
    values = _validated(**{**current, **fields})
    upload_name = _checked_file(file)
    before = snapshot(method, METHOD_FIELDS)
    changed = sorted(name for name, value in values.items() if value != current[name])
    for name in changed:
        setattr(method, name, values[name])
    if changed:
        method.save(update_fields=changed)
    old_file = method.file.name or ""
    if file is not None:
        _store(method, file, upload_name)
    elif remove_file and old_file:
        method.file = ""
        method.save(update_fields=["file"])
    if old_file and (file is not None or remove_file):
        # Only once the new state is committed: a rollback must still find the old file.
        transaction.on_commit(functools.partial(default_storage.delete, old_file))
    after = snapshot(method, METHOD_FIELDS)
    if after != before:
        audit_event_record(
            actor=by,
            action="method.updated",
            obj=method,
            before={name: before[name] for name in after if after[name] != before[name]},
            after={name: after[name] for name in after if after[name] != before[name]},
        )
    return method


def _validated(*, kind: str, title: str, description: str, location: str) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    title = " ".join((title or "").split())
    description = (description or "").strip()
    location = " ".join((location or "").split())
    if kind not in MethodKind.values:
        errors["kind"] = [_("Välj metod, verktyg eller testbädd.")]
    if not title:
        errors["title"] = [_("Ange en rubrik.")]
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = [_("Rubriken får vara högst %(max)d tecken.") % {"max": TITLE_MAX_LENGTH}]
    if not description:
        errors["description"] = [_("Beskriv metoden, verktyget eller testbädden.")]
    if len(location) > LOCATION_MAX_LENGTH:
        errors["location"] = [
            _("Platsen får vara högst %(max)d tecken.") % {"max": LOCATION_MAX_LENGTH}
        ]
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "title": title, "description": description, "location": location}


def _checked_file(file: UploadedFile | None) -> str:
    """Check the file as an idea's attachment is checked; return the name to store it under."""
    if file is None:
        return ""
    # The same rules as idea attachments: one list of allowed types and one size limit.
    checked, errors = idea_services._checked_attachments([file])
    if errors:
        raise ValidationError({"file": errors})
    original = PurePath(checked[0].original_name)
    stem = get_valid_filename(original.stem) if original.stem.strip() else "fil"
    return f"{stem[:80]}.{checked[0].extension}"


def _store(method: Method, file: UploadedFile, name: str) -> None:
    """Store the file and point the method at it; remove the file again if that fails."""
    method.file.save(name, file, save=False)
    uploads.delete_on_rollback(method.file.name)
    try:
        method.save(update_fields=["file"])
    except BaseException:
        default_storage.delete(method.file.name)
        raise


# --- Links -------------------------------------------------------------------------


@transaction.atomic
def method_link_idea(*, method: Method, idea: Idea, by: Person | None) -> Method:
    """Link an idea to a method or testbed it uses; linking it again changes nothing."""
    if method.ideas.filter(pk=idea.pk).exists():
        return method
    method.ideas.add(idea)
    audit_event_record(
        actor=by,
        action="method.idea_linked",
        obj=method,
        after={"idea": idea.pk, "registration_number": idea.registration_number},
    )
    return method


@transaction.atomic
def method_unlink_idea(*, method: Method, idea: Idea, by: Person | None) -> Method:
    """Remove the link between a method and an idea; nothing happens if there is none."""
    if not method.ideas.filter(pk=idea.pk).exists():
        return method
    method.ideas.remove(idea)
    audit_event_record(
        actor=by,
        action="method.idea_unlinked",
        obj=method,
        before={"idea": idea.pk, "registration_number": idea.registration_number},
    )
    return method
