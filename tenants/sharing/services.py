"""Publishing to the network from inside an organisation's own lock, and keeping it current.

These services run in the organisation's schema (a request on its host, or a
task sent from there). The search path reaches ``public`` on the same
connection, so the public snapshot, the tenant's audit row and the source row
are written in one transaction. Publications name their source by value.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.exchange.models import (
    PopulationBand,
    Publication,
    PublicationKind,
    PublicationStatus,
)
from shared.accounts.models import Person
from shared.core import tenancy
from shared.core.services import audit_record
from shared.organizations.models import Organization
from tenants.audit.services import audit_event_record
from tenants.ideas.models import Idea, Stage, StageKind
from tenants.library.models import Method
from tenants.needs.models import Need, NeedStatus
from tenants.sharing import snapshots

CONTACT_ROLE_MAX_LENGTH = 200
TEST_STAGE_KEY = "test"


def _organization() -> Organization:
    organization = tenancy.current_organization()
    if organization is None:
        raise RuntimeError("Publishing runs in an organisation's schema, not in public.")
    return organization


def default_contact_role(organization: Organization) -> str:
    """How an item names its contact when nobody is named: the organisation's idea lock."""
    return _("Idéslussen i %(name)s") % {"name": organization.name}


def idea_has_reached_test(idea: Idea) -> bool:
    """Tell whether ``idea`` is at test or later: a trial planned, or a stage at or past test."""
    if idea.merged_into_id is not None:
        return False
    if idea.trials.exists():
        return True
    if idea.stage.kind == StageKind.DONE:
        return True
    if idea.stage.kind == StageKind.CLOSED:
        return False
    test = Stage.objects.filter(key=TEST_STAGE_KEY).only("position").first()
    return test is not None and idea.stage.position >= test.position


def _refusals(kind: str, row: Need | Idea | Method) -> list[str]:
    if isinstance(row, Need) and row.status == NeedStatus.WITHDRAWN:
        return [_("Behovet är återkallat och kan inte publiceras.")]
    if isinstance(row, Idea) and not idea_has_reached_test(row):
        return [
            _(
                "Bara idéer som har nått test eller längre kan publiceras i nätverket, "
                "med sina tester och sin utvärdering."
            )
        ]
    return []


def _origin_fields(organization: Organization) -> dict[str, object]:
    return {
        "origin_name": organization.name,
        "county_code": organization.county_code,
        "municipality_codes": list(organization.municipality_codes),
        "population_band": (
            PopulationBand.for_population(organization.population)
            if organization.population
            else ""
        ),
    }


def _locked_publication(
    organization: Organization, kind: str, source_id: int
) -> Publication | None:
    return (
        Publication.objects.select_for_update()
        .filter(organization=organization, kind=kind, source_id=source_id)
        .first()
    )


@transaction.atomic
def publication_publish(
    *,
    kind: str,
    source_id: int,
    by: Person,
    contact_role: str = "",
    show_contact_name: bool = False,
) -> Publication:
    """Publish a need, an idea at test or later, or a method to the network (or update its card).

    The snapshot holds only the whitelisted fields of ``tenants.sharing.snapshots``.
    ``contact_role`` names who answers ("idéslussen i Lerum"); the publisher's
    own name is shown only when they opt in with ``show_contact_name``.
    """
    organization = _organization()
    if kind not in PublicationKind.values:
        raise ValidationError({"kind": [_("Okänd typ av publicering.")]})
    contact_role = (contact_role or "").strip() or default_contact_role(organization)
    if len(contact_role) > CONTACT_ROLE_MAX_LENGTH:
        raise ValidationError(
            {"contact_role": [_("Högst %(n)d tecken.") % {"n": CONTACT_ROLE_MAX_LENGTH}]}
        )
    row = snapshots.source_row(kind, source_id)
    if row is None:
        raise ValidationError({"source_id": [_("Det finns inget sådant att publicera.")]})
    refusals = _refusals(kind, row)
    if refusals:
        raise ValidationError({"source_id": refusals})

    snapshot = snapshots.snapshot_of(kind, row)
    now = timezone.now()
    values = {
        **snapshot.as_fields(),
        **_origin_fields(organization),
        "snapshot_digest": snapshot.digest(),
        "contact_role": contact_role,
        "contact_name": by.full_name if show_contact_name else "",
        "status": PublicationStatus.PUBLISHED,
        "withdrawn_at": None,
        "updated_at": now,
    }
    publication = _locked_publication(organization, kind, source_id)
    republished = publication is None or not publication.is_published
    if publication is None:
        publication = Publication.objects.create(
            organization=organization, kind=kind, source_id=source_id, published_at=now, **values
        )
    else:
        for name, value in values.items():
            setattr(publication, name, value)
        if republished:
            publication.published_at = now
        publication.save()
    audit_event_record(
        actor=by,
        action="network.published" if republished else "network.publication_updated",
        obj=row,
        after={
            "publication": publication.pk,
            "kind": kind,
            "contact_role": contact_role,
            "contact_name_shown": show_contact_name,
        },
    )
    return publication


@transaction.atomic
def publication_withdraw(*, kind: str, source_id: int, by: Person, reason: str = "") -> Publication:
    """Withdraw an item from the network; those who adopted it keep what they took."""
    organization = _organization()
    publication = _locked_publication(organization, kind, source_id)
    if publication is None or not publication.is_published:
        raise ValidationError({"source_id": [_("Det är inte publicerat i nätverket.")]})
    publication.status = PublicationStatus.WITHDRAWN
    publication.withdrawn_at = publication.updated_at = timezone.now()
    publication.save(update_fields=["status", "withdrawn_at", "updated_at"])
    row = snapshots.source_row(kind, source_id)
    if row is not None:
        audit_event_record(
            actor=by,
            action="network.withdrawn",
            obj=row,
            after={"publication": publication.pk, "kind": kind, "reason": reason.strip()},
        )
    else:
        audit_record(
            actor=by,
            action="network.withdrawn",
            organization=organization,
            target=f"publication:{publication.pk}",
        )
    return publication


@transaction.atomic
def publication_refresh(*, kind: str, source_id: int) -> bool:
    """Bring a published item's snapshot up to date with its source; tell whether it changed.

    Idempotent: the same content writes nothing. A source that is gone, or a
    need withdrawn in the needs bank, takes the item off the network.
    """
    organization = _organization()
    publication = _locked_publication(organization, kind, source_id)
    if publication is None or not publication.is_published:
        return False
    row = snapshots.source_row(kind, source_id)
    now = timezone.now()
    if row is None or (isinstance(row, Need) and row.status == NeedStatus.WITHDRAWN):
        publication.status = PublicationStatus.WITHDRAWN
        publication.withdrawn_at = publication.updated_at = now
        publication.save(update_fields=["status", "withdrawn_at", "updated_at"])
        audit_record(
            actor=None,
            action="network.withdrawn",
            organization=organization,
            target=f"publication:{publication.pk}",
            after={"reason": "source gone" if row is None else "need withdrawn"},
        )
        return True
    snapshot = snapshots.snapshot_of(kind, row)
    values = {**snapshot.as_fields(), **_origin_fields(organization)}
    values["snapshot_digest"] = snapshot.digest()
    changed = {name: value for name, value in values.items() if getattr(publication, name) != value}
    if not changed:
        return False
    for name, value in changed.items():
        setattr(publication, name, value)
    publication.updated_at = now
    publication.save(update_fields=[*changed, "updated_at"])
    return True
