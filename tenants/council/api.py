"""API of the idea council (idéråd): meetings, agendas, decisions, budget.

Reads need ``council.view``; agendas, minutes and meetings ``council.prepare``;
decisions ``council.decide``; the budget ``council.budget``. Money is a decimal
string in both directions ("150000.00"); a JSON number with a fraction is refused.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared.accounts.models import Person
from shared.accounts.permissions import HasCapability
from shared.core import bounds
from shared.core.api.fields import YEAR_SCHEMA, BoundedDateField
from shared.core.api.pagination import Pagination
from shared.core.api.serializers import ErrorSerializer
from tenants.council import money, selectors, services
from tenants.council.models import AgendaItem, DecisionKind, Meeting, MeetingStatus
from tenants.ideas.models import Idea

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class MoneyField(serializers.DecimalField):
    """Kronor as a decimal string; never read through float."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("coerce_to_string", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Decimal:
        try:
            return money.parse_sek(data)
        except money.MoneyError as error:
            raise serializers.ValidationError(str(error)) from error


# --- Output ---------------------------------------------------------------------


class CouncilIdeaRefOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    registration_number = serializers.CharField()
    title = serializers.CharField()
    stage = serializers.CharField(source="stage.key")


class DecisionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    registration_number = serializers.CharField()
    decided_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    amount_granted_sek = MoneyField(read_only=True)
    rationale = serializers.CharField()
    budget_override_reason = serializers.CharField(
        help_text="Blank unless the grant exceeded the budget."
    )
    idea = CouncilIdeaRefOutputSerializer()
    agenda_item = serializers.IntegerField(source="agenda_item_id")
    meeting = serializers.IntegerField(source="agenda_item.meeting_id")


class AgendaDecisionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    registration_number = serializers.CharField()
    decided_on = serializers.DateField()
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    amount_granted_sek = MoneyField(read_only=True)
    rationale = serializers.CharField()


class AgendaItemOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    idea = CouncilIdeaRefOutputSerializer()
    preparation_memo = serializers.CharField()
    stage_when_set = serializers.CharField(source="stage_when_set.key")
    stage_changed_at_when_set = serializers.DateTimeField()
    decision = AgendaDecisionOutputSerializer(allow_null=True, help_text="None: not decided yet.")


class MeetingOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    title = serializers.CharField()
    location = serializers.CharField()
    status = serializers.ChoiceField(choices=MeetingStatus.choices)
    item_count = serializers.IntegerField()
    decision_count = serializers.IntegerField()


class MeetingDetailOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    title = serializers.CharField()
    location = serializers.CharField()
    status = serializers.ChoiceField(choices=MeetingStatus.choices)
    minutes = serializers.CharField()
    agenda = AgendaItemOutputSerializer(source="agenda_items.all", many=True)


class BudgetOutputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    is_set = serializers.BooleanField(help_text="False: no budget for the year, counted as 0.")
    budget = MoneyField(read_only=True)
    granted = MoneyField(read_only=True, help_text="Sum granted by the year's decisions.")
    spent = MoneyField(
        read_only=True, help_text="Actual cost in the evaluations of the trials they funded."
    )
    remaining = MoneyField(read_only=True, help_text="budget − granted; may be negative.")


def _meeting_or_404(pk: int) -> Meeting:
    try:
        return selectors.meeting_get(pk=pk)
    except Meeting.DoesNotExist as error:
        raise Http404 from error


def _item_or_404(pk: int) -> AgendaItem:
    try:
        return selectors.agenda_item_get(pk=pk)
    except AgendaItem.DoesNotExist as error:
        raise Http404 from error


def _meeting_detail(pk: int) -> dict[str, Any]:
    return cast(dict[str, Any], MeetingDetailOutputSerializer(selectors.meeting_get(pk=pk)).data)


def _by(request: Request) -> Person:
    return cast(Person, request.user)


# --- Meetings -------------------------------------------------------------------


class MeetingListApi(APIView):
    """List the council's meetings, or plan one."""

    permission_classes = [HasCapability]
    pagination_class = Pagination
    required_capabilities = {"GET": "council.view", "POST": "council.prepare"}

    class MeetingCreateInputSerializer(serializers.Serializer):
        held_on = BoundedDateField()
        title = serializers.CharField(max_length=200)
        location = serializers.CharField(max_length=200, required=False, allow_blank=True)

    @extend_schema(
        operation_id="council_meetings_list",
        summary="List meetings, latest first",
        responses={200: MeetingOutputSerializer(many=True), 403: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.meeting_list(), request, view=self)
        return paginator.get_paginated_response(MeetingOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="council_meetings_create",
        summary="Plan a meeting",
        request=MeetingCreateInputSerializer,
        responses={201: MeetingDetailOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        data = self.MeetingCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = services.meeting_create(**data.validated_data, by=_by(request))
        return Response(_meeting_detail(meeting.pk), status=status.HTTP_201_CREATED)


class MeetingDetailApi(APIView):
    """Read a meeting with its agenda and decisions, change it, or delete it."""

    permission_classes = [HasCapability]
    required_capabilities = {
        "GET": "council.view",
        "PATCH": "council.prepare",
        "DELETE": "council.prepare",
    }

    class MeetingUpdateInputSerializer(serializers.Serializer):
        held_on = BoundedDateField(required=False)
        title = serializers.CharField(max_length=200, required=False)
        location = serializers.CharField(max_length=200, required=False, allow_blank=True)
        status = serializers.ChoiceField(
            choices=MeetingStatus.choices,
            required=False,
            help_text="A held meeting's agenda is fixed.",
        )

    @extend_schema(
        operation_id="council_meetings_retrieve",
        summary="Read a meeting, its agenda and decisions",
        responses={200: MeetingDetailOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(MeetingDetailOutputSerializer(_meeting_or_404(pk)).data)

    @extend_schema(
        operation_id="council_meetings_update",
        summary="Change a meeting's date, title, place or status",
        request=MeetingUpdateInputSerializer,
        responses={200: MeetingDetailOutputSerializer, **ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        meeting = _meeting_or_404(pk)
        data = self.MeetingUpdateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.meeting_update(meeting=meeting, by=_by(request), **data.validated_data)
        return Response(_meeting_detail(meeting.pk))

    @extend_schema(
        operation_id="council_meetings_delete",
        summary="Delete a meeting without decisions",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, pk: int) -> Response:
        services.meeting_delete(meeting=_meeting_or_404(pk), by=_by(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeetingAgendaApi(APIView):
    """Put an idea on a meeting's agenda, last, with its preparation memo."""

    permission_classes = [HasCapability]
    required_capability = "council.prepare"

    class AgendaItemAddInputSerializer(serializers.Serializer):
        idea = serializers.IntegerField(help_text="The idea's id.")
        preparation_memo = serializers.CharField()

    @extend_schema(
        operation_id="council_agenda_add",
        summary="Put an idea on the agenda",
        request=AgendaItemAddInputSerializer,
        responses={201: AgendaItemOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = _meeting_or_404(pk)
        data = self.AgendaItemAddInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idea = Idea.objects.filter(pk=data.validated_data["idea"]).first()
        if idea is None:
            raise serializers.ValidationError({"idea": [_("Idén finns inte.")]})
        item = services.agenda_item_add(
            meeting=meeting,
            idea=idea,
            preparation_memo=data.validated_data["preparation_memo"],
            by=_by(request),
        )
        return Response(
            AgendaItemOutputSerializer(selectors.agenda_item_get(pk=item.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class MeetingAgendaOrderApi(APIView):
    """Put the agenda in a new order."""

    permission_classes = [HasCapability]
    required_capability = "council.prepare"

    class AgendaOrderInputSerializer(serializers.Serializer):
        item_ids = serializers.ListField(
            child=serializers.IntegerField(), help_text="Every agenda item's id, once, in order."
        )

    @extend_schema(
        operation_id="council_agenda_reorder",
        summary="Reorder the agenda",
        request=AgendaOrderInputSerializer,
        responses={200: MeetingDetailOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, pk: int) -> Response:
        meeting = _meeting_or_404(pk)
        data = self.AgendaOrderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.agenda_reorder(
            meeting=meeting, item_ids=data.validated_data["item_ids"], by=_by(request)
        )
        return Response(_meeting_detail(meeting.pk))


class MeetingMinutesApi(APIView):
    """Save a meeting's minutes."""

    permission_classes = [HasCapability]
    required_capability = "council.prepare"

    class MinutesInputSerializer(serializers.Serializer):
        minutes = serializers.CharField(allow_blank=True)

    @extend_schema(
        operation_id="council_minutes_save",
        summary="Save the minutes",
        request=MinutesInputSerializer,
        responses={200: MeetingDetailOutputSerializer, **ERRORS},
    )
    def put(self, request: Request, pk: int) -> Response:
        meeting = _meeting_or_404(pk)
        data = self.MinutesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.minutes_save(
            meeting=meeting, minutes=data.validated_data["minutes"], by=_by(request)
        )
        return Response(_meeting_detail(meeting.pk))


class AgendaItemDetailApi(APIView):
    """Take an item off the agenda (not once it is decided)."""

    permission_classes = [HasCapability]
    required_capability = "council.prepare"

    @extend_schema(
        operation_id="council_agenda_remove",
        summary="Take an item off the agenda",
        responses={204: None, **ERRORS},
    )
    def delete(self, request: Request, pk: int) -> Response:
        services.agenda_item_remove(item=_item_or_404(pk), by=_by(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Decisions ------------------------------------------------------------------


class AgendaItemDecisionApi(APIView):
    """Record the council's decision on an agenda item."""

    permission_classes = [HasCapability]
    required_capability = "council.decide"

    class DecisionRecordInputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=DecisionKind.choices)
        rationale = serializers.CharField()
        amount_granted_sek = MoneyField(
            required=False, default=Decimal("0.00"), help_text='Decimal string, e.g. "150000.00".'
        )
        decided_on = BoundedDateField()
        budget_override_reason = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            help_text="Required when the grant exceeds what is left of the year's budget.",
        )

    @extend_schema(
        operation_id="council_decision_record",
        summary="Record a decision: registration number, and the idea moves",
        request=DecisionRecordInputSerializer,
        responses={201: DecisionOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        item = _item_or_404(pk)
        data = self.DecisionRecordInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = services.decision_record(
            agenda_item=item, by=_by(request), **data.validated_data
        )
        return Response(
            DecisionOutputSerializer(selectors.decision_list().get(pk=decision.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class DecisionListApi(APIView):
    """List the council's decisions, latest first."""

    permission_classes = [HasCapability]
    pagination_class = Pagination
    required_capability = "council.view"

    class FilterSerializer(serializers.Serializer):
        year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)

    @extend_schema(
        operation_id="council_decisions_list",
        summary="List decisions",
        parameters=[FilterSerializer],
        responses={
            200: DecisionOutputSerializer(many=True),
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.decision_list(**filters.validated_data), request, view=self
        )
        return paginator.get_paginated_response(DecisionOutputSerializer(page, many=True).data)


# --- Budget ---------------------------------------------------------------------


def _budget_year(year: int) -> int:
    """``year`` from the path, or a 400 when it is outside the years anyone budgets for."""
    if not bounds.year_in_range(year):
        raise serializers.ValidationError(
            {
                "year": [
                    _("Ange ett år mellan %(earliest)d och %(latest)d.")
                    % {"earliest": bounds.EARLIEST_YEAR, "latest": bounds.LATEST_YEAR}
                ]
            }
        )
    return year


class BudgetApi(APIView):
    """Read the budget status of a year, or set its budget."""

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "council.view", "PUT": "council.budget"}

    class BudgetSetInputSerializer(serializers.Serializer):
        amount_sek = MoneyField(help_text='Decimal string, e.g. "500000.00".')

    @extend_schema(
        operation_id="council_budget_retrieve",
        summary="Budget, granted, spent and remaining in a year",
        parameters=[OpenApiParameter("year", YEAR_SCHEMA, OpenApiParameter.PATH)],
        responses={200: BudgetOutputSerializer, 403: ErrorSerializer},
    )
    def get(self, request: Request, year: int) -> Response:
        year = _budget_year(year)
        return Response(BudgetOutputSerializer(selectors.budget_status(year=year)).data)

    @extend_schema(
        operation_id="council_budget_set",
        summary="Set the budget of a year",
        parameters=[OpenApiParameter("year", YEAR_SCHEMA, OpenApiParameter.PATH)],
        request=BudgetSetInputSerializer,
        responses={200: BudgetOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def put(self, request: Request, year: int) -> Response:
        year = _budget_year(year)
        data = self.BudgetSetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.budget_set(
            year=year, amount_sek=data.validated_data["amount_sek"], by=_by(request)
        )
        return Response(BudgetOutputSerializer(selectors.budget_status(year=year)).data)
