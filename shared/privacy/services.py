"""Data subjects' rights across every schema: export (art. 15, 20) and erasure (art. 17).

Platform staff register a request (``subject_request_create``); a task carries
it out schema by schema, saving its progress (``subject_request_run``). An
organisation's admin does the same for the portal contacts of their own
organisation only (``contact_export`` / ``contact_erase``), in its schema.

Erasure anonymises: the person's row keeps its id (the pseudonym every log and
record uses, decision 0014) but loses their name, address and login; their
portal contacts lose theirs; every text that names them has the name and the
address replaced. Records that are public documents (registered ideas,
council decisions) stay, without the person.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, models, transaction
from django.db.models import F, Func, Value
from django.db.models.functions import Cast, Left, Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from shared.accounts.models import Person
from shared.core.services import audit_record
from shared.fleet import connections as fleet_connections
from shared.organizations.models import Organization
from shared.privacy import traces
from shared.privacy.models import SubjectRequest, SubjectRequestKind, SubjectRequestStatus
from tenants.audit.services import audit_event_record, json_safe

# What replaces a name or an address in free text.
REDACTED = "[raderat]"
ERASED_PERSON_NAME = "Raderad person"
ERASED_CONTACT_NAME = "Raderad kontakt"


def email_digest(email: str) -> str:
    """A keyed digest of the address: the same person asking twice is recognisable, not named."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def erased_email(*, kind: str, pk: int) -> str:
    """The address an erased row gets: unique, undeliverable (RFC 2606 .invalid)."""
    return f"raderad-{kind}-{pk}@raderad.invalid"


def _clean_email(email: str) -> str:
    email = email.strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": [_("Ange en giltig e-postadress.")]}) from None
    return email


@transaction.atomic
def subject_request_create(*, kind: str, email: str, by: Person) -> SubjectRequest:
    """Register a data subject's request, logged, and run it in a task after commit."""
    from shared.privacy import tasks

    if kind not in SubjectRequestKind.values:
        raise ValidationError({"kind": [_("Välj export eller radering.")]})
    email = _clean_email(email)
    request = SubjectRequest.objects.create(
        kind=kind, email=email, email_digest=email_digest(email), requested_by=by
    )
    audit_record(
        actor=by,
        action=f"subject_request.{kind}_requested",
        target=f"subject_request:{request.pk}",
        after={"kind": kind, "email_digest": request.email_digest},
    )
    transaction.on_commit(lambda: tasks.subject_request_run.delay(request_id=request.pk))
    return request


def schemas() -> list[str]:
    """Every organisation's schema that exists in the database, in a fixed order."""
    names = list(
        Organization.objects.tenants().order_by("schema_name").values_list("schema_name", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [names])
        existing = {row[0] for row in cursor.fetchall()}
    return [name for name in names if name in existing]


def _public_subject(email: str) -> traces.Subject:
    people = Person.objects.alias(email_lower=Lower("email")).filter(email_lower=email.lower())
    found = list(people.values_list("pk", "full_name"))
    return traces.Subject(
        email=email,
        person_ids=frozenset(pk for pk, _name in found),
        names=frozenset(name for _pk, name in found),
    )


def _tenant_subject(public_subject: traces.Subject) -> traces.Subject:
    """``public_subject`` with the portal contacts of the current schema that share its address."""
    from tenants.contacts.models import Contact

    contacts = Contact.objects.alias(email_lower=Lower("email")).filter(
        email_lower=public_subject.email.lower()
    )
    found = list(contacts.values_list("pk", "name"))
    return traces.Subject(
        email=public_subject.email,
        person_ids=public_subject.person_ids,
        contact_ids=frozenset(pk for pk, _name in found),
        names=public_subject.names | {name for _pk, name in found},
    )


def _export_schema(subject: traces.Subject, *, public: bool) -> dict[str, list[dict[str, Any]]]:
    return {
        found.label: [json_safe(row) for row in rows]
        for found, rows in traces.traces_in_schema(subject=subject, public=public)
    }


def subject_request_run(*, request_id: int) -> SubjectRequest:
    """Carry out a request in every organisation's schema and ``public``, saving progress.

    An export stores every trace (``result``); an erasure anonymises them and
    stores only counts (``outcome``). Either way the address itself is dropped
    from the request when it finishes, and the outcome is logged. Running it
    again does no harm.
    """
    request = SubjectRequest.objects.get(pk=request_id)
    if request.is_finished:
        return request
    started = time.monotonic()
    schema_names = schemas()
    SubjectRequest.objects.filter(pk=request.pk).update(
        status=SubjectRequestStatus.RUNNING,
        schemas_total=len(schema_names),
        schemas_done=0,
        started_at=timezone.now(),
    )
    public_subject = _public_subject(request.email)
    result: dict[str, Any] = {"email": request.email, "schemas": {}}
    outcome: dict[str, Any] = {"schemas": {}}
    try:
        for done, schema_name in enumerate(schema_names, start=1):
            with schema_context(schema_name):
                subject = _tenant_subject(public_subject)
                if request.kind == SubjectRequestKind.EXPORT:
                    found = _export_schema(subject, public=False)
                    if found:
                        result["schemas"][schema_name] = found
                        outcome["schemas"][schema_name] = _counts(found)
                else:
                    counts = erase_in_tenant(subject=subject, request=request)
                    if counts:
                        outcome["schemas"][schema_name] = counts
            fleet_connections.schemas_touched()
            SubjectRequest.objects.filter(pk=request.pk).update(schemas_done=done)
        public_name = get_public_schema_name()
        if request.kind == SubjectRequestKind.EXPORT:
            found = _export_schema(public_subject, public=True)
            result["schemas"][public_name] = found
            outcome["schemas"][public_name] = _counts(found)
        else:
            counts = _erase_in_public(subject=public_subject, request=request)
            outcome["schemas"][public_name] = counts
    except Exception as error:
        _finish(request, status=SubjectRequestStatus.FAILED, outcome=outcome, started=started)
        request.error = str(error)
        request.save(update_fields=["error"])
        raise
    if request.kind == SubjectRequestKind.EXPORT:
        request.result = result
    _finish(request, status=SubjectRequestStatus.SUCCEEDED, outcome=outcome, started=started)
    return request


def _counts(found: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    return {label: len(rows) for label, rows in found.items()}


@transaction.atomic
def _finish(
    request: SubjectRequest, *, status: str, outcome: dict[str, Any], started: float
) -> None:
    request.refresh_from_db(fields=["schemas_total", "schemas_done", "started_at"])
    request.status = status
    request.outcome = outcome
    request.email = ""
    request.finished_at = timezone.now()
    request.seconds = round(time.monotonic() - started, 3)
    if status == SubjectRequestStatus.SUCCEEDED:
        request.schemas_done = request.schemas_total
    request.save()
    audit_record(
        actor=request.requested_by,
        action=f"subject_request.{request.kind}_{status}",
        target=f"subject_request:{request.pk}",
        after={"seconds": request.seconds, "schemas": outcome["schemas"]},
    )


def _redact(column: models.Field, value: Any, needle: str) -> Any:
    replaced = Func(
        value,
        Value(traces.pattern_for(needle)),
        Value(REDACTED),
        Value("gi"),
        function="regexp_replace",
        output_field=models.TextField(),
    )
    max_length = getattr(column, "max_length", None)
    if isinstance(column, models.CharField) and max_length:
        return Left(replaced, max_length)
    return replaced


def _scrub_text(subject: traces.Subject, *, public: bool) -> dict[str, int]:
    """Replace every mention of ``subject`` in text and JSON columns; count rows per model."""
    counts: dict[str, int] = {}
    for found in traces.model_traces(public=public):
        if found.label in traces.APPEND_ONLY:
            continue
        manager = found.model._default_manager
        changed: set[Any] = set()
        for needle in subject.needles:
            for column in found.text_fields:
                rows = manager.filter(**{f"{column.name}__icontains": needle})
                changed |= set(rows.values_list("pk", flat=True))
                rows.update(**{column.name: _redact(column, F(column.name), needle)})
            for column in found.json_fields:
                rows = manager.annotate(_text=Cast(column.name, models.TextField())).filter(
                    _text__icontains=needle
                )
                changed |= set(rows.values_list("pk", flat=True))
                manager.filter(pk__in=list(changed)).update(
                    **{
                        column.name: Cast(
                            _redact(column, Cast(column.name, models.TextField()), needle),
                            models.JSONField(),
                        )
                    }
                )
        if changed:
            counts[found.label] = len(changed)
    return counts


def _still_named_in_append_only(subject: traces.Subject, *, public: bool) -> int:
    """Rows of append-only tables that still name the person (none, by design)."""
    return sum(
        found.queryset(subject).count()
        for found in traces.model_traces(public=public)
        if found.label in traces.APPEND_ONLY and subject.needles
    )


@transaction.atomic
def erase_in_tenant(*, subject: traces.Subject, request: SubjectRequest | None) -> dict[str, int]:
    """Anonymise ``subject``'s contacts and every mention of them in the current schema."""
    from tenants.contacts.models import Contact

    counts: dict[str, int] = {}
    contacts = list(Contact.objects.select_for_update().filter(pk__in=subject.contact_ids))
    for contact in contacts:
        contact.name = ERASED_CONTACT_NAME
        contact.email = erased_email(kind="kontakt", pk=contact.pk)
        contact.organization_name = ""
        contact.gender = ""
        # Links mailed to the contact stop working.
        contact.access_token = f"raderad-{secrets.token_hex(24)}"
        contact.save(update_fields=["name", "email", "organization_name", "gender", "access_token"])
        audit_event_record(
            actor=request.requested_by if request else None,
            action="contact.erased",
            obj=contact,
            after={"subject_request": request.pk if request else None},
            label=f"Kontakt {contact.pk}",
        )
    if contacts:
        counts["contacts.contact"] = len(contacts)
    counts.update(_scrub_text(subject, public=False))
    kept = _still_named_in_append_only(subject, public=False)
    if kept:
        counts["audit.auditevent (kvar)"] = kept
    return counts


@transaction.atomic
def _erase_in_public(*, subject: traces.Subject, request: SubjectRequest) -> dict[str, int]:
    """Anonymise the person in ``public``: their row keeps its id, nothing else of them stays."""
    counts: dict[str, int] = {}
    people = list(Person.objects.select_for_update().filter(pk__in=subject.person_ids))
    for person in people:
        person.full_name = ERASED_PERSON_NAME
        person.email = erased_email(kind="person", pk=person.pk)
        person.is_active = False
        person.is_staff = False
        person.is_superuser = False
        person.platform_role = ""
        person.set_unusable_password()
        person.save()
        person.groups.clear()
        person.user_permissions.clear()
    if people:
        counts["accounts.person"] = len(people)
        counts.update(_delete_rows_about(person_ids=subject.person_ids))
    counts.update(_scrub_text(subject, public=True))
    kept = _still_named_in_append_only(subject, public=True)
    if kept:
        counts["core.auditentry (kvar)"] = kept
    # Earlier exports for the same address held the person's data: they go too.
    earlier = SubjectRequest.objects.filter(email_digest=request.email_digest).exclude(
        pk=request.pk
    )
    counts_earlier = earlier.exclude(result={}).update(result={}, email="")
    if counts_earlier:
        counts["privacy.subjectrequest"] = counts_earlier
    return counts


def _delete_rows_about(*, person_ids: Iterable[int]) -> dict[str, int]:
    """Delete rows that exist only to tie the person to something (memberships, keys, follows).

    They are the rows whose link to the person is required and cascades; rows
    that merely name who did something keep the id, which no longer identifies anyone.
    """
    counts: dict[str, int] = {}
    ids = list(person_ids)
    for found in traces.model_traces(public=True):
        for column in found.person_fields:
            if column.null or column.remote_field.on_delete is not models.CASCADE:  # type: ignore[union-attr]
                continue
            deleted, _by_model = found.model._default_manager.filter(
                **{f"{column.attname}__in": ids}
            ).delete()
            if deleted:
                counts[found.label] = counts.get(found.label, 0) + deleted
    return counts


def _contact_subject(email: str) -> traces.Subject:
    """The portal contacts of the current schema with ``email``; people are not sought."""
    return _tenant_subject(traces.Subject(email=_clean_email(email)))


def _organization_audit(*, by: Person, action: str, after: dict[str, Any]) -> None:
    from shared.core.tenancy import current_organization

    organization = current_organization()
    if organization is None:
        raise RuntimeError("A contact's request is handled in their organisation's schema.")
    audit_event_record(
        actor=by, action=action, obj=organization, after=after, label=_("Begäran från registrerad")
    )


@transaction.atomic
def contact_export(*, email: str, by: Person) -> dict[str, Any]:
    """Every trace of the portal contact(s) with ``email`` in this organisation, machine-readable.

    For an organisation's admin: only this schema, and only its contacts (staff
    are people of the platform, whose requests platform staff handle). The
    request and the number of rows found are logged, never the address.
    """
    subject = _contact_subject(email)
    found = _export_schema(subject, public=False) if subject.contact_ids else {}
    _organization_audit(
        by=by,
        action="contact.export_requested",
        after={"email_digest": email_digest(subject.email), "rows": _counts(found)},
    )
    return {"email": subject.email, "schemas": {connection.schema_name: found}}  # type: ignore[attr-defined]


@transaction.atomic
def contact_erase(*, email: str, by: Person) -> dict[str, int]:
    """Anonymise the portal contact(s) with ``email`` in this organisation; count rows per model."""
    subject = _contact_subject(email)
    counts = erase_in_tenant(subject=subject, request=None) if subject.contact_ids else {}
    _organization_audit(
        by=by,
        action="contact.erasure_requested",
        after={"email_digest": email_digest(subject.email), "rows": counts},
    )
    return counts


@transaction.atomic
def subject_request_export_read(*, request: SubjectRequest, by: Person) -> dict[str, Any]:
    """The traces a finished export found, its reading logged: who took the person's data out.

    Raises ``ValidationError`` when there is nothing to hand over: the request
    is not a finished export, or a later erasure of the same person emptied it.
    """
    if (
        request.kind != SubjectRequestKind.EXPORT
        or request.status != SubjectRequestStatus.SUCCEEDED
    ):
        raise ValidationError(_("Bara en färdig export kan lämnas ut."))
    if not request.result:
        raise ValidationError(_("Exporten finns inte längre: personen har raderats sedan dess."))
    audit_record(
        actor=by,
        action="subject_request.export_read",
        target=f"subject_request:{request.pk}",
        after={"email_digest": request.email_digest},
    )
    return request.result
