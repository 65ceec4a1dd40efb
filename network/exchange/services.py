"""Writes in the network's public tables: co-signing a need, following an item.

A person acts as a member of the organisation whose host they are on. Each
service validates first, locks the publication, writes its row and the
platform audit row in one transaction; mail to followers goes after commit
(``network.adoptions`` listens for new co-signatures).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from network.exchange.models import (
    CoSignature,
    Follow,
    ProblemSize,
    Publication,
    PublicationKind,
)
from shared.accounts.models import Person
from shared.core.services import audit_record
from shared.organizations.models import Organization

LOCAL_CONTEXT_MAX_LENGTH = 5_000


def _locked_publication(publication_id: int) -> Publication:
    publication = Publication.objects.select_for_update().filter(pk=publication_id).first()
    if publication is None:
        raise ValidationError({"publication": [_("Det finns inget sådant i nätverket.")]})
    return publication


@transaction.atomic
def cosignature_create(
    *,
    publication_id: int,
    organization: Organization,
    by: Person,
    local_context: str,
    problem_size: str,
    affected_count: int | None = None,
) -> CoSignature:
    """ "Vi har också detta behov": ``organization`` co-signs a published need of another.

    With its own local context and the size of the problem there. Once per
    organisation and need; never one's own need, never a withdrawn one.
    """
    publication = _locked_publication(publication_id)
    errors: dict[str, list[str]] = {}
    if not publication.is_published:
        errors["publication"] = [_("Behovet är återkallat från nätverket.")]
    elif publication.kind != PublicationKind.NEED:
        errors["publication"] = [_("Bara behov kan medundertecknas.")]
    elif publication.organization_id == organization.pk:
        errors["publication"] = [_("Ni kan inte medunderteckna ert eget behov.")]
    elif CoSignature.objects.filter(publication=publication, organization=organization).exists():
        errors["publication"] = [_("Ni har redan medundertecknat behovet.")]
    local_context = (local_context or "").strip()
    if not local_context:
        errors["local_context"] = [_("Beskriv hur behovet ser ut hos er.")]
    elif len(local_context) > LOCAL_CONTEXT_MAX_LENGTH:
        errors["local_context"] = [_("Högst %(n)d tecken.") % {"n": LOCAL_CONTEXT_MAX_LENGTH}]
    if problem_size not in ProblemSize.values:
        errors["problem_size"] = [_("Välj hur stort problemet är hos er.")]
    if affected_count is not None and affected_count < 0:
        errors["affected_count"] = [_("Ange ett antal som är noll eller större.")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            cosignature = CoSignature.objects.create(
                publication=publication,
                organization=organization,
                organization_name=organization.name,
                county_code=organization.county_code,
                local_context=local_context,
                problem_size=problem_size,
                affected_count=affected_count,
            )
    except IntegrityError as error:  # a second request of the same organisation won the race
        raise ValidationError(
            {"publication": [_("Ni har redan medundertecknat behovet.")]}
        ) from error
    Publication.objects.filter(pk=publication.pk).update(cosign_count=F("cosign_count") + 1)
    audit_record(
        actor=by,
        action="network.cosigned",
        organization=organization,
        target=f"publication:{publication.pk}",
        after={"problem_size": problem_size, "affected_count": affected_count},
    )
    return cosignature


@transaction.atomic
def cosignature_withdraw(*, publication_id: int, organization: Organization, by: Person) -> None:
    """Take back ``organization``'s co-signature of a need."""
    publication = _locked_publication(publication_id)
    deleted, _rows = CoSignature.objects.filter(
        publication=publication, organization=organization
    ).delete()
    if not deleted:
        raise ValidationError({"publication": [_("Ni har inte medundertecknat behovet.")]})
    Publication.objects.filter(pk=publication.pk).update(cosign_count=F("cosign_count") - 1)
    audit_record(
        actor=by,
        action="network.cosignature_withdrawn",
        organization=organization,
        target=f"publication:{publication.pk}",
    )


@transaction.atomic
def follow_set(
    *, publication_id: int, person: Person, organization: Organization, following: bool
) -> bool:
    """Follow (or stop following) an item as a member of ``organization``; return the new state.

    Idempotent: following twice leaves one follow.
    """
    publication = Publication.objects.filter(pk=publication_id).first()
    if publication is None or (following and not publication.is_published):
        raise ValidationError({"publication": [_("Det går inte att bevaka det här.")]})
    if following:
        Follow.objects.get_or_create(
            publication=publication, person=person, organization=organization
        )
    else:
        Follow.objects.filter(
            publication=publication, person=person, organization=organization
        ).delete()
    return following
