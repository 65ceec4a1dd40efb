"""Writes on ideas: submit, move through the pipeline, merge, publish, comment, support, follow.

Every service validates first and raises ``ValidationError`` keyed by field
with a Swedish message; the change, its audit row and its stage history are
written in one transaction, and mail goes out only after commit.
"""

from __future__ import annotations

import functools
import hashlib
import mimetypes
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePath
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared.accounts.models import Person
from shared.accounts.people import stored_person
from shared.core import uploads
from tenants import municipalities
from tenants.audit.services import audit_event_record, snapshot
from tenants.calls.models import IdeaCall
from tenants.contacts.models import Audience, Contact, Gender
from tenants.ideas import tasks
from tenants.ideas.models import (
    Attachment,
    Comment,
    Follow,
    Idea,
    Stage,
    StageChange,
    StageKind,
    Support,
)
from tenants.needs.models import Need
from tenants.registry import services as registry_services

STOCKHOLM = ZoneInfo("Europe/Stockholm")
REGISTRATION_SERIES = "idea"
MERGED_STAGE_KEY = "merged"
TITLE_MAX_LENGTH = 200
UNIT_MAX_LENGTH = 200
TAG_MAX_LENGTH = 50
TAGS_MAX = 20
COMMENT_MAX_LENGTH = 10_000
ATTACHMENTS_MAX = 5
# The same submission again within this time returns the first idea (a double click, a retry).
DEDUPE_WINDOW = timedelta(hours=24)
# What the audit log keeps of a new idea; the stage is added by its key. Not the
# description (long) nor the submitter's gender (only ever used in aggregates).
SUBMITTED_FIELDS = [
    "registration_number",
    "title",
    "audience",
    "unit",
    "municipality_code",
    "tags",
    "call",
    "needs",
    "contact",
    "is_public",
]


# --- Submitting ----------------------------------------------------------------


@uploads.removed_on_rollback
@transaction.atomic
def idea_submit(
    *,
    title: str,
    description: str,
    audience: str,
    expected_benefit: str = "",
    unit: str = "",
    tags: Sequence[str] = (),
    call: IdeaCall | None = None,
    needs: Sequence[Need] = (),
    submitted_by: Person | None = None,
    contact: Contact | None = None,
    submitter_gender: str = "",
    is_public: bool = False,
    attachments: Sequence[UploadedFile] = (),
    municipality_code: str | None = None,
) -> Idea:
    """Register an idea (idé) in the entry stage with the next registration number.

    Everything is validated, attachments included, before anything is stored.
    The same submitter sending the same title and description again within 24
    hours gets the first idea back instead of a second one. The submitter
    follows the idea from the start. In a group of municipalities the idea
    concerns one of them: by default the submitting member's home municipality.
    """
    title = _one_line(title)
    description = description.strip()
    expected_benefit = expected_benefit.strip()
    unit = _one_line(unit)
    clean_tags = _clean_tags(tags)
    if municipality_code is None:
        municipality_code = municipalities.home_of(submitted_by)
    municipality_code = municipality_code.strip()
    errors = _submission_errors(
        title=title,
        description=description,
        audience=audience,
        unit=unit,
        tags=clean_tags,
        call=call,
        submitted_by=submitted_by,
        contact=contact,
        submitter_gender=submitter_gender,
    )
    checked_files, attachment_errors = _checked_attachments(attachments)
    if attachment_errors:
        errors["attachments"] = attachment_errors
    if municipality_errors := municipalities.errors_for(municipality_code):
        errors["municipality_code"] = municipality_errors
    if errors:
        raise ValidationError(errors)

    fingerprint = submission_fingerprint(
        submitted_by=submitted_by, contact=contact, title=title, description=description
    )
    # Two identical submissions at once (a double click) must not both pass the check below.
    _lock_for_the_rest_of_the_transaction(fingerprint)
    earlier = (
        Idea.objects.filter(
            submission_fingerprint=fingerprint, created_at__gte=timezone.now() - DEDUPE_WINDOW
        )
        .order_by("created_at", "pk")
        .first()
    )
    if earlier is not None:
        return earlier

    entry = _entry_stage()
    year = timezone.localtime(timezone.now(), STOCKHOLM).year
    sequence, number = registry_services.registration_number_next(
        series=REGISTRATION_SERIES, year=year
    )
    idea = Idea.objects.create(
        registration_number=number,
        registration_year=year,
        registration_sequence=sequence,
        title=title,
        description=description,
        expected_benefit=expected_benefit,
        unit=unit,
        municipality_code=municipality_code,
        tags=clean_tags,
        call=call,
        stage=entry,
        audience=audience,
        submitted_by=submitted_by,
        contact=contact,
        submitter_gender=submitter_gender,
        is_public=is_public,
        submission_fingerprint=fingerprint,
    )
    if needs:
        idea.needs.set(needs)
    first = StageChange.objects.create(
        idea=idea, from_stage=None, to_stage=entry, moved_by=submitted_by, reason=""
    )
    Idea.objects.filter(pk=idea.pk).update(stage_changed_at=first.at)
    idea.stage_changed_at = first.at
    if submitted_by is not None:
        Follow.objects.create(idea=idea, person=submitted_by)
    if contact is not None:
        Follow.objects.create(idea=idea, contact=contact)
    audit_event_record(
        actor=submitted_by,
        action="idea.submitted",
        obj=idea,
        after={
            **snapshot(idea, SUBMITTED_FIELDS),
            "stage": entry.key,
            "attachments": len(checked_files),
        },
    )
    # Last, so that nothing after it can fail and leave files without their rows.
    _store_attachments(idea, checked_files)
    return idea


def submission_fingerprint(
    *, submitted_by: Person | None, contact: Contact | None, title: str, description: str
) -> str:
    """Return the SHA-256 of who submitted what, blind to case and white space."""
    if submitted_by is not None:
        who = f"person:{submitted_by.pk}"
    elif contact is not None:
        who = f"contact:{contact.email.strip().lower()}"
    else:
        who = ""
    text = "\x1f".join([who, _normalised(title), _normalised(description)])
    return hashlib.sha256(text.encode()).hexdigest()


def _normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _clean_tags(tags: Sequence[str]) -> list[str]:
    """Tags without blanks and repeats (case-insensitive), in the order given."""
    seen: set[str] = set()
    clean = []
    for tag in tags:
        tag = _one_line(tag)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            clean.append(tag)
    return clean


def _submission_errors(
    *,
    title: str,
    description: str,
    audience: str,
    unit: str,
    tags: list[str],
    call: IdeaCall | None,
    submitted_by: Person | None,
    contact: Contact | None,
    submitter_gender: str,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not title:
        add("title", _("Ge idén en rubrik."))
    elif len(title) > TITLE_MAX_LENGTH:
        add("title", _("Rubriken får vara högst %(max)d tecken.") % {"max": TITLE_MAX_LENGTH})
    if not description:
        add("description", _("Beskriv idén."))
    if len(unit) > UNIT_MAX_LENGTH:
        add("unit", _("Området får vara högst %(max)d tecken.") % {"max": UNIT_MAX_LENGTH})
    if len(tags) > TAGS_MAX:
        add("tags", _("Högst %(max)d taggar.") % {"max": TAGS_MAX})
    if any(len(tag) > TAG_MAX_LENGTH for tag in tags):
        add("tags", _("En tagg får vara högst %(max)d tecken.") % {"max": TAG_MAX_LENGTH})
    if audience not in Audience.values:
        add("audience", _("Välj vem idén kommer från."))
    if submitter_gender not in [*Gender.values, ""]:
        add("submitter_gender", _("Välj kön i listan eller lämna fältet tomt."))
    if submitted_by is None and contact is None:
        add(NON_FIELD_ERRORS, _("En idé behöver en idégivare: en medarbetare eller en kontakt."))
    if call is not None:
        for message in _call_errors(call, audience):
            add("call", message)
    return errors


def _call_errors(call: IdeaCall, audience: str) -> list[str]:
    today = timezone.localtime(timezone.now(), STOCKHOLM).date()
    if today < call.opens_on:
        return [
            _("Utlysningen öppnar %(date)s; skicka in idén då.")
            % {"date": call.opens_on.isoformat()}
        ]
    if today > call.closes_on:
        return [
            _("Utlysningen stängde %(date)s och tar inte emot fler idéer.")
            % {"date": call.closes_on.isoformat()}
        ]
    # A call without audiences is open to everyone.
    if call.audiences and audience in Audience.values and audience not in call.audiences:
        names = ", ".join(str(Audience(value).label).lower() for value in call.audiences)
        return [_("Utlysningen vänder sig bara till: %(audiences)s.") % {"audiences": names}]
    return []


def _entry_stage() -> Stage:
    try:
        return Stage.objects.get(is_entry=True)
    except Stage.DoesNotExist as error:
        raise ValidationError(
            {NON_FIELD_ERRORS: [_("Organisationen saknar ett steg där nya idéer hamnar.")]}
        ) from error


def _lock_for_the_rest_of_the_transaction(fingerprint: str) -> None:
    key = int.from_bytes(bytes.fromhex(fingerprint[:16]), "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


# --- Attachments -----------------------------------------------------------------


@dataclass(frozen=True)
class _FileType:
    label: str
    extensions: tuple[str, ...]
    fallback_content_type: str


_PDF = _FileType("PDF", ("pdf",), "application/pdf")
_PNG = _FileType("PNG", ("png",), "image/png")
_JPEG = _FileType("JPEG", ("jpg", "jpeg"), "image/jpeg")
_DOCX = _FileType(
    "DOCX",
    ("docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
_XLSX = _FileType(
    "XLSX", ("xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
_PPTX = _FileType(
    "PPTX",
    ("pptx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
)
_ODT = _FileType("ODT", ("odt",), "application/vnd.oasis.opendocument.text")
_TXT = _FileType("TXT", ("txt",), "text/plain")
ATTACHMENT_TYPES = (_PDF, _PNG, _JPEG, _DOCX, _XLSX, _PPTX, _ODT, _TXT)
_TYPE_BY_EXTENSION = {ext: kind for kind in ATTACHMENT_TYPES for ext in kind.extensions}
# The part every Office Open XML package of the kind holds.
_OOXML_MARKER = {
    _DOCX: "word/document.xml",
    _XLSX: "xl/workbook.xml",
    _PPTX: "ppt/presentation.xml",
}
_TEXT_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class _CheckedFile:
    upload: UploadedFile
    original_name: str
    extension: str
    content_type: str
    size: int


def _checked_attachments(
    attachments: Sequence[UploadedFile],
) -> tuple[list[_CheckedFile], list[str]]:
    """Check count, size, extension and content of every file; store nothing."""
    if len(attachments) > ATTACHMENTS_MAX:
        return [], [_("Bifoga högst %(max)d filer.") % {"max": ATTACHMENTS_MAX}]
    max_bytes: int = settings.IDEA_ATTACHMENT_MAX_BYTES
    allowed = ", ".join(kind.label for kind in ATTACHMENT_TYPES)
    checked, errors = [], []
    for upload in attachments:
        name = PurePath(upload.name or "").name[:255] or _("namnlös fil")
        extension = PurePath(name).suffix.lower().lstrip(".")
        kind = _TYPE_BY_EXTENSION.get(extension)
        size = upload.size or 0
        if kind is None:
            errors.append(
                _("%(name)s: filtypen tillåts inte. Tillåtna typer: %(types)s.")
                % {"name": name, "types": allowed}
            )
        elif size == 0:
            errors.append(_("%(name)s är tom.") % {"name": name})
        elif size > max_bytes:
            errors.append(
                _("%(name)s är större än %(max)s MB.")
                % {"name": name, "max": f"{max_bytes / 1024 / 1024:g}".replace(".", ",")}
            )
        elif not _content_is(kind, upload):
            errors.append(
                _("%(name)s: innehållet är inte en %(type)s-fil.")
                % {"name": name, "type": kind.label}
            )
        else:
            content_type = mimetypes.guess_type(name, strict=False)[0]
            checked.append(
                _CheckedFile(
                    upload=upload,
                    original_name=name,
                    extension=extension,
                    content_type=content_type or kind.fallback_content_type,
                    size=size,
                )
            )
    return checked, errors


def _content_is(kind: _FileType, upload: UploadedFile) -> bool:
    """Tell whether the file's first bytes (and, for Office files, its parts) match ``kind``."""
    upload.seek(0)
    head = upload.read(_SNIFF_BYTES)
    upload.seek(0)
    if kind is _PDF:
        return head.startswith(b"%PDF-")
    if kind is _PNG:
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind is _JPEG:
        return head.startswith(b"\xff\xd8\xff")
    if kind is _TXT:
        return not _TEXT_CONTROL_BYTES.search(head)
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(upload) as package:
            if kind is _ODT:
                with package.open("mimetype") as mimetype:
                    return mimetype.read(100).strip() == kind.fallback_content_type.encode()
            return _OOXML_MARKER[kind] in package.namelist()
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return False
    finally:
        upload.seek(0)


def _store_attachments(idea: Idea, files: list[_CheckedFile]) -> None:
    """Store checked files under the schema's media folder; remove them again if this fails."""
    stored: list[str] = []
    try:
        for checked in files:
            attachment = Attachment(
                idea=idea,
                original_name=checked.original_name,
                content_type=checked.content_type,
                size_bytes=checked.size,
            )
            # A random name: the original may carry personal data and is kept in the row.
            attachment.file.save(
                f"{uuid.uuid4().hex}.{checked.extension}", checked.upload, save=False
            )
            stored.append(attachment.file.name)
            # Deleted again if the transaction rolls back after this (a caller's, or the commit).
            uploads.delete_on_rollback(attachment.file.name)
            attachment.save()
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


# --- Moving through the pipeline ----------------------------------------------------


@transaction.atomic
def idea_move(
    *,
    idea: Idea,
    to_stage: Stage,
    by: Person | None,
    reason: str = "",
    submitter_told_separately: bool = False,
) -> StageChange:
    """Move an idea to another stage, recording who, when and why; followers get a mail.

    Closing needs a reason, because the submitter sees it. Merging has its own
    service (``idea_merge``), which also says where the idea went. A caller
    that mails the submitter itself (a council decision) sets
    ``submitter_told_separately``: one event, one mail.
    """
    reason = reason.strip()
    _raise_if_stage_refused(to_stage, reason)
    locked = _locked([idea])[0]
    messages = _refusals_for(locked, to_stage)
    if messages:
        raise ValidationError({"to_stage": messages})
    change = _move(
        locked,
        to_stage=to_stage,
        by=by,
        reason=reason,
        submitter_told_separately=submitter_told_separately,
    )
    _copy_stage(locked, into=idea)
    return change


@transaction.atomic
def ideas_bulk_move(
    *, ideas: Sequence[Idea], to_stage: Stage, by: Person, reason: str = ""
) -> list[StageChange]:
    """Move several ideas to one stage: all of them, or none if any one may not move."""
    reason = reason.strip()
    _raise_if_stage_refused(to_stage, reason)
    locked = _locked(ideas)
    refusals = [
        f"{each.registration_number}: {message}"
        for each in locked
        for message in _refusals_for(each, to_stage)
    ]
    if refusals:
        raise ValidationError({"ideas": refusals})
    changes = [_move(each, to_stage=to_stage, by=by, reason=reason) for each in locked]
    by_pk = {each.pk: each for each in locked}
    for given in ideas:
        _copy_stage(by_pk[given.pk], into=given)
    return changes


def _raise_if_stage_refused(to_stage: Stage, reason: str, *, merging: bool = False) -> None:
    errors: dict[str, list[str]] = {}
    if not to_stage.is_active:
        errors["to_stage"] = [_("Steget %(stage)s används inte.") % {"stage": to_stage.name}]
    elif to_stage.key == MERGED_STAGE_KEY and not merging:
        errors["to_stage"] = [
            _("Använd sammanslagning i stället; då följer bevakarna med till den andra idén.")
        ]
    if to_stage.kind == StageKind.CLOSED and not reason:
        errors["reason"] = [_("Ange ett skäl; idégivaren ser det.")]
    if errors:
        raise ValidationError(errors)


def _refusals_for(idea: Idea, to_stage: Stage) -> list[str]:
    """Why ``idea`` (locked, fresh from the database) may not move to ``to_stage``."""
    if idea.merged_into_id is not None:
        assert idea.merged_into is not None
        return [
            _("Idén är sammanslagen med %(number)s och flyttas inte längre.")
            % {"number": idea.merged_into.registration_number}
        ]
    if idea.stage_id == to_stage.pk:
        return [_("Idén är redan i steget %(stage)s.") % {"stage": to_stage.name}]
    if to_stage.kind == StageKind.DONE:
        # Imported here: trials build on ideas, not the other way round.
        from tenants.trials.selectors import idea_may_be_implemented

        if not idea_may_be_implemented(idea=idea):
            return [
                _(
                    "En idé införs först när en utvärdering av ett test rekommenderar det. "
                    "Utvärdera ett test av idén först."
                )
            ]
    return []


def _locked(ideas: Sequence[Idea]) -> list[Idea]:
    """Lock the rows of ``ideas`` (in id order, so two callers cannot deadlock); fresh copies."""
    pks = list(dict.fromkeys(each.pk for each in ideas))
    rows = {
        row.pk: row
        for row in Idea.objects.select_for_update(of=("self",))
        .select_related("stage", "merged_into")
        .filter(pk__in=pks)
        .order_by("pk")
    }
    missing = [pk for pk in pks if pk not in rows]
    if missing:
        raise ValidationError({"ideas": [_("Idén finns inte längre.")]})
    return [rows[pk] for pk in pks]


def _move(
    idea: Idea,
    *,
    to_stage: Stage,
    by: Person | None,
    reason: str,
    submitter_told_separately: bool = False,
) -> StageChange:
    """Move a locked idea: the idea row, its history, the audit row, and mail after commit."""
    from_stage = idea.stage
    change = StageChange.objects.create(
        idea=idea,
        from_stage=from_stage,
        to_stage=to_stage,
        moved_by=stored_person(by),
        reason=reason,
    )
    idea.stage = to_stage
    idea.stage_changed_at = change.at
    idea.save(update_fields=["stage", "stage_changed_at", "updated_at"])
    audit_event_record(
        actor=by,
        action="idea.moved",
        obj=idea,
        before={"stage": from_stage.key},
        after={"stage": to_stage.key, "reason": reason},
    )
    notify = functools.partial(tasks.idea_notify_followers.delay, stage_change_id=change.pk)
    if submitter_told_separately:
        notify = functools.partial(notify, skip_submitter=True)
    transaction.on_commit(notify)
    return change


def _copy_stage(source: Idea, *, into: Idea) -> None:
    """Bring the caller's instance up to date with what was written."""
    if into is not source:
        into.stage = source.stage
        into.stage_changed_at = source.stage_changed_at
        into.updated_at = source.updated_at
        into.merged_into = source.merged_into


# --- Merging ----------------------------------------------------------------------


@transaction.atomic
def idea_merge(*, duplicate: Idea, into: Idea, by: Person, reason: str = "") -> Idea:
    """Merge a duplicate into the idea it repeats; return the idea that lives on.

    The duplicate is closed in the "merged" stage with a reason naming the
    other idea, keeps its own history, and points at ``into``. Its supporters
    move to ``into``; its followers follow ``into`` too (each once), and keep
    their follow of the duplicate so they are told where their idea went.
    """
    if duplicate.pk == into.pk:
        raise ValidationError({"into": [_("En idé kan inte slås ihop med sig själv.")]})
    locked = {each.pk: each for each in _locked(sorted([duplicate, into], key=lambda i: i.pk))}
    dup, target = locked[duplicate.pk], locked[into.pk]
    errors: dict[str, list[str]] = {}
    if target.merged_into is not None:
        errors["into"] = [
            _("%(number)s är själv sammanslagen med %(other)s; slå ihop med den i stället.")
            % {
                "number": target.registration_number,
                "other": target.merged_into.registration_number,
            }
        ]
    if dup.merged_into is not None:
        errors["duplicate"] = [
            _("%(number)s är redan sammanslagen med %(other)s.")
            % {"number": dup.registration_number, "other": dup.merged_into.registration_number}
        ]
    merged_stage = Stage.objects.filter(key=MERGED_STAGE_KEY).first()
    if merged_stage is None:
        errors["into"] = [_("Organisationen saknar steget för sammanslagna idéer.")]
    if errors:
        raise ValidationError(errors)
    assert merged_stage is not None

    move_reason = _("Sammanslagen med %(number)s.") % {"number": target.registration_number}
    if reason.strip():
        move_reason = f"{move_reason} {reason.strip()}"
    _raise_if_stage_refused(merged_stage, move_reason, merging=True)
    if dup.stage_id != merged_stage.pk:
        _move(dup, to_stage=merged_stage, by=by, reason=move_reason)
    dup.merged_into = target
    dup.save(update_fields=["merged_into", "updated_at"])
    # Ideas merged into the duplicate earlier now point at the idea that lives on.
    Idea.objects.filter(merged_into=dup).exclude(pk=dup.pk).update(merged_into=target)
    _follows_copy(from_idea=dup, to_idea=target)
    _supports_move(from_idea=dup, to_idea=target)
    audit_event_record(
        actor=by,
        action="idea.merged",
        obj=dup,
        before={"merged_into": None},
        after={"merged_into": target.registration_number, "reason": reason.strip()},
    )
    _copy_stage(dup, into=duplicate)
    return target


def _follows_copy(*, from_idea: Idea, to_idea: Idea) -> None:
    follows = Follow.objects.filter(idea=from_idea).values_list("person_id", "contact_id")
    # ON CONFLICT DO NOTHING: whoever already follows ``to_idea`` keeps their one row.
    Follow.objects.bulk_create(
        [Follow(idea=to_idea, person_id=p, contact_id=c) for p, c in follows],
        ignore_conflicts=True,
    )


def _supports_move(*, from_idea: Idea, to_idea: Idea) -> None:
    already = Support.objects.filter(idea=to_idea)
    Support.objects.filter(
        idea=from_idea,
        person_id__in=already.filter(person__isnull=False).values("person_id"),
    ).delete()
    Support.objects.filter(
        idea=from_idea,
        contact_id__in=already.filter(contact__isnull=False).values("contact_id"),
    ).delete()
    # The rest keep their row, and the time they gave their support.
    Support.objects.filter(idea=from_idea).update(idea=to_idea)


# --- Publishing -------------------------------------------------------------------------


@transaction.atomic
def idea_set_public(*, idea: Idea, is_public: bool, by: Person) -> Idea:
    """Show the idea in the public portal, or stop showing it."""
    if idea.is_public == is_public:
        return idea
    Idea.objects.filter(pk=idea.pk).update(is_public=is_public, updated_at=timezone.now())
    audit_event_record(
        actor=by,
        action="idea.published" if is_public else "idea.unpublished",
        obj=idea,
        before={"is_public": not is_public},
        after={"is_public": is_public},
    )
    idea.is_public = is_public
    return idea


# --- Comments, support, follows -------------------------------------------------------------


@transaction.atomic
def comment_add(
    *,
    idea: Idea,
    body: str,
    is_internal: bool = False,
    author: Person | None = None,
    contact: Contact | None = None,
) -> Comment:
    """Add a comment, or an internal note that only staff see, to an idea."""
    body = body.strip()
    errors: dict[str, list[str]] = {}
    if not body:
        errors["body"] = [_("Skriv något först.")]
    elif len(body) > COMMENT_MAX_LENGTH:
        errors["body"] = [_("Högst %(max)d tecken.") % {"max": COMMENT_MAX_LENGTH}]
    if (author is None) == (contact is None):
        errors[NON_FIELD_ERRORS] = [
            _("En kommentar skrivs av en medarbetare eller av en kontakt via portalen.")
        ]
    elif contact is not None:
        if is_internal:
            errors["is_internal"] = [_("Bara medarbetare skriver interna anteckningar.")]
        if not contact.is_confirmed:
            errors["contact"] = [_("Bekräfta din e-postadress innan du kommenterar.")]
    if errors:
        raise ValidationError(errors)
    comment = Comment.objects.create(
        idea=idea, body=body, is_internal=is_internal, author=author, contact=contact
    )
    if author is not None:
        # Staff writing is a change staff make; portal comments are the contact's own.
        audit_event_record(
            actor=author,
            action="idea.comment_added",
            obj=idea,
            after={"comment": comment.pk, "is_internal": is_internal},
        )
    return comment


@transaction.atomic
def support_add(
    *, idea: Idea, person: Person | None = None, contact: Contact | None = None
) -> Support:
    """Say "I want this too" (stöd); once per person or contact, a second time changes nothing."""
    _require_one_of(person, contact)
    _refuse_if_merged(idea, _("Stöd %(number)s i stället."))
    if contact is not None and not contact.is_confirmed:
        raise ValidationError({"contact": [_("Bekräfta din e-postadress först.")]})
    support, _created = Support.objects.get_or_create(idea=idea, person=person, contact=contact)
    return support


@transaction.atomic
def support_remove(
    *, idea: Idea, person: Person | None = None, contact: Contact | None = None
) -> None:
    """Take back one's support; nothing happens if there was none."""
    _require_one_of(person, contact)
    Support.objects.filter(idea=idea, person=person, contact=contact).delete()


@transaction.atomic
def follow_add(
    *, idea: Idea, person: Person | None = None, contact: Contact | None = None
) -> Follow:
    """Follow an idea (bevaka): a mail each time it moves. Once per person or contact."""
    _require_one_of(person, contact)
    _refuse_if_merged(idea, _("Bevaka %(number)s i stället."))
    follow, _created = Follow.objects.get_or_create(idea=idea, person=person, contact=contact)
    return follow


@transaction.atomic
def follow_remove(
    *, idea: Idea, person: Person | None = None, contact: Contact | None = None
) -> None:
    """Stop following an idea; nothing happens if one did not follow it."""
    _require_one_of(person, contact)
    Follow.objects.filter(idea=idea, person=person, contact=contact).delete()


def _require_one_of(person: Person | None, contact: Contact | None) -> None:
    if (person is None) == (contact is None):
        raise ValidationError(
            {NON_FIELD_ERRORS: [_("Ange antingen en medarbetare eller en kontakt.")]}
        )


def _refuse_if_merged(idea: Idea, hint: str) -> None:
    if idea.merged_into_id is None:
        return
    number = Idea.objects.values_list("registration_number", flat=True).get(pk=idea.merged_into_id)
    raise ValidationError(
        {
            "idea": [
                _("Idén är sammanslagen med %(number)s.") % {"number": number}
                + " "
                + hint % {"number": number}
            ]
        }
    )


# --- Correcting after submission ------------------------------------------------------

# What a correction may change, and how the audit log names each.
CORRECTABLE_FIELDS = ("title", "description", "unit", "call", "needs")


class Keep:
    """Leave the call as it is (``None`` removes it)."""


KEEP = Keep()


@transaction.atomic
def idea_correct(
    *,
    idea: Idea,
    by: Person,
    title: str | None = None,
    description: str | None = None,
    unit: str | None = None,
    call: IdeaCall | Keep | None = KEEP,
    needs: Sequence[Need] | None = None,
    reason: str = "",
) -> Idea:
    """Correct an idea after submission (rättelse): title, text, unit, call and needs.

    Only what is given changes (``call=None`` removes the call). The idea keeps
    its registration number and stage; before and after of every changed field
    go to the audit log as ``idea.corrected``, which the idea's page shows as
    part of its history. Nothing changed records nothing.
    """
    locked = _locked([idea])[0]
    before = snapshot(locked, CORRECTABLE_FIELDS)
    errors: dict[str, list[str]] = {}
    if title is not None:
        title = _one_line(title)
        if not title:
            errors["title"] = [_("Ge idén en rubrik.")]
        elif len(title) > TITLE_MAX_LENGTH:
            errors["title"] = [
                _("Rubriken får vara högst %(max)d tecken.") % {"max": TITLE_MAX_LENGTH}
            ]
        else:
            locked.title = title
    if description is not None:
        description = description.strip()
        if not description:
            errors["description"] = [_("Beskriv idén.")]
        else:
            locked.description = description
    if unit is not None:
        unit = _one_line(unit)
        if len(unit) > UNIT_MAX_LENGTH:
            errors["unit"] = [
                _("Området får vara högst %(max)d tecken.") % {"max": UNIT_MAX_LENGTH}
            ]
        else:
            locked.unit = unit
    if not isinstance(call, Keep):
        locked.call = call
    if errors:
        raise ValidationError(errors)
    locked.save(update_fields=["title", "description", "unit", "call", "updated_at"])
    if needs is not None:
        locked.needs.set(needs)
    after = snapshot(locked, CORRECTABLE_FIELDS)
    changed = [name for name in CORRECTABLE_FIELDS if before[name] != after[name]]
    if changed:
        audit_event_record(
            actor=by,
            action="idea.corrected",
            obj=locked,
            before={name: before[name] for name in changed},
            after={**{name: after[name] for name in changed}, "reason": reason.strip()},
        )
    for name in ("title", "description", "unit", "call", "updated_at"):
        setattr(idea, name, getattr(locked, name))
    return idea
