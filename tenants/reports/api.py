"""API of reports: the dashboard's figures and the equality analysis, read only.

Amounts in SEK are decimal strings; lead times are days with one decimal, as
on the pages and in the downloads.
"""

from __future__ import annotations

import datetime
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared.accounts.permissions import HasCapability
from shared.core.api.fields import BoundedDateField
from shared.core.api.serializers import ErrorSerializer
from tenants.contacts.models import Audience
from tenants.reports import selectors, tables
from tenants.reports.forms import (
    WRONG_ORDER,
    YEAR_AND_PERIOD,
    default_equality_period,
    equality_period_errors,
)


def _sek(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class _PeriodInput(serializers.Serializer):
    """``?from=&to=``; both are Python keywords, so the fields are named in ``get_fields``."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "from": BoundedDateField(
                required=False, help_text="First day of the period (inclusive)."
            ),
            "to": BoundedDateField(required=False, help_text="Last day of the period (inclusive)."),
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("from"), attrs.get("to")
        if start and end and start > end:
            raise serializers.ValidationError(str(WRONG_ORDER), code="wrong_order")
        return attrs


# --- Dashboard ------------------------------------------------------------------------


class ReportStageCountOutputSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text="open, done or closed.")
    ideas = serializers.IntegerField()


class ReportSourceCountOutputSerializer(serializers.Serializer):
    audience = serializers.ChoiceField(choices=Audience.choices)
    label = serializers.CharField()  # type: ignore[assignment]
    ideas = serializers.IntegerField()


class ReportCallCountOutputSerializer(serializers.Serializer):
    call_id = serializers.IntegerField(allow_null=True, help_text="null: ideas without a call.")
    title = serializers.CharField()
    ideas = serializers.IntegerField()


class ReportLeadTimeOutputSerializer(serializers.Serializer):
    from_stage = serializers.CharField()
    from_stage_name = serializers.CharField()
    to_stage = serializers.CharField()
    to_stage_name = serializers.CharField()
    moves = serializers.IntegerField()
    median_days = serializers.SerializerMethodField()
    p90_days = serializers.SerializerMethodField(help_text="90th percentile.")

    def get_median_days(self, lead_time: selectors.LeadTime) -> float:
        return tables.days(lead_time.median_days)

    def get_p90_days(self, lead_time: selectors.LeadTime) -> float:
        return tables.days(lead_time.p90_days)


class ReportDecisionCountOutputSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    decisions = serializers.IntegerField()
    granted_sek = _sek()


class ReportBudgetOutputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    budget_sek = _sek(allow_null=True, help_text="null: no budget set for the year.")
    granted_sek = _sek(help_text="Granted by decisions taken that year.")
    decisions = serializers.IntegerField(help_text="Decisions taken that year.")
    remaining_sek = _sek(allow_null=True)


class ReportDecisionsOutputSerializer(serializers.Serializer):
    total = serializers.IntegerField(source="decisions_total")
    granted_sek = _sek(source="granted_sek_total")
    by_kind = ReportDecisionCountOutputSerializer(many=True, source="decisions")
    budget = ReportBudgetOutputSerializer()


class ReportTrialCountOutputSerializer(serializers.Serializer):
    status = serializers.CharField(help_text='A trial status, or "all".')
    label = serializers.CharField()  # type: ignore[assignment]
    tests = serializers.IntegerField()
    pilots = serializers.IntegerField()
    total = serializers.IntegerField()


class ReportEvaluationCountOutputSerializer(serializers.Serializer):
    recommendation = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    evaluations = serializers.IntegerField()


class ReportTrialsOutputSerializer(serializers.Serializer):
    by_status = ReportTrialCountOutputSerializer(many=True, source="trials")
    total = ReportTrialCountOutputSerializer(source="trials_total")
    evaluations = ReportEvaluationCountOutputSerializer(many=True)


class ReportActivityCountOutputSerializer(serializers.Serializer):
    kind = serializers.CharField(allow_null=True, help_text="null: all kinds.")
    label = serializers.CharField()  # type: ignore[assignment]
    activities = serializers.IntegerField()
    attended_participants = serializers.IntegerField(
        help_text="Registered participants who attended."
    )
    head_count = serializers.IntegerField(help_text="Sum of the head counts given.")
    participants = serializers.IntegerField(
        help_text="Per activity its head count where given, else its attended participants."
    )


class ReportActivitiesOutputSerializer(serializers.Serializer):
    by_kind = ReportActivityCountOutputSerializer(many=True, source="activities")
    total = ReportActivityCountOutputSerializer(source="activities_total")
    managers_trained = serializers.IntegerField()


class ReportIdeasOutputSerializer(serializers.Serializer):
    total = serializers.IntegerField(source="ideas_total")
    by_stage = ReportStageCountOutputSerializer(many=True, source="stages")
    by_source = ReportSourceCountOutputSerializer(many=True, source="sources")
    by_call = ReportCallCountOutputSerializer(many=True, source="calls")


class ReportDashboardOutputSerializer(serializers.Serializer):
    period_from = serializers.DateField(allow_null=True, help_text="null: from the start.")
    period_to = serializers.DateField(allow_null=True, help_text="null: up to now.")
    ideas = ReportIdeasOutputSerializer(source="*")
    lead_times = ReportLeadTimeOutputSerializer(many=True)
    decisions = ReportDecisionsOutputSerializer(source="*")
    trials = ReportTrialsOutputSerializer(source="*")
    activities = ReportActivitiesOutputSerializer(source="*")


class DashboardApi(APIView):
    """The dashboard's figures for a year, a period or all time."""

    permission_classes = [HasCapability]
    required_capability = "reports.view"

    class FilterSerializer(_PeriodInput):
        def get_fields(self) -> dict[str, serializers.Field]:
            return {
                "year": serializers.IntegerField(
                    required=False,
                    min_value=2000,
                    max_value=2100,
                    help_text="A calendar year; not together with from/to.",
                ),
                **super().get_fields(),
            }

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            attrs = super().validate(attrs)
            if attrs.get("year") and (attrs.get("from") or attrs.get("to")):
                raise serializers.ValidationError(str(YEAR_AND_PERIOD), code="year_and_period")
            return attrs

    @extend_schema(
        operation_id="reports_dashboard",
        summary="Key figures: ideas, lead times, decisions and budget, trials, activities",
        parameters=[FilterSerializer],
        responses={
            200: ReportDashboardOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        board = selectors.dashboard(
            year=filters.validated_data.get("year"),
            period_from=filters.validated_data.get("from"),
            period_to=filters.validated_data.get("to"),
        )
        return Response(ReportDashboardOutputSerializer(board).data)


# --- Equality analysis ----------------------------------------------------------------


class ReportFunnelCellOutputSerializer(serializers.Serializer):
    value = serializers.IntegerField(allow_null=True, help_text="null when suppressed.")
    suppressed = serializers.BooleanField()
    reason = serializers.ChoiceField(
        choices=["small", "secondary"],
        allow_null=True,
        help_text="small: fewer than min_group ideas; secondary: hidden so that a small "
        "group cannot be worked out from the total.",
    )


class ReportFunnelGroupOutputSerializer(ReportFunnelCellOutputSerializer):
    group = serializers.CharField(help_text='A gender ("" is not stated) or an audience.')
    label = serializers.CharField()  # type: ignore[assignment]
    granted_sek = _sek(
        allow_null=True,
        required=False,
        help_text="SEK granted, on the funded step; null on other steps and when suppressed.",
    )


class ReportFunnelRowOutputSerializer(serializers.Serializer):
    step = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    total = ReportFunnelCellOutputSerializer()
    total_granted_sek = _sek(
        allow_null=True,
        required=False,
        help_text="SEK granted, on the funded step; null on other steps and when suppressed.",
    )
    groups = ReportFunnelGroupOutputSerializer(many=True)


class ReportFunnelSplitOutputSerializer(serializers.Serializer):
    groups = serializers.ListField(child=serializers.CharField())
    rows = ReportFunnelRowOutputSerializer(many=True)


class ReportEqualityOutputSerializer(serializers.Serializer):
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    min_group = serializers.IntegerField(help_text="Groups smaller than this are suppressed.")
    by_gender = ReportFunnelSplitOutputSerializer()
    by_audience = ReportFunnelSplitOutputSerializer()


def _cell(cell: selectors.Cell) -> dict[str, Any]:
    return {"value": cell.value, "suppressed": cell.suppressed, "reason": cell.reason}


def _split_data(split: selectors.FunnelSplit) -> dict[str, Any]:
    rows = []
    for row in split.rows:
        groups = []
        for n, (group, label, cell) in enumerate(
            zip(split.groups, split.group_labels, row.cells, strict=True)
        ):
            group_data: dict[str, Any] = {"group": group, "label": str(label), **_cell(cell)}
            if row.sek is not None:
                group_data["granted_sek"] = row.sek[n]
            groups.append(group_data)
        row_data: dict[str, Any] = {
            "step": row.step,
            "label": str(row.label),
            "total": _cell(row.total),
            "groups": groups,
        }
        if row.sek is not None:
            row_data["total_granted_sek"] = row.total_sek
        rows.append(row_data)
    return {"groups": list(split.groups), "rows": rows}


class EqualityApi(APIView):
    """The equality analysis (jämställdhetsanalys) of the ideas submitted in a period."""

    permission_classes = [HasCapability]
    required_capability = "reports.view"

    class FilterSerializer(_PeriodInput):
        """The period of the equality analysis."""

    @extend_schema(
        operation_id="reports_equality",
        summary="Who submits, and whose ideas are coached, decided, funded, tested, implemented",
        description="By self-declared gender and by audience, aggregates only; groups of "
        "fewer than min_group ideas are suppressed, and one more cell where a single "
        "suppressed cell could be worked out from the total, and a group small in any month "
        "of the period. The period is whole months that have ended. Without from, it "
        "starts on 1 January of the year of to; without to, it ends with last month.",
        parameters=[FilterSerializer],
        responses={200: ReportEqualityOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        period_to: datetime.date = filters.validated_data.get("to") or default_equality_period()[1]
        period_from: datetime.date = filters.validated_data.get("from") or datetime.date(
            period_to.year, 1, 1
        )
        if period_from > period_to:
            raise serializers.ValidationError({"from": [str(WRONG_ORDER)]})
        if errors := equality_period_errors(period_from, period_to):
            raise serializers.ValidationError(
                {name: [str(message) for message in messages] for name, messages in errors.items()}
            )
        funnel = selectors.equality_funnel(period_from=period_from, period_to=period_to)
        data = {
            "period_from": funnel.period_from,
            "period_to": funnel.period_to,
            "min_group": funnel.min_group,
            "by_gender": _split_data(funnel.by_gender),
            "by_audience": _split_data(funnel.by_audience),
        }
        return Response(ReportEqualityOutputSerializer(data).data)
