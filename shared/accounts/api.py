"""API: obtain, list and revoke tokens; who am I here; the members of this organisation."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import authenticate
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared.accounts import selectors, services, throttling
from shared.accounts.models import ApiToken, Membership, Person, Role, TokenRevocation
from shared.accounts.permissions import (
    NO_MEMBERSHIP_MESSAGE,
    HasCapability,
    PublicEndpoint,
    capabilities_of,
)
from shared.core.api.pagination import Pagination
from shared.core.api.serializers import ErrorSerializer
from shared.sso import selectors as sso_selectors


class TokenObtainApi(APIView):
    """Exchange e-mail and password for an API token (send it as ``Authorization: Token <key>``)."""

    permission_classes = [PublicEndpoint]
    public_reason = "Exchanging a password for a token is how an API client logs in."
    authentication_classes: list[type] = []

    @extend_schema_serializer(component_name="TokenObtainInput")
    class InputSerializer(serializers.Serializer):
        email = serializers.EmailField()
        password = serializers.CharField(style={"input_type": "password"})
        name = serializers.CharField(required=False, allow_blank=True, max_length=100)

    @extend_schema_serializer(component_name="TokenObtainOutput")
    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField(help_text="The key; shown this once, only its hash is kept.")
        id = serializers.IntegerField()
        name = serializers.CharField()
        expires_at = serializers.DateTimeField()

    @extend_schema(
        request=InputSerializer,
        responses={
            200: OutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            429: ErrorSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        """Make a new token for this host's organisation; it expires and can be revoked.

        Failed attempts count towards the login lockout (429 while it lasts).
        """
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organization = getattr(request, "tenant", None)
        if organization is None or organization.schema_name == "public":
            raise serializers.ValidationError(
                {
                    "non_field_errors": [
                        _("API-nycklar hämtas på organisationens egen adress, inte här.")
                    ]
                }
            )
        person = authenticate(
            request._request,
            username=data.validated_data["email"],
            password=data.validated_data["password"],
        )
        if getattr(request._request, "axes_locked_out", False):
            raise throttling.AccountLockedOut(request._request)
        if person is None:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Fel e-postadress eller lösenord.")]}
            )
        if selectors.membership_in(person=person, organization=organization) is None:
            raise exceptions.PermissionDenied(NO_MEMBERSHIP_MESSAGE)
        if sso_selectors.password_login_refused(person=person, organization=organization):
            raise exceptions.PermissionDenied(
                _(
                    "Organisationen kräver inloggning med sitt eget konto; ett lösenord ger "
                    "ingen API-nyckel här. Logga in på webben och skapa nyckeln där."
                )
            )
        issued = services.api_token_create(
            person=cast(Person, person),
            organization=organization,
            name=data.validated_data.get("name", ""),
        )
        return Response(
            self.OutputSerializer(
                {
                    "token": issued.key,
                    "id": issued.token.pk,
                    "name": issued.token.name,
                    "expires_at": issued.token.expires_at,
                }
            ).data,
            status=status.HTTP_200_OK,
        )


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


# --- The caller's own API tokens in this organisation ------------------------------


class ApiTokenOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="The first characters of the key.")
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    revoked_reason = serializers.ChoiceField(choices=TokenRevocation.choices, allow_blank=True)
    is_usable = serializers.BooleanField()


def _own_token_or_404(request: Request, pk: int) -> ApiToken:
    try:
        return selectors.api_token_get(
            person=request.user, organization=getattr(request, "tenant", None), pk=pk
        )
    except ApiToken.DoesNotExist as error:
        raise Http404 from error


class ApiTokenListApi(APIView):
    """The caller's API tokens in this organisation, or a new one."""

    permission_classes = [HasCapability]
    required_capability = "workspace.view"

    class CreateInputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=100)
        days = serializers.IntegerField(required=False, min_value=1)

    @extend_schema_serializer(component_name="ApiTokenCreatedOutput")
    class CreatedOutputSerializer(ApiTokenOutputSerializer):
        token = serializers.CharField(help_text="The key; shown this once, only its hash is kept.")

    @extend_schema(
        operation_id="api_tokens_list",
        summary="List my API tokens here, newest first (revoked and expired ones too)",
        responses={200: ApiTokenOutputSerializer(many=True), 403: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        tokens = selectors.api_tokens_of(person=request.user, organization=request.tenant)
        return Response(ApiTokenOutputSerializer(tokens, many=True).data)

    @extend_schema(
        operation_id="api_tokens_create",
        summary="Make a new API token here",
        request=CreateInputSerializer,
        responses={201: CreatedOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        data = self.CreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = cast(Person, request.user)
        issued = services.api_token_create(
            person=person,
            organization=request.tenant,
            name=data.validated_data["name"],
            days=data.validated_data.get("days"),
            by=person,
        )
        body = {**ApiTokenOutputSerializer(issued.token).data, "token": issued.key}
        return Response(self.CreatedOutputSerializer(body).data, status=status.HTTP_201_CREATED)


class ApiTokenRevokeApi(APIView):
    """Revoke one of the caller's tokens; it stops working at once."""

    permission_classes = [HasCapability]
    required_capability = "workspace.view"

    @extend_schema(
        operation_id="api_tokens_revoke",
        summary="Revoke one of my API tokens",
        request=None,
        responses={200: ApiTokenOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        token = services.api_token_revoke(token=_own_token_or_404(request, pk), by=request.user)
        return Response(ApiTokenOutputSerializer(token).data)


# --- Members of this organisation --------------------------------------------------


class MemberOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The membership's id (for changing the role).")
    person_id = serializers.IntegerField(
        source="person.pk",
        help_text="The person's id: what an idea's coach and a next step's owner take.",
    )
    email = serializers.EmailField(source="person.email")
    full_name = serializers.CharField(source="person.full_name")
    role = serializers.ChoiceField(choices=Role.choices)
    created_at = serializers.DateTimeField()


def _member_or_404(request: Request, pk: int) -> Membership:
    try:
        return selectors.member_get(organization=getattr(request, "tenant", None), pk=pk)
    except Membership.DoesNotExist as error:
        raise Http404 from error


class MemberListApi(APIView):
    """The people with a role in this organisation, by name."""

    permission_classes = [HasCapability]
    pagination_class = Pagination
    required_capability = "members.view"

    @extend_schema(
        operation_id="members_list",
        summary="List the members, by name",
        parameters=[
            OpenApiParameter(
                "role",
                enum=Role.values,
                required=False,
                description="Only members with this role, e.g. `coach` to pick an idea's coach.",
            )
        ],
        responses={200: MemberOutputSerializer(many=True), 403: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        members: Any = selectors.members_of(organization=request.tenant)
        role = request.query_params.get("role")
        if role:
            if role not in Role.values:
                raise exceptions.ValidationError({"role": [_("Okänd roll.")]})
            members = [member for member in members if member.role == role]
        page = paginator.paginate_queryset(members, request, view=self)
        return paginator.get_paginated_response(MemberOutputSerializer(page, many=True).data)


class MemberDetailApi(APIView):
    """One member: read, change the role, or end the membership.

    An organisation always keeps at least one admin: demoting or removing the
    last one is refused with 400.
    """

    permission_classes = [HasCapability]
    required_capabilities = {
        "GET": "members.view",
        "PATCH": "members.manage",
        "DELETE": "members.manage",
    }

    class RoleInputSerializer(serializers.Serializer):
        role = serializers.ChoiceField(choices=Role.choices)

    @extend_schema(
        operation_id="members_read",
        summary="Read one member",
        responses={200: MemberOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(MemberOutputSerializer(_member_or_404(request, pk)).data)

    @extend_schema(
        operation_id="members_change_role",
        summary="Give a member another role",
        request=RoleInputSerializer,
        responses={
            200: MemberOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        data = self.RoleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_change_role(
            membership=_member_or_404(request, pk),
            role=data.validated_data["role"],
            by=request.user,
        )
        return Response(MemberOutputSerializer(membership).data)

    @extend_schema(
        operation_id="members_remove",
        summary="End a membership (the person and what they wrote stay)",
        responses={204: None, 400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def delete(self, request: Request, pk: int) -> Response:
        services.membership_remove(membership=_member_or_404(request, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
