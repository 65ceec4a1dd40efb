"""API for the needs bank."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared.accounts.permissions import HasCapability
from shared.core.api.pagination import Pagination
from shared.core.api.serializers import ErrorSerializer
from tenants.needs import selectors, services
from tenants.needs.models import NeedStatus


class NeedOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    unit = serializers.CharField()
    status = serializers.ChoiceField(choices=NeedStatus.choices)
    created_at = serializers.DateTimeField()


class NeedListApi(APIView):
    """List the needs bank, or register a need."""

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "needs.view", "POST": "needs.submit"}

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=NeedStatus.choices, required=False)

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        description = serializers.CharField()
        unit = serializers.CharField(max_length=200, required=False, allow_blank=True)

    @extend_schema(
        parameters=[FilterSerializer],
        responses={200: NeedOutputSerializer(many=True), 403: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.need_list(**filters.validated_data), request, view=self
        )
        return paginator.get_paginated_response(NeedOutputSerializer(page, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: NeedOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        need = services.need_submit(**data.validated_data, by=request.user)
        return Response(NeedOutputSerializer(need).data, status=status.HTTP_201_CREATED)
