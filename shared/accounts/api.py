"""API: obtain a token, and who am I here."""

from __future__ import annotations

from typing import cast

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared.accounts.models import Person
from shared.accounts.permissions import HasCapability, PublicEndpoint, capabilities_of
from shared.core.api.serializers import ErrorSerializer


class TokenObtainApi(APIView):
    """Exchange e-mail and password for an API token (send it as ``Authorization: Token <key>``)."""

    permission_classes = [PublicEndpoint]
    public_reason = "Exchanging a password for a token is how an API client logs in."
    authentication_classes: list[type] = []

    @extend_schema_serializer(component_name="TokenObtainInput")
    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        password = serializers.CharField(style={"input_type": "password"})

    @extend_schema_serializer(component_name="TokenObtainOutput")
    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer, 400: ErrorSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = authenticate(
            request._request,
            username=data.validated_data["email"],
            password=data.validated_data["password"],
        )
        if person is None:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Fel e-postadress eller lösenord.")]}
            )
        token, _created = Token.objects.get_or_create(user=person)
        return Response(self.OutputSerializer({"token": token.key}).data, status=status.HTTP_200_OK)


class MeApi(APIView):
    """The person calling and their role in this organisation."""

    permission_classes = [HasCapability]
    required_capability = "workspace.view"

    @extend_schema_serializer(component_name="MeOutput")
    class OutputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        full_name = serializers.CharField()
        organization = serializers.CharField()
        role = serializers.CharField()
        capabilities = serializers.ListField(child=serializers.CharField())

    @extend_schema(responses={200: OutputSerializer, 403: ErrorSerializer})
    def get(self, request: Request) -> Response:
        membership = request._request.membership  # type: ignore[attr-defined]
        person = cast(Person, request.user)
        return Response(
            self.OutputSerializer(
                {
                    "email": person.email,
                    "full_name": person.full_name,
                    "organization": membership.organization.slug,
                    "role": membership.role,
                    "capabilities": sorted(capabilities_of(membership.role)),
                }
            ).data
        )
