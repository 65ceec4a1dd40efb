"""API for the needs bank (behovsbank)."""

from __future__ import annotations

from typing import cast

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared.accounts.models import Person
from shared.accounts.permissions import HasCapability
from shared.core.api.pagination import Pagination
from shared.core.api.serializers import ErrorSerializer
from tenants.contacts.models import Audience
from tenants.needs import selectors, services
from tenants.needs.models import Need, NeedStatus


class NeedOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    unit = serializers.CharField()
    affected = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    # DRF moves declared fields off the class; mypy sees Field.source.
    source = serializers.ChoiceField(choices=Audience.choices)  # type: ignore[assignment]
    status = serializers.ChoiceField(choices=NeedStatus.choices)
    municipality_code = serializers.CharField(
        help_text="In a group of municipalities: the SCB code of the one it concerns (or blank)."
    )
    idea_count = serializers.IntegerField(help_text="Ideas that answer this need.")
    call_count = serializers.IntegerField(help_text="Idea calls about this need.")
    created_at = serializers.DateTimeField()


def _need_or_404(pk: int) -> Need:
    try:
        return selectors.need_get(pk=pk)
    except Need.DoesNotExist as error:
        raise Http404 from error


class NeedListApi(APIView):
    """List the needs bank, or register a need."""

    permission_classes = [HasCapability]
    pagination_class = Pagination
    required_capabilities = {"GET": "needs.view", "POST": "needs.submit"}

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=NeedStatus.choices, required=False)
        source = serializers.ChoiceField(choices=Audience.choices, required=False)  # type: ignore[assignment]
        tag = serializers.CharField(required=False, allow_blank=True)
        q = serializers.CharField(required=False, allow_blank=True, help_text="Search words.")
        municipality_code = serializers.CharField(
            required=False,
            allow_blank=True,
            help_text="SCB code of one of the group's municipalities.",
        )

    class NeedSubmitInputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        description = serializers.CharField()
        unit = serializers.CharField(max_length=200, required=False, allow_blank=True)
        affected = serializers.CharField(required=False, allow_blank=True)
        tags = serializers.ListField(
            child=serializers.CharField(max_length=50), required=False, max_length=20
        )
        source = serializers.ChoiceField(choices=Audience.choices, required=False)  # type: ignore[assignment]
        municipality_code = serializers.CharField(
            max_length=4,
            required=False,
            allow_blank=True,
            help_text="In a group: the SCB code of the municipality it concerns; "
            "by default the member's home municipality.",
        )

    @extend_schema(
        operation_id="needs_list",
        summary="List the needs bank, newest first",
        parameters=[FilterSerializer],
        responses={
            200: NeedOutputSerializer(many=True),
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.need_list(**filters.validated_data), request, view=self
        )
        return paginator.get_paginated_response(NeedOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="needs_submit",
        summary="Register a need",
        request=NeedSubmitInputSerializer,
        responses={201: NeedOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        data = self.NeedSubmitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        need = services.need_submit(**data.validated_data, by=cast(Person, request.user))
        return Response(
            NeedOutputSerializer(selectors.need_get(pk=need.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class NeedDetailApi(APIView):
    """Read one need, or change what it says."""

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "needs.view", "PATCH": "needs.manage"}

    class NeedUpdateInputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200, required=False)
        description = serializers.CharField(required=False)
        unit = serializers.CharField(max_length=200, required=False, allow_blank=True)
        affected = serializers.CharField(required=False, allow_blank=True)
        tags = serializers.ListField(
            child=serializers.CharField(max_length=50), required=False, max_length=20
        )
        source = serializers.ChoiceField(choices=Audience.choices, required=False)  # type: ignore[assignment]

    @extend_schema(
        operation_id="needs_retrieve",
        summary="Read one need",
        responses={200: NeedOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(NeedOutputSerializer(_need_or_404(pk)).data)

    @extend_schema(
        operation_id="needs_update",
        summary="Change what a need says",
        request=NeedUpdateInputSerializer,
        responses={
            200: NeedOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        need = _need_or_404(pk)
        data = self.NeedUpdateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.need_update(need=need, by=cast(Person, request.user), **data.validated_data)
        return Response(NeedOutputSerializer(selectors.need_get(pk=need.pk)).data)


class NeedStatusApi(APIView):
    """Triage a need: give it a new status, with a reason (required when withdrawing)."""

    permission_classes = [HasCapability]
    required_capability = "needs.manage"

    class NeedStatusInputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=NeedStatus.choices)
        reason = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(
        operation_id="needs_set_status",
        summary="Triage a need",
        request=NeedStatusInputSerializer,
        responses={
            200: NeedOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        need = _need_or_404(pk)
        data = self.NeedStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.need_set_status(need=need, by=cast(Person, request.user), **data.validated_data)
        return Response(NeedOutputSerializer(selectors.need_get(pk=need.pk)).data)
