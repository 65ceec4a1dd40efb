"""API of the network under /api/v1/network/, on an organisation's host, acting as it.

Reads public tables only. Every view names its capability per method
(``HasCapability``); errors have the project's one JSON shape.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from network.exchange import selectors, services
from network.exchange.models import (
    IdeaPhase,
    Outcome,
    PopulationBand,
    ProblemSize,
    Publication,
    PublicationKind,
    PublicationStatus,
)
from network.exchange.pagination import CappedPagination
from shared.accounts.people import person_of
from shared.accounts.permissions import HasCapability
from shared.core.api.pagination import Pagination
from shared.core.api.serializers import ErrorSerializer
from shared.organizations.models import Organization

SIMILAR_LIMIT_MAX = 20


def _organization(request: Request) -> Organization:
    tenant = getattr(request, "tenant", None)
    if not isinstance(tenant, Organization) or tenant.schema_name == "public":
        raise Http404
    return tenant


class PublicationListOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.ChoiceField(choices=PublicationKind.choices)
    title = serializers.CharField()
    summary = serializers.CharField()
    area = serializers.CharField()
    category = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    stage = serializers.CharField(help_text="Ideas: test, evaluation or implemented.")
    stage_name = serializers.CharField(help_text="The origin's own name of the idea's stage.")
    outcome = serializers.CharField(help_text="Ideas: the latest evaluation's recommendation.")
    origin_organization_id = serializers.IntegerField(source="organization_id")
    origin_name = serializers.CharField()
    county_code = serializers.CharField()
    municipality_codes = serializers.ListField(child=serializers.CharField())
    population_band = serializers.CharField()
    status = serializers.ChoiceField(choices=PublicationStatus.choices)
    cosign_count = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class CoSignatureOutputSerializer(serializers.Serializer):
    organization_id = serializers.IntegerField()
    organization_name = serializers.CharField()
    county_code = serializers.CharField()
    local_context = serializers.CharField()
    problem_size = serializers.ChoiceField(choices=ProblemSize.choices)
    affected_count = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()


class PublicationDetailOutputSerializer(PublicationListOutputSerializer):
    body = serializers.CharField()
    evidence = serializers.JSONField(
        help_text="Needs: affected. Ideas: tests (with measures and evaluation) and "
        "latest_evaluation (effects, cost, recommendation)."
    )
    contact_role = serializers.CharField()
    contact_name = serializers.CharField(help_text="Only when the person opted in; else empty.")
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    cosignatures = CoSignatureOutputSerializer(many=True, source="cosigners")
    following = serializers.BooleanField(help_text="Whether you follow it, on this host.")


def _detail(publication: Publication) -> dict[str, Any]:
    return dict(PublicationDetailOutputSerializer(publication).data)


def _visible_or_404(request: Request, pk: int) -> Publication:
    publication = selectors.publication_visible(
        pk=pk, organization_id=_organization(request).pk, person_id=request.user.pk
    )
    if publication is None:
        raise Http404
    return publication


class PublicationListApi(APIView):
    """Search the network: Swedish full text and trigram similarity, with filters.

    ``count`` stops at 1,000: a search lists at most that many items.
    """

    permission_classes = [HasCapability]
    pagination_class = CappedPagination
    required_capability = "network.view"

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=200)
        kind = serializers.ChoiceField(choices=PublicationKind.choices, required=False)
        area = serializers.CharField(required=False, allow_blank=True, max_length=200)
        county = serializers.CharField(
            required=False, allow_blank=True, max_length=2, help_text="SCB county code."
        )
        population_band = serializers.ChoiceField(choices=PopulationBand.choices, required=False)
        stage = serializers.ChoiceField(choices=IdeaPhase.choices, required=False)
        outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
        min_cosigns = serializers.IntegerField(
            required=False, min_value=1, help_text="Co-signed by at least this many others."
        )

    @extend_schema(
        operation_id="network_publications_list",
        summary="Search the network; newest first without words",
        parameters=[FilterSerializer],
        responses={
            200: PublicationListOutputSerializer(many=True),
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = self.pagination_class()
        # A queryset, or a RankedSearch that CappedPagination pages in one query.
        results: Any = selectors.publication_search(
            filters=selectors.SearchFilters.of(dict(filters.validated_data))
        )
        page = paginator.paginate_queryset(results, request, view=self)
        return paginator.get_paginated_response(
            PublicationListOutputSerializer(page, many=True).data
        )


class PublicationDetailApi(APIView):
    """One item with its evidence and co-signers."""

    permission_classes = [HasCapability]
    required_capability = "network.view"

    @extend_schema(
        operation_id="network_publications_retrieve",
        summary="Read one network item",
        responses={
            200: PublicationDetailOutputSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(_visible_or_404(request, pk)))


class FollowOutputSerializer(serializers.Serializer):
    following = serializers.BooleanField()


class PublicationFollowApi(APIView):
    """Follow an item (POST) or stop following it (DELETE), as a member of this organisation."""

    permission_classes = [HasCapability]
    required_capability = "network.view"

    @extend_schema(
        operation_id="network_publications_follow",
        summary="Follow a network item",
        request=None,
        responses={
            200: FollowOutputSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        return self._set(request, pk, following=True)

    @extend_schema(
        operation_id="network_publications_unfollow",
        summary="Stop following a network item",
        request=None,
        responses={
            200: FollowOutputSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def delete(self, request: Request, pk: int) -> Response:
        return self._set(request, pk, following=False)

    def _set(self, request: Request, pk: int, *, following: bool) -> Response:
        publication = _visible_or_404(request, pk)
        state = services.follow_set(
            publication_id=publication.pk,
            person=person_of(request),
            organization=_organization(request),
            following=following,
        )
        return Response({"following": state})


class CoSignatureApi(APIView):
    """Co-sign another organisation's need (POST), or take the co-signature back (DELETE)."""

    permission_classes = [HasCapability]
    required_capability = "network.cosign"

    class CoSignInputSerializer(serializers.Serializer):
        local_context = serializers.CharField(max_length=5_000)
        problem_size = serializers.ChoiceField(choices=ProblemSize.choices)
        affected_count = serializers.IntegerField(min_value=0, required=False, allow_null=True)

    @extend_schema(
        operation_id="network_cosignatures_create",
        summary="Co-sign a need: we have this need too",
        request=CoSignInputSerializer,
        responses={
            201: PublicationDetailOutputSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        publication = _visible_or_404(request, pk)
        data = self.CoSignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.cosignature_create(
            publication_id=publication.pk,
            organization=_organization(request),
            by=person_of(request),
            **data.validated_data,
        )
        return Response(_detail(_visible_or_404(request, pk)), status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="network_cosignatures_withdraw",
        summary="Take back this organisation's co-signature",
        request=None,
        responses={
            200: PublicationDetailOutputSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def delete(self, request: Request, pk: int) -> Response:
        publication = _visible_or_404(request, pk)
        services.cosignature_withdraw(
            publication_id=publication.pk,
            organization=_organization(request),
            by=person_of(request),
        )
        return Response(_detail(_visible_or_404(request, pk)))


class SharedNeedOutputSerializer(PublicationListOutputSerializer):
    organization_count = serializers.SerializerMethodField()
    cosignatures = CoSignatureOutputSerializer(many=True, source="cosigners")

    def get_organization_count(self, publication: Publication) -> int:
        """The origin and every co-signer."""
        return 1 + publication.cosign_count


class SharedNeedListApi(APIView):
    """Needs shared by at least N organisations (origin included), most shared first."""

    permission_classes = [HasCapability]
    pagination_class = Pagination
    required_capability = "network.view"

    class FilterSerializer(serializers.Serializer):
        n = serializers.IntegerField(
            required=False,
            min_value=1,
            default=selectors.SHARED_NEEDS_MIN_DEFAULT,
            help_text="At least this many organisations, the origin included.",
        )

    @extend_schema(
        operation_id="network_shared_needs_list",
        summary="Needs shared by at least N organisations",
        parameters=[FilterSerializer],
        responses={
            200: SharedNeedOutputSerializer(many=True),
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.shared_needs(min_organizations=filters.validated_data["n"]),
            request,
            view=self,
        )
        return paginator.get_paginated_response(SharedNeedOutputSerializer(page, many=True).data)


class SimilarApi(APIView):
    """Similar work elsewhere: published items of other organisations that resemble a text."""

    permission_classes = [HasCapability]
    required_capability = "network.view"

    class FilterSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=4_000, help_text="What is being written.")
        title = serializers.CharField(required=False, allow_blank=True, max_length=200)
        limit = serializers.IntegerField(
            required=False, min_value=1, max_value=SIMILAR_LIMIT_MAX, default=5
        )

    @extend_schema(
        operation_id="network_similar_list",
        summary="Published items of other organisations that resemble a text",
        parameters=[FilterSerializer],
        responses={
            200: PublicationListOutputSerializer(many=True),
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        items = selectors.publication_similar(
            **filters.validated_data, exclude_organization_id=_organization(request).pk
        )
        return Response(PublicationListOutputSerializer(items, many=True).data)
