"""Public API: the directory of organisations."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared.accounts.permissions import PublicEndpoint
from shared.organizations import selectors


class OrganizationDirectoryApi(APIView):
    """Every listed organisation: name, kind, municipalities served, county, host."""

    permission_classes = [PublicEndpoint]
    public_reason = "The directory of organisations is published on the public site."

    class OutputSerializer(serializers.Serializer):
        name = serializers.CharField(source="organization.name")
        slug = serializers.CharField(source="organization.slug")
        kind = serializers.CharField(source="organization.kind")
        status = serializers.CharField(source="organization.status")
        municipality_codes = serializers.ListField(
            source="organization.municipality_codes", child=serializers.CharField()
        )
        municipality_names = serializers.ListField(child=serializers.CharField())
        county_code = serializers.CharField(source="organization.county_code")
        county_name = serializers.CharField()
        population = serializers.IntegerField(source="organization.population")
        domain = serializers.CharField()

    @extend_schema(responses={200: OutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response(self.OutputSerializer(selectors.organization_directory(), many=True).data)
