"""Writes on the needs bank (behovsbank)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shared.accounts.models import Person
from tenants import municipalities
from tenants.audit.services import audit_event_record, snapshot
from tenants.contacts.models import Audience, Contact
from tenants.needs.models import Need, NeedStatus

MAX_TAGS = 20
MAX_TAG_LENGTH = 50
# Fields staff may change with need_update; the status changes through need_set_status.
UPDATABLE_FIELDS = frozenset(
    {"title", "description", "unit", "affected", "tags", "source", "municipality_code"}
)
# What the audit log keeps of a new need.
SUBMITTED_FIELDS = [*sorted(UPDATABLE_FIELDS), "status", "contact"]


@transaction.atomic
def need_submit(
    *,
    title: str,
    description: str,
    unit: str = "",
    affected: str = "",
    tags: Iterable[str] = (),
    source: str = Audience.STAFF,
    by: Person | None = None,
    contact: Contact | None = None,
    municipality_code: str | None = None,
) -> Need:
    """Register a need in the needs bank, from staff (``by``) or from the portal (``contact``).

    In a group of municipalities the need concerns one of them: by default the
    home municipality of the member who registers it.
    """
    if municipality_code is None:
        municipality_code = municipalities.home_of(by)
    values = _validated(
        title=title,
        description=description,
        unit=unit,
        affected=affected,
        tags=tags,
        source=source,
        municipality_code=municipality_code,
    )
    need = Need.objects.create(
        **values,
        contact=contact,
        created_by=by if getattr(by, "pk", None) else None,
    )
    audit_event_record(
        actor=by, action="need.submitted", obj=need, after=snapshot(need, SUBMITTED_FIELDS)
    )
    return need


@transaction.atomic
def need_update(*, need: Need, by: Person | None, **fields: Any) -> Need:
    """Change what a need says: title, description, unit, affected, tags or source."""
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"need_update() cannot change {', '.join(sorted(unknown))}")
    current = {name: getattr(need, name) for name in UPDATABLE_FIELDS}
    values = _validated(**{**current, **fields})
    changed = sorted(name for name, value in values.items() if value != current[name])
    if not changed:
        return need
    before = snapshot(need, changed)
    for name in changed:
        setattr(need, name, values[name])
    need.save(update_fields=changed)
    # The changed fields only: the log lives in the organisation's own schema.
    audit_event_record(
        actor=by,
        action="need.updated",
        obj=need,
        before=before,
        after=snapshot(need, changed),
    )
    return need


@transaction.atomic
def need_set_status(*, need: Need, status: str, by: Person | None, reason: str = "") -> Need:
    """Triage a need: open, being addressed, solved or withdrawn; withdrawing takes a reason."""
    reason = reason.strip()
    if status not in NeedStatus.values:
        raise ValidationError({"status": [_("Välj en status.")]})
    if status == need.status:
        raise ValidationError({"status": [_("Behovet har redan den statusen.")]})
    if status == NeedStatus.WITHDRAWN and not reason:
        raise ValidationError({"reason": [_("Skriv varför behovet återkallas.")]})
    before = need.status
    need.status = status
    need.save(update_fields=["status"])
    audit_event_record(
        actor=by,
        action="need.status_changed",
        obj=need,
        before={"status": before},
        after={"status": status, "reason": reason},
    )
    return need


def _validated(
    *,
    title: str,
    description: str,
    unit: str,
    affected: str,
    tags: Iterable[str],
    source: str,
    municipality_code: str = "",
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    title, description, unit, affected = (
        title.strip(),
        description.strip(),
        unit.strip(),
        affected.strip(),
    )
    if not title:
        errors["title"] = [_("Ange en rubrik.")]
    elif len(title) > 200:
        errors["title"] = [_("Rubriken får vara högst 200 tecken.")]
    if not description:
        errors["description"] = [_("Beskriv behovet.")]
    if len(unit) > 200:
        errors["unit"] = [_("Enheten får vara högst 200 tecken.")]
    if source not in Audience.values:
        errors["source"] = [_("Välj var behovet kommer från.")]
    municipality_code = municipality_code.strip()
    if municipality_errors := municipalities.errors_for(municipality_code):
        errors["municipality_code"] = municipality_errors
    try:
        cleaned_tags = clean_tags(tags)
    except ValidationError as error:
        errors["tags"] = error.messages
        cleaned_tags = []
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "description": description,
        "unit": unit,
        "affected": affected,
        "tags": cleaned_tags,
        "source": source,
        "municipality_code": municipality_code,
    }


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Trim, lower-case and de-duplicate tags, keeping their order, so filters find them."""
    if isinstance(tags, str):
        tags = tags.split(",")
    cleaned: list[str] = []
    for tag in tags:
        tag = tag.strip().lower()
        if tag and tag not in cleaned:
            cleaned.append(tag)
    if any(len(tag) > MAX_TAG_LENGTH for tag in cleaned):
        raise ValidationError(_("En tagg får vara högst %(n)d tecken.") % {"n": MAX_TAG_LENGTH})
    if len(cleaned) > MAX_TAGS:
        raise ValidationError(_("Ange högst %(n)d taggar.") % {"n": MAX_TAGS})
    return cleaned
