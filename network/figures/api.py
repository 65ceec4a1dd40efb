"""The national figures as an API on the public site, for the coordinator's key.

Counts only, from public tables; an organisation appears by name only where
it agreed. The schema of this API is its own (``/api/v1/figures/schema/``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from network.figures import selectors, tables
from network.figures.authentication import CoordinatorTokenAuthentication
from network.figures.forms import ScopeForm
from shared.accounts.permissions import IsNationalCoordinator
from shared.core import geography

SCOPE_PARAMETERS = [
    OpenApiParameter("lan", str, description="County (SCB code); empty for the whole country."),
    OpenApiParameter("fran", str, description="First month, YYYY-MM."),
    OpenApiParameter("till", str, description="Last month, YYYY-MM."),
    OpenApiParameter("typ", str, description="Kind of organisation."),
    OpenApiParameter("storlek", str, description="Population band: lt10k, 10k, 25k, 50k, 100k."),
]


class FreshnessSerializer(serializers.Serializer[Any]):
    organizations = serializers.IntegerField()
    counted_through = serializers.DateTimeField(allow_null=True)
    waiting = serializers.IntegerField()
    never_counted = serializers.IntegerField()


class HeadlineSerializer(serializers.Serializer[Any]):
    ideas_received = serializers.IntegerField()
    ideas_tested = serializers.IntegerField()
    ideas_implemented = serializers.IntegerField()
    share_tested = serializers.FloatField(allow_null=True)
    share_implemented = serializers.FloatField(allow_null=True)
    decisions = serializers.IntegerField()
    granted_sek = serializers.DecimalField(max_digits=18, decimal_places=2)
    adoptions = serializers.IntegerField()
    cosignatures = serializers.IntegerField()
    managers_trained = serializers.IntegerField()
    activities = serializers.IntegerField()
    participants = serializers.IntegerField()


class SummarySerializer(serializers.Serializer[Any]):
    area = serializers.CharField()
    headline = HeadlineSerializer()
    freshness = FreshnessSerializer()


class TableSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    header = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField())


class ReportSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    tables = TableSerializer(many=True)


class CountySerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    value = serializers.IntegerField()


class _FiguresApi(APIView):
    authentication_classes = [CoordinatorTokenAuthentication, SessionAuthentication]
    permission_classes = [IsNationalCoordinator]

    def scope(self, request: Request) -> selectors.Scope:
        form = ScopeForm(request.query_params)
        if not form.is_valid():
            raise serializers.ValidationError(form.errors.get_json_data())
        return form.scope()


class NationalSummaryApi(_FiguresApi):
    """The headline indicators of the country or a county, and how fresh they are."""

    @extend_schema(parameters=SCOPE_PARAMETERS, responses=SummarySerializer)
    def get(self, request: Request) -> Response:
        scope = self.scope(request)
        return Response(
            SummarySerializer(
                {
                    "area": scope.area,
                    "headline": selectors.headline(scope),
                    "freshness": selectors.freshness(scope),
                }
            ).data
        )


def _cell(value: Any) -> Any:
    if isinstance(value, tables.Suppressed):
        return None  # a suppressed figure has no value in the API either
    if isinstance(value, int | float | str) or value is None:
        return value
    return str(value)


class FiguresTableApi(_FiguresApi):
    """One of the pages' tables: the same rows as the page and its CSV."""

    @extend_schema(parameters=SCOPE_PARAMETERS, responses=ReportSerializer)
    def get(self, request: Request, name: str) -> Response:
        if name not in tables.REPORT_NAMES:
            from rest_framework.exceptions import NotFound

            raise NotFound()
        scope = self.scope(request)
        if name == "counties":
            report = tables.report_counties(scope, request.query_params.get("matt", "ideas"))
        else:
            report = tables.report(name, scope)
        return Response(
            ReportSerializer(
                {
                    "name": report.name,
                    "title": str(report.title),
                    "description": str(report.description),
                    "tables": [
                        {
                            "title": str(t.title),
                            "header": [str(h) for h in t.header],
                            "rows": [[_cell(v) for v in row] for row in t.all_rows],
                        }
                        for t in report.tables
                    ],
                }
            ).data
        )


class CountiesApi(_FiguresApi):
    """One figure per county (the map's figures)."""

    @extend_schema(
        parameters=[
            *SCOPE_PARAMETERS,
            OpenApiParameter("matt", str, description="ideas, tested, implemented or managers."),
        ],
        responses=CountySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        scope = self.scope(request)
        figure = request.query_params.get("matt", "ideas")
        if figure not in tables.MAP_FIGURES:
            raise serializers.ValidationError({"matt": ["ideas, tested, implemented, managers"]})
        values = selectors.by_county(scope, *tables.MAP_FIGURES[figure])
        counties = geography.counties()
        return Response(
            CountySerializer(
                [
                    {"code": code, "name": counties[code].name, "value": value}
                    for code, value in values.items()
                ],
                many=True,
            ).data
        )
