"""API of the audit log (granskningslogg): read only, for admins."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared.accounts.permissions import HasCapability
from shared.core.api.fields import BoundedDateField
from shared.core.api.pagination import Pagination
from shared.core.api.serializers import ErrorSerializer
from tenants.audit import selectors
from tenants.audit.models import AuditEvent


class AuditActorOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")


class AuditEventOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    actor = serializers.SerializerMethodField(help_text="Who acted; null: the system.")
    action = serializers.CharField(help_text='"<entity>.<what happened>", e.g. next_step.added.')
    object_type = serializers.CharField(help_text="app_label.model of the object.")
    object_id = serializers.CharField()
    object_label = serializers.CharField()
    before = serializers.DictField()
    after = serializers.DictField()

    @extend_schema_field(AuditActorOutputSerializer(allow_null=True))
    def get_actor(self, event: AuditEvent) -> dict[str, Any] | None:
        person = self.context["actors"].get(event.actor_id)
        if person is None:
            return None if event.actor_id is None else {"id": event.actor_id, "name": ""}
        return AuditActorOutputSerializer(person).data


class AuditEventListApi(APIView):
    """List the audit log, newest first, filtered."""

    permission_classes = [HasCapability]
    pagination_class = Pagination
    required_capability = "audit.view"

    class FilterSerializer(serializers.Serializer):
        actor = serializers.IntegerField(required=False, help_text="Id of the person who acted.")
        action = serializers.CharField(required=False, max_length=100)
        object_type = serializers.CharField(
            required=False, max_length=100, help_text="app_label.model, e.g. coaching.nextstep."
        )
        object_id = serializers.CharField(required=False, max_length=64)
        since = BoundedDateField(required=False, help_text="From this day on (inclusive).")
        until = BoundedDateField(required=False, help_text="Up to this day (inclusive).")

    @extend_schema(
        operation_id="audit_list",
        summary="List the audit log, newest first",
        parameters=[FilterSerializer],
        responses={
            200: AuditEventOutputSerializer(many=True),
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        arguments = dict(filters.validated_data)
        if "actor" in arguments:
            arguments["actor_id"] = arguments.pop("actor")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.audit_event_list(**arguments), request, view=self
        )
        events = list(page or [])
        actors = selectors.audit_actors(events=events)
        return paginator.get_paginated_response(
            AuditEventOutputSerializer(events, many=True, context={"actors": actors}).data
        )
