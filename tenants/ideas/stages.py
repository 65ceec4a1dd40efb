"""Configure the pipeline's stages per organisation (names, order, new stages, retiring one)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from shared.accounts.models import Person
from tenants.audit.services import audit_event_record, snapshot
from tenants.ideas.models import Stage, StageKind

STAGE_FIELDS = ("key", "name_sv", "name_en", "kind", "position", "is_active")
# Stages the platform's own rules rely on: they can be renamed, never retired.
REQUIRED_KEYS = frozenset({"merged"})


@transaction.atomic
def stage_create(*, name_sv: str, name_en: str, kind: str, by: Person) -> Stage:
    """Add a stage at the end of its kind's group; its key comes from the Swedish name."""
    name_sv, name_en = name_sv.strip(), name_en.strip()
    errors: dict[str, list[str]] = {}
    if not name_sv:
        errors["name_sv"] = [_("Ange stegets namn på svenska.")]
    if not name_en:
        errors["name_en"] = [_("Ange stegets namn på engelska.")]
    if kind not in StageKind.values:
        errors["kind"] = [_("Välj pågående, införd eller avslutad.")]
    key = slugify(name_sv.replace("å", "a").replace("ä", "a").replace("ö", "o"))[:40]
    if name_sv and (not key or Stage.objects.filter(key=key).exists()):
        errors["name_sv"] = [_("Det finns redan ett steg med det namnet.")]
    if errors:
        raise ValidationError(errors)
    last = Stage.objects.aggregate(last=Max("position"))["last"] or 0
    stage = Stage.objects.create(
        key=key, name_sv=name_sv, name_en=name_en, kind=kind, position=last + 10
    )
    audit_event_record(
        actor=by, action="stage.created", obj=stage, after=snapshot(stage, STAGE_FIELDS)
    )
    return stage


@transaction.atomic
def stage_update(
    *, stage: Stage, name_sv: str, name_en: str, position: int, is_active: bool, by: Person
) -> Stage:
    """Rename, reorder, retire or bring back a stage; ideas in it keep their history."""
    before = snapshot(stage, STAGE_FIELDS)
    errors: dict[str, list[str]] = {}
    if not name_sv.strip():
        errors["name_sv"] = [_("Ange stegets namn på svenska.")]
    if not name_en.strip():
        errors["name_en"] = [_("Ange stegets namn på engelska.")]
    if position < 0:
        errors["position"] = [_("Ordningen är ett tal från 0 och uppåt.")]
    if not is_active:
        if stage.is_entry:
            errors["is_active"] = [_("Nya idéer hamnar i det här steget; det kan inte tas bort.")]
        elif stage.key in REQUIRED_KEYS:
            errors["is_active"] = [_("Sammanslagning behöver det här steget.")]
        elif stage.ideas.exists():
            errors["is_active"] = [
                _("%(count)d idéer står i steget. Flytta dem först.")
                % {"count": stage.ideas.count()}
            ]
    if errors:
        raise ValidationError(errors)
    stage.name_sv, stage.name_en = name_sv.strip(), name_en.strip()
    stage.position, stage.is_active = position, is_active
    stage.save(update_fields=["name_sv", "name_en", "position", "is_active"])
    audit_event_record(
        actor=by,
        action="stage.updated",
        obj=stage,
        before=before,
        after=snapshot(stage, STAGE_FIELDS),
    )
    return stage


def stage_list_all() -> list[Stage]:
    """Every stage, retired ones too, in pipeline order."""
    return list(Stage.objects.order_by("position", "pk"))
