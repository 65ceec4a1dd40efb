"""API for publishing from inside the lock, under /api/v1/network/ on the organisation's host."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from network.exchange.api import PublicationListOutputSerializer
from network.exchange.models import PublicationKind
from shared.accounts.people import person_of
from shared.accounts.permissions import HasCapability
from shared.core.api.serializers import ErrorSerializer
from tenants.sharing import services
from tenants.sharing.services import CONTACT_ROLE_MAX_LENGTH


class SourceInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PublicationKind.choices)
    source_id = serializers.IntegerField(min_value=1, help_text="The source row's id.")


class PublishApi(APIView):
    """Publish one of this organisation's needs, ideas (at test or later) or methods."""

    permission_classes = [HasCapability]
    required_capability = "network.publish"

    class PublishInputSerializer(SourceInputSerializer):
        contact_role = serializers.CharField(
            required=False, allow_blank=True, max_length=CONTACT_ROLE_MAX_LENGTH
        )
        show_contact_name = serializers.BooleanField(
            required=False, default=False, help_text="Show your own name as contact person."
        )

    @extend_schema(
        operation_id="network_publish",
        summary="Publish to the network (or update the contact of a publication)",
        request=PublishInputSerializer,
        responses={
            201: PublicationListOutputSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        data = self.PublishInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        publication = services.publication_publish(**data.validated_data, by=person_of(request))
        return Response(
            PublicationListOutputSerializer(publication).data, status=status.HTTP_201_CREATED
        )


class WithdrawApi(APIView):
    """Withdraw one of this organisation's publications; adopters keep what they took."""

    permission_classes = [HasCapability]
    required_capability = "network.publish"

    class WithdrawInputSerializer(SourceInputSerializer):
        reason = serializers.CharField(required=False, allow_blank=True, max_length=2_000)

    @extend_schema(
        operation_id="network_withdraw",
        summary="Withdraw from the network",
        request=WithdrawInputSerializer,
        responses={
            200: PublicationListOutputSerializer,
            400: ErrorSerializer,
            401: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        data = self.WithdrawInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        publication = services.publication_withdraw(**data.validated_data, by=person_of(request))
        return Response(PublicationListOutputSerializer(publication).data)
