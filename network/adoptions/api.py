"""API of adoptions on an organisation's host, under ``/api/v1/network/``: public rows only.

An item's spread (its adopters and the evaluations that flowed back), and the
areas this organisation follows for its weekly digest. Taking an item in is
``tenants.adopted.api`` (it writes this organisation's own schema).
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from network.adoptions import selectors, services
from network.adoptions.models import AdoptedKind, AdoptionCategory, Recommendation
from shared.accounts.people import person_of
from shared.accounts.permissions import HasCapability
from shared.core.api.serializers import ErrorSerializer
from shared.core.tenancy import current_organization
from shared.organizations.models import Organization


def _organization() -> Organization:
    organization = current_organization()
    if organization is None:
        raise Http404
    return organization


class OrganizationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    county_code = serializers.CharField()
    population = serializers.IntegerField()


class AdopterOutputSerializer(serializers.Serializer):
    organization = OrganizationOutputSerializer()
    category = serializers.ChoiceField(choices=AdoptionCategory.choices)
    local_kind = serializers.ChoiceField(choices=AdoptedKind.choices)
    adopted_at = serializers.DateTimeField()


class EvidenceReportOutputSerializer(serializers.Serializer):
    organization = OrganizationOutputSerializer()
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    effects = serializers.CharField()
    actual_cost_sek = serializers.DecimalField(max_digits=12, decimal_places=2)
    measures_total = serializers.IntegerField()
    measures_met = serializers.IntegerField()
    evaluated_on = serializers.DateField()
    population_served = serializers.IntegerField()


class SpreadOutputSerializer(serializers.Serializer):
    publication = serializers.IntegerField()
    adopters = AdopterOutputSerializer(many=True)
    evaluations = EvidenceReportOutputSerializer(many=True)


class PublicationSpreadApi(APIView):
    """Every organisation that took a published item in, and the evaluations that flowed back."""

    permission_classes = [HasCapability]
    required_capability = "network.view"

    @extend_schema(
        operation_id="network_publication_spread",
        summary="Adopters of a network item and their evaluations (evidence flowing back)",
        responses={200: SpreadOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        publication = selectors.publication_visible_to(
            publication_id=pk, organization=_organization()
        )
        if publication is None:
            raise Http404
        spread = selectors.spread_of(publication_id=publication.pk)
        return Response(
            SpreadOutputSerializer(
                {
                    "publication": publication.pk,
                    "adopters": spread.adoptions,
                    "evaluations": spread.reports,
                }
            ).data
        )


class FollowedAreaOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    area = serializers.CharField()


class FollowedAreaListApi(APIView):
    """The areas this organisation follows; its weekly digest lists new items in them."""

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "network.view", "POST": "network.adopt"}

    @extend_schema_serializer(component_name="FollowedAreaInput")
    class InputSerializer(serializers.Serializer):
        area = serializers.CharField(max_length=200)

    @extend_schema(
        operation_id="network_areas_list",
        summary="Areas this organisation follows",
        responses={200: FollowedAreaOutputSerializer(many=True), 403: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        areas = selectors.followed_areas(organization=_organization())
        return Response(FollowedAreaOutputSerializer(areas, many=True).data)

    @extend_schema(
        operation_id="network_areas_follow",
        summary="Follow an area (once; following it again changes nothing)",
        request=InputSerializer,
        responses={201: FollowedAreaOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        followed = services.area_follow(
            organization=_organization(), area=data.validated_data["area"], by=person_of(request)
        )
        return Response(FollowedAreaOutputSerializer(followed).data, status=status.HTTP_201_CREATED)


class FollowedAreaDetailApi(APIView):
    """Stop following an area."""

    permission_classes = [HasCapability]
    required_capability = "network.adopt"

    @extend_schema(
        operation_id="network_areas_unfollow",
        summary="Stop following an area",
        responses={204: None, 403: ErrorSerializer},
    )
    def delete(self, request: Request, pk: int) -> Response:
        services.area_unfollow(organization=_organization(), area_id=pk, by=person_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
