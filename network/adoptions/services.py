"""Writes on the public side of adoptions: the areas an organisation follows for its digest.

Adopting itself is the adopter's own service (``tenants.adopted.services``):
it writes the new idea in the adopter's schema and the public row together.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from network.adoptions.models import FollowedArea
from shared.accounts.models import Person
from shared.core.services import audit_record
from shared.organizations.models import Organization

AREA_MAX_LENGTH = 200
AREAS_MAX = 30


@transaction.atomic
def area_follow(*, organization: Organization, area: str, by: Person) -> FollowedArea:
    """Follow an area (bevaka ett område): the weekly digest lists new items in it. Once."""
    area = " ".join((area or "").split())
    if not area:
        raise ValidationError({"area": [_("Ange ett område.")]})
    if len(area) > AREA_MAX_LENGTH:
        raise ValidationError(
            {"area": [_("Området får vara högst %(max)d tecken.") % {"max": AREA_MAX_LENGTH}]}
        )
    # Lock the organisation's row so two requests cannot pass the limit together.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    existing = FollowedArea.objects.filter(organization=organization, area__iexact=area).first()
    if existing is not None:
        return existing
    if FollowedArea.objects.filter(organization=organization).count() >= AREAS_MAX:
        raise ValidationError({"area": [_("Bevaka högst %(max)d områden.") % {"max": AREAS_MAX}]})
    followed = FollowedArea.objects.create(organization=organization, area=area)
    audit_record(
        actor=by,
        action="network.area_followed",
        organization=organization,
        target=area,
        after={"area": area},
    )
    return followed


@transaction.atomic
def area_unfollow(*, organization: Organization, area_id: int, by: Person) -> None:
    """Stop following an area; nothing happens if it was not followed."""
    followed = FollowedArea.objects.filter(organization=organization, pk=area_id).first()
    if followed is None:
        return
    followed.delete()
    audit_record(
        actor=by,
        action="network.area_unfollowed",
        organization=organization,
        target=followed.area,
        before={"area": followed.area},
    )
