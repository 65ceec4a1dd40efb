"""API for idea calls (utlysningar)."""

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
from shared.core.api.fields import BoundedDateField
from shared.core.api.pagination import Pagination
from shared.core.api.serializers import ErrorSerializer
from tenants.calls import selectors, services
from tenants.calls.models import IdeaCall
from tenants.contacts.models import Audience
from tenants.needs.models import Need


class CallNeedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class CallOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    problem = serializers.CharField()
    audiences = serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices))
    opens_on = serializers.DateField()
    closes_on = serializers.DateField(help_text="The last day ideas are taken (included).")
    state = serializers.ChoiceField(
        choices=selectors.CallState.choices, help_text="Relative to today in Sweden."
    )
    idea_count = serializers.IntegerField(help_text="Ideas that came in through this call.")
    needs = CallNeedSerializer(many=True, source="needs.all")
    created_at = serializers.DateTimeField()


def _call_or_404(pk: int) -> IdeaCall:
    try:
        return selectors.call_get(pk=pk)
    except IdeaCall.DoesNotExist as error:
        raise Http404 from error


def _needs_field() -> serializers.PrimaryKeyRelatedField:
    # The queryset runs per request, in the schema of the organisation asking.
    return serializers.PrimaryKeyRelatedField(
        queryset=Need.objects.all(), many=True, required=False
    )


class CallListApi(APIView):
    """List idea calls, or announce one."""

    permission_classes = [HasCapability]
    pagination_class = Pagination
    required_capabilities = {"GET": "calls.view", "POST": "calls.manage"}

    class FilterSerializer(serializers.Serializer):
        state = serializers.ChoiceField(choices=selectors.CallState.choices, required=False)

    class CallCreateInputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        problem = serializers.CharField()
        audiences = serializers.ListField(child=serializers.ChoiceField(choices=Audience.choices))
        opens_on = BoundedDateField()
        closes_on = BoundedDateField()
        needs = _needs_field()

    @extend_schema(
        operation_id="calls_list",
        summary="List idea calls, latest opening first",
        parameters=[FilterSerializer],
        responses={
            200: CallOutputSerializer(many=True),
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.call_list(**filters.validated_data), request, view=self
        )
        return paginator.get_paginated_response(CallOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="calls_create",
        summary="Announce an idea call",
        request=CallCreateInputSerializer,
        responses={201: CallOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        data = self.CallCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call = services.call_create(**data.validated_data, by=cast(Person, request.user))
        return Response(
            CallOutputSerializer(selectors.call_get(pk=call.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class CallDetailApi(APIView):
    """Read one idea call, or change it."""

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "calls.view", "PATCH": "calls.manage"}

    class CallUpdateInputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200, required=False)
        problem = serializers.CharField(required=False)
        audiences = serializers.ListField(
            child=serializers.ChoiceField(choices=Audience.choices), required=False
        )
        opens_on = BoundedDateField(required=False)
        closes_on = BoundedDateField(required=False)
        needs = _needs_field()

    @extend_schema(
        operation_id="calls_retrieve",
        summary="Read one idea call",
        responses={200: CallOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(CallOutputSerializer(_call_or_404(pk)).data)

    @extend_schema(
        operation_id="calls_update",
        summary="Change an idea call",
        request=CallUpdateInputSerializer,
        responses={
            200: CallOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        call = _call_or_404(pk)
        data = self.CallUpdateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.call_update(call=call, by=cast(Person, request.user), **data.validated_data)
        return Response(CallOutputSerializer(selectors.call_get(pk=call.pk)).data)
