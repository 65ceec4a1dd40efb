"""API of tests and pilots: plan, read, change, log and evaluate.

Reads need ``trials.view``, writes ``trials.manage``. Amounts in SEK are
decimal strings ("150000.00"); a JSON number with a fraction is refused,
because a float is not an exact amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared.accounts.models import Person
from shared.accounts.permissions import HasCapability
from shared.core.api.fields import BoundedDateField
from shared.core.api.pagination import Pagination
from shared.core.api.serializers import ErrorSerializer
from tenants.council import money
from tenants.council.models import Decision
from tenants.ideas.models import Idea
from tenants.library.models import Method, MethodKind
from tenants.trials import selectors, services
from tenants.trials.models import (
    Evaluation,
    Recommendation,
    Trial,
    TrialKind,
    TrialStatus,
)


@extend_schema_field(OpenApiTypes.DECIMAL)
class SekField(serializers.Field):
    """An exact amount in kronor: a decimal string or a whole number, never a float."""

    default_error_messages = {"invalid": "Ange ett belopp i kronor."}

    def to_internal_value(self, data: Any) -> Decimal:
        try:
            return money.parse_sek(data)
        except money.MoneyError as error:
            raise serializers.ValidationError(str(error)) from error

    def to_representation(self, value: Decimal) -> str:
        return f"{value:.2f}"


# --- Output --------------------------------------------------------------------------


class TrialPersonOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")


class TrialIdeaOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    registration_number = serializers.CharField()
    title = serializers.CharField()


class TrialMethodOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=MethodKind.choices)


class TrialOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    idea = TrialIdeaOutputSerializer()
    kind = serializers.ChoiceField(choices=TrialKind.choices)
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=TrialStatus.choices)
    units = serializers.ListField(child=serializers.CharField())
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    budget_sek = SekField()
    recommendation = serializers.ChoiceField(
        choices=Recommendation.choices,
        allow_null=True,
        help_text="The evaluation's recommendation; null until the trial is evaluated.",
    )


class TrialMeasureResultOutputSerializer(serializers.Serializer):
    result = serializers.CharField()
    met = serializers.BooleanField()


class TrialMeasureOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    target = serializers.CharField()
    result = TrialMeasureResultOutputSerializer(allow_null=True, help_text="Null until evaluated.")


class EvaluationResultOutputSerializer(serializers.Serializer):
    measure = serializers.IntegerField(source="measure_id")
    result = serializers.CharField()
    met = serializers.BooleanField()


class EvaluationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    trial = serializers.IntegerField(source="trial_id")
    summary = serializers.CharField()
    effects = serializers.CharField()
    actual_cost_sek = SekField()
    lessons = serializers.CharField()
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    evaluated_on = serializers.DateField()
    evaluated_by = TrialPersonOutputSerializer(allow_null=True)
    results = EvaluationResultOutputSerializer(many=True)


class TrialLogEntryOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = TrialPersonOutputSerializer(allow_null=True)
    body = serializers.CharField()
    at = serializers.DateTimeField()


class TrialDetailOutputSerializer(TrialOutputSerializer):
    goal = serializers.CharField()
    hypothesis = serializers.CharField()
    decision = serializers.IntegerField(source="decision_id", allow_null=True)
    methods = TrialMethodOutputSerializer(many=True)
    measures = TrialMeasureOutputSerializer(many=True)
    evaluation = EvaluationOutputSerializer(allow_null=True)
    log = TrialLogEntryOutputSerializer(many=True, help_text="Newest first.")
    created_at = serializers.DateTimeField()


def _detail(trial: Trial) -> dict[str, Any]:
    """A trial from ``selectors.trial_get`` as ``TrialDetailOutputSerializer`` reads it."""
    evaluation = selectors.evaluation_of(trial)
    results = []
    measures = []
    for measure in trial.success_measures.all():
        result = selectors.result_of(measure)
        measures.append(
            {
                "id": measure.pk,
                "description": measure.description,
                "target": measure.target,
                "result": result,
            }
        )
        if result is not None:
            results.append(result)
    return {
        "id": trial.pk,
        "idea": trial.idea,
        "kind": trial.kind,
        "title": trial.title,
        "status": trial.status,
        "units": trial.units,
        "starts_on": trial.starts_on,
        "ends_on": trial.ends_on,
        "budget_sek": trial.budget_sek,
        "recommendation": evaluation.recommendation if evaluation else None,
        "goal": trial.goal,
        "hypothesis": trial.hypothesis,
        "decision_id": trial.decision_id,
        "methods": list(trial.methods.all()),
        "measures": measures,
        "evaluation": _evaluation(evaluation, results) if evaluation else None,
        "log": list(trial.log_entries.all()),
        "created_at": trial.created_at,
    }


def _evaluation(evaluation: Evaluation, results: Sequence[Any]) -> dict[str, Any]:
    return {
        "id": evaluation.pk,
        "trial_id": evaluation.trial_id,
        "summary": evaluation.summary,
        "effects": evaluation.effects,
        "actual_cost_sek": evaluation.actual_cost_sek,
        "lessons": evaluation.lessons,
        "recommendation": evaluation.recommendation,
        "evaluated_on": evaluation.evaluated_on,
        "evaluated_by": evaluation.evaluated_by,
        "results": results,
    }


def _trial_or_404(pk: int) -> Trial:
    try:
        return selectors.trial_get(pk=pk)
    except Trial.DoesNotExist as error:
        raise Http404 from error


def _detail_response(pk: int, code: int = status.HTTP_200_OK) -> Response:
    return Response(TrialDetailOutputSerializer(_detail(_trial_or_404(pk))).data, status=code)


# --- Input ---------------------------------------------------------------------------


class TrialMeasureInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=services.MEASURE_MAX_LENGTH, allow_blank=True)
    target = serializers.CharField(
        max_length=services.TARGET_MAX_LENGTH, required=False, allow_blank=True, default=""
    )


class _PlanFields(serializers.Serializer):
    kind = serializers.ChoiceField(choices=TrialKind.choices, required=False)
    title = serializers.CharField(max_length=services.TITLE_MAX_LENGTH)
    goal = serializers.CharField()
    hypothesis = serializers.CharField()
    units = serializers.ListField(
        child=serializers.CharField(max_length=services.UNIT_MAX_LENGTH, allow_blank=True),
        help_text="The participating units; at least one.",
    )
    starts_on = BoundedDateField()
    ends_on = BoundedDateField(help_text="Not before starts_on.")
    budget_sek = SekField(help_text='Kronor as a decimal string, e.g. "150000.00".')
    measures = TrialMeasureInputSerializer(many=True, help_text="Success measures; at least one.")
    decision = serializers.IntegerField(
        required=False, allow_null=True, help_text="A council decision on the same idea."
    )
    methods = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Ids of library methods."
    )


def _resolved(data: dict[str, Any]) -> dict[str, Any]:
    """Service arguments from validated input: ids become rows, measures become pairs."""
    arguments = dict(data)
    if "measures" in arguments:
        arguments["measures"] = [(m["description"], m["target"]) for m in arguments["measures"]]
    if arguments.get("decision") is not None:
        decision = Decision.objects.filter(pk=arguments["decision"]).first()
        if decision is None:
            raise ValidationError({"decision": [_("Beslutet finns inte.")]})
        arguments["decision"] = decision
    if "methods" in arguments:
        wanted = set(arguments["methods"])
        methods = list(Method.objects.filter(pk__in=wanted))
        if len(methods) != len(wanted):
            raise ValidationError({"methods": [_("En av metoderna finns inte.")]})
        arguments["methods"] = methods
    return arguments


class EvaluationResultInputSerializer(serializers.Serializer):
    measure = serializers.IntegerField(help_text="The success measure's id.")
    result = serializers.CharField(max_length=services.RESULT_MAX_LENGTH, allow_blank=True)
    met = serializers.BooleanField()


# --- Views ---------------------------------------------------------------------------


class TrialListApi(APIView):
    """List tests and pilots, or plan one."""

    permission_classes = [HasCapability]
    pagination_class = Pagination
    required_capabilities = {"GET": "trials.view", "POST": "trials.manage"}

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=TrialStatus.choices, required=False)
        kind = serializers.ChoiceField(choices=TrialKind.choices, required=False)
        period_from = BoundedDateField(
            required=False, help_text="Trials still running on or after this day."
        )
        period_to = BoundedDateField(
            required=False, help_text="Trials started on or before this day."
        )
        idea = serializers.IntegerField(required=False)

    class TrialPlanInputSerializer(_PlanFields):
        idea = serializers.IntegerField()

    @extend_schema(
        operation_id="trials_list",
        summary="List tests and pilots, latest start first",
        parameters=[FilterSerializer],
        responses={
            200: TrialOutputSerializer(many=True),
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.trial_list(**filters.validated_data), request, view=self
        )
        return paginator.get_paginated_response(TrialOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="trials_plan",
        summary="Plan a test or pilot of an idea",
        request=TrialPlanInputSerializer,
        responses={201: TrialDetailOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        data = self.TrialPlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        arguments = _resolved(data.validated_data)
        idea = Idea.objects.select_related("stage").filter(pk=arguments.pop("idea")).first()
        if idea is None:
            raise ValidationError({"idea": [_("Idén finns inte.")]})
        trial = services.trial_plan(idea=idea, **arguments, by=cast(Person, request.user))
        return _detail_response(trial.pk, status.HTTP_201_CREATED)


class TrialDetailApi(APIView):
    """Read a trial with its measures, methods, log and evaluation; or change its plan."""

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "trials.view", "PATCH": "trials.manage"}

    class TrialUpdateInputSerializer(_PlanFields):
        """The plan fields that may change (a name of its own for the OpenAPI schema)."""

    @extend_schema(
        operation_id="trials_retrieve",
        summary="Read a trial",
        responses={200: TrialDetailOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail_response(pk)

    @extend_schema(
        operation_id="trials_update",
        summary="Change a trial's plan",
        request=TrialUpdateInputSerializer,
        responses={
            200: TrialDetailOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        trial = _trial_or_404(pk)
        data = self.TrialUpdateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.trial_update(
            trial=trial, by=cast(Person, request.user), **_resolved(data.validated_data)
        )
        return _detail_response(pk)


class TrialStatusApi(APIView):
    """Start, stop, resume or re-plan a trial (it is completed by its evaluation)."""

    permission_classes = [HasCapability]
    required_capability = "trials.manage"

    class TrialStatusInputSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=TrialStatus.choices)

    @extend_schema(
        operation_id="trials_set_status",
        summary="Change a trial's status",
        request=TrialStatusInputSerializer,
        responses={
            200: TrialDetailOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        trial = _trial_or_404(pk)
        data = self.TrialStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.trial_set_status(
            trial=trial, status=data.validated_data["status"], by=cast(Person, request.user)
        )
        return _detail_response(pk)


class TrialLogApi(APIView):
    """A trial's log, newest first; or write in it."""

    permission_classes = [HasCapability]
    pagination_class = Pagination
    required_capabilities = {"GET": "trials.view", "POST": "trials.manage"}

    class TrialLogEntryInputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=services.LOG_MAX_LENGTH)

    @extend_schema(
        operation_id="trials_log_list",
        summary="Read a trial's log, newest first",
        responses={
            200: TrialLogEntryOutputSerializer(many=True),
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        trial = _trial_or_404(pk)
        paginator = self.pagination_class()
        # The stubs type paginate_queryset for querysets only; any sequence pages fine.
        entries: Any = list(trial.log_entries.all())
        page: list[Any] | None = paginator.paginate_queryset(entries, request, view=self)
        return paginator.get_paginated_response(TrialLogEntryOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="trials_log_add",
        summary="Write in a trial's log",
        request=TrialLogEntryInputSerializer,
        responses={
            201: TrialLogEntryOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        trial = _trial_or_404(pk)
        data = self.TrialLogEntryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.trial_log_add(
            trial=trial, body=data.validated_data["body"], by=cast(Person, request.user)
        )
        return Response(TrialLogEntryOutputSerializer(entry).data, status=status.HTTP_201_CREATED)


class TrialEvaluationApi(APIView):
    """A trial's evaluation; or record it, with a result for every success measure."""

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "trials.view", "POST": "trials.manage"}

    class EvaluationInputSerializer(serializers.Serializer):
        summary = serializers.CharField()
        effects = serializers.CharField(required=False, allow_blank=True, default="")
        actual_cost_sek = SekField(help_text='Kronor as a decimal string, e.g. "120000.00".')
        lessons = serializers.CharField(required=False, allow_blank=True, default="")
        recommendation = serializers.ChoiceField(choices=Recommendation.choices)
        evaluated_on = BoundedDateField()
        results = EvaluationResultInputSerializer(many=True, help_text="One per success measure.")

    @extend_schema(
        operation_id="trials_evaluation_retrieve",
        summary="Read a trial's evaluation",
        responses={200: EvaluationOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        trial = _trial_or_404(pk)
        evaluation = selectors.evaluation_of(trial)
        if evaluation is None:
            raise Http404
        return Response(EvaluationOutputSerializer(_detail(trial)["evaluation"]).data)

    @extend_schema(
        operation_id="trials_evaluation_record",
        summary="Record a trial's evaluation; the trial becomes completed",
        request=EvaluationInputSerializer,
        responses={
            201: EvaluationOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        trial = _trial_or_404(pk)
        data = self.EvaluationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        arguments = dict(data.validated_data)
        results = arguments.pop("results")
        services.evaluation_record(
            trial=trial,
            **arguments,
            results={r["measure"]: (r["result"], r["met"]) for r in results},
            by=cast(Person, request.user),
        )
        fresh = _trial_or_404(pk)
        return Response(
            EvaluationOutputSerializer(_detail(fresh)["evaluation"]).data,
            status=status.HTTP_201_CREATED,
        )
