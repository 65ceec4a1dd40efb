"""API of adoptions made by this organisation, under ``/api/v1/network/adoptions/``.

Taking an item in writes this organisation's own schema through its own
services, in the request of its own person; the list reads public rows.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from network.adoptions import selectors as network_selectors
from network.adoptions.models import AdoptedKind, Adoption, AdoptionCategory
from shared.accounts.people import person_of
from shared.accounts.permissions import HasCapability
from shared.core.api.pagination import Pagination
from shared.core.api.serializers import ErrorSerializer
from shared.core.tenancy import current_organization
from tenants.adopted import services
from tenants.ideas.models import Stage


class AdoptionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    publication = serializers.IntegerField(source="publication_id")
    publication_title = serializers.CharField(source="publication.title")
    origin_organization = serializers.CharField(source="publication.organization.name")
    category = serializers.ChoiceField(choices=AdoptionCategory.choices)
    local_kind = serializers.ChoiceField(choices=AdoptedKind.choices)
    local_id = serializers.IntegerField(
        source="local_source_id", help_text="The new idea's or method's id in this organisation."
    )
    starting_stage = serializers.CharField(
        help_text="Stage key the idea started in; '' for a method."
    )
    adopted_at = serializers.DateTimeField()


class AdoptionListApi(APIView):
    """What this organisation took in from the network, or take a published item in."""

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "network.view", "POST": "network.adopt"}
    pagination_class = Pagination

    @extend_schema_serializer(component_name="AdoptionInput")
    class InputSerializer(serializers.Serializer):
        publication = serializers.IntegerField(min_value=1, help_text="The network item's id.")
        category = serializers.ChoiceField(choices=AdoptionCategory.choices)
        starting_stage = serializers.SlugField(
            required=False,
            allow_blank=True,
            default="",
            help_text="Key of an open stage for an idea to start in; the entry stage if blank.",
        )

    @extend_schema(
        operation_id="network_adoptions_list",
        summary="Items this organisation adopted, newest first",
        responses={200: AdoptionOutputSerializer(many=True), 403: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        organization = current_organization()
        if organization is None:
            raise Http404
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            network_selectors.adoptions_by(organization=organization), request, view=self
        )
        return paginator.get_paginated_response(AdoptionOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="network_adoptions_create",
        summary="Adopt a published idea or method into this organisation's lock",
        request=InputSerializer,
        responses={201: AdoptionOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = data.validated_data
        stage = None
        if values["starting_stage"]:
            stage = Stage.objects.filter(key=values["starting_stage"]).first()
            if stage is None:
                raise ValidationError({"starting_stage": [_unknown_stage()]})
        provenance = services.adoption_create(
            publication_id=values["publication"],
            category=values["category"],
            starting_stage=stage,
            by=person_of(request),
        )
        adoption = Adoption.objects.select_related("publication__organization").get(
            pk=provenance.adoption_id
        )
        return Response(AdoptionOutputSerializer(adoption).data, status=status.HTTP_201_CREATED)


def _unknown_stage() -> str:
    from django.utils.translation import gettext as _

    return _("Välj ett pågående steg som används.")
