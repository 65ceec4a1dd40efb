"""Network rows that change two organisations' figures: mark both after commit."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from network.adoptions.models import Adoption
from network.exchange.models import CoSignature, Publication
from network.figures.hooks import organization_changed
from network.pilots.models import Participant, Pilot


@receiver([post_save, post_delete], sender=Adoption, dispatch_uid="figures_adoption")
@receiver([post_save, post_delete], sender=CoSignature, dispatch_uid="figures_cosignature")
def _network_row_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    organization_changed(organization_id=instance.organization_id)
    origin_id = (
        Publication.objects.filter(pk=instance.publication_id)
        .values_list("organization_id", flat=True)
        .first()
    )
    if origin_id is not None and origin_id != instance.organization_id:
        organization_changed(organization_id=origin_id)


@receiver([post_save, post_delete], sender=Publication, dispatch_uid="figures_publication")
def _publication_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    organization_changed(organization_id=instance.organization_id)


@receiver([post_save, post_delete], sender=Pilot, dispatch_uid="figures_pilot")
def _pilot_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    organization_changed(organization_id=instance.organization_id)


@receiver([post_save, post_delete], sender=Participant, dispatch_uid="figures_pilot_participant")
def _pilot_participant_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    organization_changed(organization_id=instance.organization_id)
