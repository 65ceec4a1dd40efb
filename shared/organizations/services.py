"""Writes on organisations: provisioning, status changes, the platform's own row."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared.accounts import services as account_services
from shared.accounts.models import Person, Role
from shared.core import geography
from shared.core.services import audit_record
from shared.fleet import connections as fleet_connections
from shared.organizations import schemas
from shared.organizations.models import (
    SERVING_KINDS,
    Domain,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    ProvisioningRequest,
    ProvisioningStatus,
    ProvisioningStep,
    ServedMunicipality,
)

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,38}[a-z0-9]$")
HOST_LABEL_PATTERN = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# Sub-domains the platform keeps for itself.
RESERVED_SLUGS = frozenset({"www", "api", "admin", "public", "static", "media", "mail", "platform"})

# Called with a percentage and a ProvisioningStep code.
ProgressCallback = Callable[[int, str], None]


@dataclass(frozen=True)
class NewOrganization:
    """Checked and normalised input for a new organisation."""

    name: str
    slug: str
    kind: str
    municipality_codes: list[str]
    domain: str
    admin_email: str = ""
    admin_name: str = ""


def _no_progress(percent: int, step: str) -> None:
    """Accept progress reports nobody listens to."""


def organization_validate_new(
    *,
    name: str,
    slug: str,
    kind: str,
    municipality_codes: Sequence[str],
    domain: str = "",
    admin_email: str = "",
    admin_name: str = "",
) -> NewOrganization:
    """Check the input for a new organisation; return it cleaned or raise ``ValidationError``.

    The first admin (``admin_email``, ``admin_name``) is optional here; when
    named, both are needed and they are invited by mail once the organisation exists.

    Every problem is reported at once, keyed by field, so a form can show each
    message next to its field.
    """
    errors: dict[str, list[str]] = {}
    name = name.strip()
    slug = slug.strip().lower()
    codes = [code.strip() for code in municipality_codes if code.strip()]
    domain = (domain.strip().lower() or f"{slug}.{settings.BASE_DOMAIN}").rstrip(".")

    if not name:
        errors.setdefault("name", []).append(_("Ange organisationens namn."))
    if not SLUG_PATTERN.match(slug):
        errors.setdefault("slug", []).append(
            _(
                "Kortnamnet får bara innehålla a–z, 0–9 och bindestreck, börja med en bokstav "
                "och vara 2–40 tecken."
            )
        )
    elif slug in RESERVED_SLUGS:
        errors.setdefault("slug", []).append(
            _("Kortnamnet ”%(slug)s” är reserverat.") % {"slug": slug}
        )
    elif Organization.objects.filter(slug=slug).exists():
        errors.setdefault("slug", []).append(
            _("Det finns redan en organisation med kortnamnet ”%(slug)s”.") % {"slug": slug}
        )
    if kind not in OrganizationKind.values or kind == OrganizationKind.PLATFORM:
        errors.setdefault("kind", []).append(_("Välj kommun, kommungrupp eller partner."))

    unknown = geography.unknown_codes(codes)
    if unknown:
        errors.setdefault("municipality_codes", []).append(
            _("Okända kommunkoder: %(codes)s. Ange SCB:s fyrsiffriga koder, t.ex. 0687 för Tranås.")
            % {"codes": ", ".join(unknown)}
        )
    elif len(set(codes)) != len(codes):
        errors.setdefault("municipality_codes", []).append(_("Samma kommun finns med två gånger."))
    elif kind == OrganizationKind.MUNICIPALITY and len(codes) != 1:
        errors.setdefault("municipality_codes", []).append(_("En kommun anger exakt en kommunkod."))
    elif kind == OrganizationKind.MUNICIPALITY_GROUP and len(codes) < 2:
        errors.setdefault("municipality_codes", []).append(
            _("En kommungrupp anger minst två kommunkoder.")
        )
    if "municipality_codes" not in errors and kind in SERVING_KINDS:
        served = municipality_served_elsewhere(codes=codes)
        if served:
            errors.setdefault("municipality_codes", []).append(_served_message(served))

    if not _is_valid_host(domain):
        errors.setdefault("domain", []).append(
            _("”%(domain)s” är inget giltigt domännamn.") % {"domain": domain}
        )
    elif domain == settings.BASE_DOMAIN:
        errors.setdefault("domain", []).append(_("Basdomänen tillhör den publika webbplatsen."))
    elif Domain.objects.filter(domain=domain).exists():
        errors.setdefault("domain", []).append(
            _("Domänen ”%(domain)s” används redan.") % {"domain": domain}
        )

    admin_email = admin_email.strip().lower()
    admin_name = admin_name.strip()
    if admin_email or admin_name:
        try:
            validate_email(admin_email)
        except ValidationError:
            errors.setdefault("admin_email", []).append(
                _("Ange den första administratörens e-postadress.")
            )
        if not admin_name:
            errors.setdefault("admin_name", []).append(_("Ange den första administratörens namn."))

    if errors:
        raise ValidationError(errors)
    return NewOrganization(
        name=name,
        slug=slug,
        kind=kind,
        municipality_codes=codes,
        domain=domain,
        admin_email=admin_email,
        admin_name=admin_name,
    )


def municipality_served_elsewhere(
    *, codes: Sequence[str], organization: Organization | None = None
) -> dict[str, Organization]:
    """Return, of ``codes``, those already served by another organisation that is not archived.

    A municipality belongs to at most one organisation that serves it (a
    municipality or a group of them; partners only name where they work).
    """
    others = (
        Organization.objects.filter(kind__in=SERVING_KINDS, municipality_codes__overlap=list(codes))
        .exclude(status=OrganizationStatus.ARCHIVED)
        .order_by("created_at", "pk")
    )
    recorded = ServedMunicipality.objects.filter(municipality_code__in=codes).select_related(
        "organization"
    )
    if organization is not None:
        others = others.exclude(pk=organization.pk)
        recorded = recorded.exclude(organization=organization)
    served = {row.municipality_code: row.organization for row in recorded}
    for other in others:
        for code in other.municipality_codes:
            if code in codes:
                served.setdefault(code, other)
    return dict(sorted(served.items()))


def _served_message(served: dict[str, Organization]) -> str:
    known = geography.municipalities()
    taken = "; ".join(
        _("%(municipality)s (%(code)s) tjänas redan av %(organization)s")
        % {
            "municipality": known[code].name if code in known else code,
            "code": code,
            "organization": organization.name,
        }
        for code, organization in served.items()
    )
    return _(
        "%(taken)s. En kommun kan bara tjänas av en organisation i taget; "
        "arkivera den andra organisationen först eller ta bort kommunen härifrån."
    ) % {"taken": taken}


def _serve(organization: Organization) -> None:
    """Record that ``organization`` serves its municipalities; refuse any another one serves."""
    if organization.kind not in SERVING_KINDS or not organization.municipality_codes:
        return
    served = municipality_served_elsewhere(
        codes=organization.municipality_codes, organization=organization
    )
    if served:
        raise ValidationError({"municipality_codes": [_served_message(served)]})
    try:
        with transaction.atomic():
            ServedMunicipality.objects.bulk_create(
                ServedMunicipality(municipality_code=code, organization=organization)
                for code in organization.municipality_codes
                if not ServedMunicipality.objects.filter(
                    municipality_code=code, organization=organization
                ).exists()
            )
    except IntegrityError as error:
        # Another organisation took one of them between the check and the insert.
        raise ValidationError(
            {"municipality_codes": [_("En av kommunerna togs just av en annan organisation.")]}
        ) from error


def _is_valid_host(host: str) -> bool:
    labels = host.split(".")
    return (
        len(host) <= 253 and len(labels) >= 1 and all(HOST_LABEL_PATTERN.match(x) for x in labels)
    )


def schema_name_for(slug: str) -> str:
    """Return the schema name of an organisation: its slug with underscores."""
    return slug.replace("-", "_")


def organization_provision(
    *,
    name: str,
    slug: str,
    kind: str,
    municipality_codes: Sequence[str],
    domain: str = "",
    admin_email: str = "",
    admin_name: str = "",
    status: str = OrganizationStatus.TRIAL,
    strategy: str | None = None,
    by: object | None = None,
    progress: ProgressCallback = _no_progress,
) -> Organization:
    """Create an organisation with its schema and primary domain, all or nothing.

    Row, domain and schema are made in one transaction: PostgreSQL's DDL is
    transactional, so a failure at any step leaves no schema and no rows.
    A first admin, when named, becomes a member with no password set: their
    welcome mail, sent after commit, carries the link to choose one.
    """
    progress(10, ProvisioningStep.VALIDATING)
    cleaned = organization_validate_new(
        name=name,
        slug=slug,
        kind=kind,
        municipality_codes=municipality_codes,
        domain=domain,
        admin_email=admin_email,
        admin_name=admin_name,
    )
    codes = cleaned.municipality_codes
    progress(30, ProvisioningStep.CREATING_SCHEMA)
    try:
        with transaction.atomic():
            organization = Organization.objects.create(
                schema_name=schema_name_for(cleaned.slug),
                name=cleaned.name,
                slug=cleaned.slug,
                kind=kind,
                municipality_codes=codes,
                county_code=_county_of(codes),
                population=geography.population_of(codes),
                status=status,
            )
            Domain.objects.create(domain=cleaned.domain, tenant=organization, is_primary=True)
            if status != OrganizationStatus.ARCHIVED:
                _serve(organization)
            schemas.schema_create(schema_name=organization.schema_name, strategy=strategy)
            audit_record(
                actor=by,
                organization=organization,
                action="organization.provisioned",
                after={"slug": organization.slug, "kind": kind, "codes": codes},
            )
            if cleaned.admin_email:
                progress(80, ProvisioningStep.INVITING_ADMIN)
                account_services.membership_add(
                    organization=organization,
                    email=cleaned.admin_email,
                    full_name=cleaned.admin_name,
                    role=Role.ADMIN,
                    by=by,
                )
    except IntegrityError as error:
        # Another request took the slug or domain between validation and insert.
        raise ValidationError(
            {"slug": [_("Kortnamnet eller domänen togs just av en annan organisation.")]}
        ) from error
    # The new schema and the template: a worker provisioning all day stays as fast as at first.
    fleet_connections.schemas_touched(2)
    progress(100, ProvisioningStep.DONE)
    return organization


def _county_of(codes: Sequence[str]) -> str:
    """The county of the host municipality (the first code), or blank for none."""
    if not codes:
        return ""
    return geography.municipalities()[codes[0]].county_code


@transaction.atomic
def organization_set_status(
    *, organization: Organization, status: str, by: object | None = None
) -> Organization:
    """Change an organisation's lifecycle status; archiving keeps every row and the schema."""
    if status not in OrganizationStatus.values:
        raise ValidationError({"status": [_("Okänd status.")]})
    if organization.kind == OrganizationKind.PLATFORM:
        raise ValidationError({"status": [_("Plattformens egen organisation har ingen status.")]})
    before = organization.status
    if status == OrganizationStatus.ARCHIVED:
        ServedMunicipality.objects.filter(organization=organization).delete()
    elif before == OrganizationStatus.ARCHIVED:
        _serve(organization)
    organization.status = status
    organization.save(update_fields=["status"])
    audit_record(
        actor=by,
        organization=organization,
        action="organization.status_changed",
        before={"status": before},
        after={"status": status},
    )
    return organization


def organization_archive(*, organization: Organization, by: object | None = None) -> Organization:
    """Archive an organisation: its members keep read access and exports; nothing is deleted."""
    return organization_set_status(
        organization=organization, status=OrganizationStatus.ARCHIVED, by=by
    )


def platform_organization_ensure() -> Organization:
    """Create (or update) the row that owns the public schema and the base domain."""
    organization, _created = Organization.objects.get_or_create(
        schema_name=settings.PUBLIC_SCHEMA_NAME,
        defaults={
            "name": "Idésluss",
            "slug": "platform",
            "kind": OrganizationKind.PLATFORM,
            "status": OrganizationStatus.ACTIVE,
        },
    )
    Domain.objects.update_or_create(
        domain=settings.BASE_DOMAIN, defaults={"tenant": organization, "is_primary": True}
    )
    return organization


# --- Provisioning requests (the admin's way in: a task does the work) ------------


@transaction.atomic
def provisioning_request_create(
    *,
    name: str,
    slug: str,
    kind: str,
    municipality_codes: Sequence[str],
    domain: str = "",
    admin_email: str = "",
    admin_name: str = "",
    by: object | None = None,
) -> ProvisioningRequest:
    """Record a request to create an organisation and queue the task that carries it out."""
    cleaned = organization_validate_new(
        name=name,
        slug=slug,
        kind=kind,
        municipality_codes=municipality_codes,
        domain=domain,
        admin_email=admin_email,
        admin_name=admin_name,
    )
    request = ProvisioningRequest.objects.create(
        name=cleaned.name,
        slug=cleaned.slug,
        kind=kind,
        municipality_codes=cleaned.municipality_codes,
        domain=cleaned.domain,
        admin_email=cleaned.admin_email,
        admin_name=cleaned.admin_name,
        requested_by=by if isinstance(by, Person) else None,
    )
    from shared.organizations import tasks  # the task module imports this one

    transaction.on_commit(
        lambda: tasks.organization_provision_from_request.delay(request_id=request.pk)
    )
    return request


def provisioning_request_run(*, request_id: int) -> ProvisioningRequest:
    """Carry out a provisioning request, saving its progress as it goes; idempotent."""
    request = ProvisioningRequest.objects.get(pk=request_id)
    if request.is_finished:
        return request

    def report(percent: int, step: str) -> None:
        ProvisioningRequest.objects.filter(pk=request.pk).update(
            status=ProvisioningStatus.RUNNING, progress_percent=percent, step=step
        )

    try:
        organization = organization_provision(
            name=request.name,
            slug=request.slug,
            kind=request.kind,
            municipality_codes=request.municipality_codes,
            domain=request.domain,
            admin_email=request.admin_email,
            admin_name=request.admin_name,
            by=request.requested_by,
            progress=report,
        )
    except ValidationError as error:
        request.status = ProvisioningStatus.FAILED
        request.error = "; ".join(error.messages)
        request.step = ProvisioningStep.ABORTED
    except Exception as error:
        request.status = ProvisioningStatus.FAILED
        request.error = _("Oväntat fel: %(error)s") % {"error": error}
        request.step = ProvisioningStep.ABORTED
        _save_finished(request)
        raise
    else:
        request.status = ProvisioningStatus.SUCCEEDED
        request.organization = organization
        request.progress_percent = 100
        request.step = ProvisioningStep.DONE
    _save_finished(request)
    return request


def _save_finished(request: ProvisioningRequest) -> None:
    request.finished_at = timezone.now()
    request.save()
