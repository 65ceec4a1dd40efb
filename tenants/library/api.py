"""API of the library of methods, tools and testbeds: read only, for ``library.view``."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared.accounts.permissions import HasCapability
from shared.core.api.pagination import Pagination
from shared.core.api.serializers import ErrorSerializer
from tenants.library import selectors
from tenants.library.models import Method, MethodKind
from tenants.trials.models import TrialStatus


class MethodOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=MethodKind.choices)
    title = serializers.CharField()
    description = serializers.CharField()
    location = serializers.CharField()
    file_name = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField(help_text="Download address; null if no file.")
    idea_count = serializers.IntegerField()
    trial_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()

    def get_file_name(self, method: Method) -> str | None:
        return PurePath(method.file.name).name if method.file else None

    def get_file_url(self, method: Method) -> str | None:
        return reverse("method-file", args=[method.pk]) if method.file else None


class MethodIdeaOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    registration_number = serializers.CharField()
    title = serializers.CharField()
    stage = serializers.CharField(source="stage.key")


class MethodTrialOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=TrialStatus.choices)
    idea = serializers.IntegerField(source="idea_id")


class MethodDetailOutputSerializer(MethodOutputSerializer):
    ideas = MethodIdeaOutputSerializer(many=True, source="ideas.all")
    trials = MethodTrialOutputSerializer(many=True, source="trials.all")


class MethodListApi(APIView):
    """List the library by kind and title, with search."""

    permission_classes = [HasCapability]
    pagination_class = Pagination
    required_capability = "library.view"

    class FilterSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=MethodKind.choices, required=False)
        q = serializers.CharField(required=False, allow_blank=True, help_text="Search words.")

    @extend_schema(
        operation_id="methods_list",
        summary="List methods, tools and testbeds",
        parameters=[FilterSerializer],
        responses={
            200: MethodOutputSerializer(many=True),
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.method_list(**filters.validated_data), request, view=self
        )
        return paginator.get_paginated_response(MethodOutputSerializer(page, many=True).data)


class MethodDetailApi(APIView):
    """Read a method with the ideas and trials that use it."""

    permission_classes = [HasCapability]
    required_capability = "library.view"

    @extend_schema(
        operation_id="methods_retrieve",
        summary="Read a method, tool or testbed",
        responses={200: MethodDetailOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        try:
            method: Any = selectors.method_get(pk=pk)
        except Method.DoesNotExist as error:
            raise Http404 from error
        return Response(MethodDetailOutputSerializer(method).data)
