"""Joint pilots in the API under /api/v1/network/pilots/, on an organisation's host, acting as it.

Reads public tables only. A pilot's plan, log, budget and evaluation are in
the answer only for organisations taking part; every other organisation gets
what is published. The decision on taking part is the organisation's own
(``tenants.jointpilots.api``).
"""

from __future__ import annotations

import abc
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from network.pilots import costs, selectors, services
from network.pilots.models import CostSplit, ParticipantStatus, PilotStatus, Recommendation
from shared.accounts.people import person_of
from shared.accounts.permissions import HasCapability
from shared.core.api.fields import BoundedDateField
from shared.core.api.serializers import ErrorSerializer
from shared.organizations.models import Organization

ERRORS = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def organization_of(request: Any) -> Organization:
    tenant = getattr(request, "tenant", None)
    if not isinstance(tenant, Organization) or tenant.schema_name == "public":
        raise Http404
    return tenant


def view_or_404(request: Any, pk: int) -> selectors.PilotView:
    view = selectors.pilot_for(pk=pk, organization=organization_of(request))
    if view is None:
        raise Http404
    return view


class PilotParticipantOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    organization_id = serializers.IntegerField()
    organization_name = serializers.CharField(source="organization.name")
    organization_kind = serializers.CharField(source="organization.kind")
    status = serializers.ChoiceField(choices=ParticipantStatus.choices)


class PilotParticipantInsideSerializer(PilotParticipantOutputSerializer):
    committed_sek = serializers.DecimalField(max_digits=12, decimal_places=2)
    units = serializers.ListField(child=serializers.CharField())
    decision_reference = serializers.CharField(help_text="The decision's diarienummer.")
    decided_on = serializers.DateField(allow_null=True)
    decided_by_route = serializers.CharField(help_text="council or partner; empty until decided.")
    share_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="Custom split only."
    )


class PilotListOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    summary = serializers.CharField()
    area = serializers.CharField()
    status = serializers.ChoiceField(choices=PilotStatus.choices)
    owner_organization_id = serializers.IntegerField(source="organization_id")
    owner_name = serializers.CharField(source="organization.name")
    participants = PilotParticipantOutputSerializer(many=True, source="participants.all")
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)


class PilotBudgetLineSerializer(serializers.Serializer):
    participant_id = serializers.IntegerField(source="participant.pk")
    organization_name = serializers.CharField(source="participant.organization.name")
    committed_sek = serializers.DecimalField(max_digits=12, decimal_places=2)
    share_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    share_sek = serializers.DecimalField(max_digits=12, decimal_places=2)
    actual_share_sek = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class PilotBudgetSerializer(serializers.Serializer):
    split = serializers.ChoiceField(choices=CostSplit.choices)
    total_sek = serializers.DecimalField(max_digits=14, decimal_places=2)
    actual_cost_sek = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    shares_rescaled = serializers.BooleanField()
    lines = PilotBudgetLineSerializer(many=True)
    mine = PilotBudgetLineSerializer(allow_null=True, help_text="Your organisation's line.")


class PilotEvaluationSerializer(serializers.Serializer):
    results = serializers.CharField()
    effects = serializers.CharField()
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)
    actual_cost_sek = serializers.DecimalField(max_digits=12, decimal_places=2)
    evaluated_on = serializers.DateField()


class PilotLogEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    organization_name = serializers.CharField(source="organization.name")
    author_name = serializers.SerializerMethodField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_author_name(self, entry: Any) -> str:
        return entry.author.full_name if entry.author is not None else ""


class PilotDetailOutputSerializer(PilotListOutputSerializer):
    sees_inside = serializers.BooleanField(
        help_text="Whether your organisation takes part: then plan, log, budget and evaluation."
    )
    my_status = serializers.CharField(allow_null=True)
    plan = serializers.CharField(allow_null=True)
    cost_split = serializers.CharField(allow_null=True)
    inside_participants = PilotParticipantInsideSerializer(many=True, allow_null=True)
    budget = PilotBudgetSerializer(allow_null=True)
    evaluation = PilotEvaluationSerializer(allow_null=True)
    log = PilotLogEntrySerializer(many=True, allow_null=True)


def detail(view: selectors.PilotView) -> dict[str, Any]:
    """The answer for one pilot: published fields, and the inside for those taking part."""
    pilot = view.pilot
    data: dict[str, Any] = dict(PilotListOutputSerializer(pilot).data)
    data.update(
        sees_inside=view.sees_inside,
        my_status=view.me.status if view.me is not None else None,
        plan=None,
        cost_split=None,
        inside_participants=None,
        budget=None,
        evaluation=None,
        log=None,
    )
    if not view.sees_inside:
        return data
    evaluation = selectors.evaluation_of(pilot=pilot)
    budget = selectors.budget_of(view=view, evaluation=evaluation)
    for each in view.participants:
        points = each.share_basis_points
        each.share_percent = None if points is None else costs.percent_of(points)  # type: ignore[attr-defined]
    data.update(
        plan=pilot.plan,
        cost_split=pilot.cost_split,
        inside_participants=PilotParticipantInsideSerializer(view.participants, many=True).data,
        budget=PilotBudgetSerializer(
            {
                "split": budget.split,
                "total_sek": budget.total_sek,
                "actual_cost_sek": budget.actual_cost_sek,
                "shares_rescaled": budget.shares_rescaled,
                "lines": budget.lines,
                "mine": budget.line_of(view.me),
            }
        ).data,
        evaluation=PilotEvaluationSerializer(evaluation).data if evaluation is not None else None,
        log=PilotLogEntrySerializer(selectors.log_of(pilot=pilot), many=True).data,
    )
    return data


class PilotListApi(APIView):
    """The pilots your organisation is in (mine) and the started pilots of the network."""

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "pilots.view", "POST": "pilots.manage"}

    class PilotProposeInputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        summary = serializers.CharField(max_length=20_000)
        plan = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
        area = serializers.CharField(max_length=200, required=False, allow_blank=True)
        cost_split = serializers.ChoiceField(
            choices=[CostSplit.EQUAL, CostSplit.PER_INHABITANT], required=False
        )

    class PilotsOutputSerializer(serializers.Serializer):
        mine = PilotListOutputSerializer(many=True)
        network = PilotListOutputSerializer(many=True)

    @extend_schema(
        operation_id="network_pilots_list",
        summary="List joint pilots",
        responses={200: PilotsOutputSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        organization = organization_of(request)
        return Response(
            {
                "mine": PilotListOutputSerializer(
                    selectors.pilots_of(organization=organization), many=True
                ).data,
                "network": PilotListOutputSerializer(
                    selectors.pilots_in_network(organization=organization), many=True
                ).data,
            }
        )

    @extend_schema(
        operation_id="network_pilots_create",
        summary="Propose a joint pilot",
        request=PilotProposeInputSerializer,
        responses={201: PilotDetailOutputSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = self.PilotProposeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organization = organization_of(request)
        pilot = services.pilot_propose(
            organization=organization, by=person_of(request), **data.validated_data
        )
        return Response(detail(view_or_404(request, pilot.pk)), status=status.HTTP_201_CREATED)


class PilotDetailApi(APIView):
    """One pilot: what is published, and for participants the plan, log, budget and evaluation."""

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "pilots.view", "PATCH": "pilots.manage"}

    class PilotPlanInputSerializer(serializers.Serializer):
        plan = serializers.CharField(max_length=20_000, allow_blank=True)
        summary = serializers.CharField(max_length=20_000, required=False)

    @extend_schema(
        operation_id="network_pilots_retrieve",
        summary="Read a joint pilot",
        responses={200: PilotDetailOutputSerializer, **ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(detail(view_or_404(request, pk)))

    @extend_schema(
        operation_id="network_pilots_plan_update",
        summary="Change the shared plan (owner)",
        request=PilotPlanInputSerializer,
        responses={200: PilotDetailOutputSerializer, **ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        view_or_404(request, pk)
        data = self.PilotPlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.pilot_plan_update(
            pilot_id=pk,
            organization=organization_of(request),
            by=person_of(request),
            **data.validated_data,
        )
        return Response(detail(view_or_404(request, pk)))


class _PilotAction(abc.ABC, APIView):
    """A POST on one pilot the organisation can see; answers with the pilot as it is after."""

    permission_classes = [HasCapability]
    required_capability = "pilots.manage"
    status_code: int = status.HTTP_200_OK

    @abc.abstractmethod
    def act(self, request: Request, pk: int, organization: Organization) -> None:
        """Do the operation through the pilots' services; their errors become the answer."""

    def post(self, request: Request, pk: int) -> Response:
        view_or_404(request, pk)
        self.act(request, pk, organization_of(request))
        return Response(detail(view_or_404(request, pk)), status=self.status_code)


class PilotInviteApi(_PilotAction):
    """Invite an organisation (a municipality, a group or a partner) to a proposed pilot."""

    status_code = status.HTTP_201_CREATED

    class PilotInviteInputSerializer(serializers.Serializer):
        organization_id = serializers.IntegerField()

    @extend_schema(
        operation_id="network_pilots_invite",
        summary="Invite an organisation (owner)",
        request=PilotInviteInputSerializer,
        responses={201: PilotDetailOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, pk: int, organization: Organization) -> None:
        data = self.PilotInviteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.participant_invite(
            pilot_id=pk,
            organization=organization,
            invitee_id=data.validated_data["organization_id"],
            by=person_of(request),
        )


class PilotStartApi(_PilotAction):
    """Start the pilot (owner); refused until every invited organisation has decided."""

    @extend_schema(
        operation_id="network_pilots_start",
        summary="Start the pilot once everyone has decided (owner)",
        request=None,
        responses={200: PilotDetailOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, pk: int, organization: Organization) -> None:
        services.pilot_start(pilot_id=pk, organization=organization, by=person_of(request))


class PilotEndApi(_PilotAction):
    """End the pilot after its evaluation, or call off a proposal (owner)."""

    @extend_schema(
        operation_id="network_pilots_end",
        summary="End the pilot (owner)",
        request=None,
        responses={200: PilotDetailOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, pk: int, organization: Organization) -> None:
        services.pilot_end(pilot_id=pk, organization=organization, by=person_of(request))


class PilotLeaveApi(_PilotAction):
    """Leave the pilot; what your organisation wrote and decided stays."""

    @extend_schema(
        operation_id="network_pilots_leave",
        summary="Leave the pilot",
        request=None,
        responses={200: PilotDetailOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, pk: int, organization: Organization) -> None:
        services.participant_leave(pilot_id=pk, organization=organization, by=person_of(request))


class PilotLogApi(_PilotAction):
    """Write in the pilot's shared log (organisations taking part)."""

    status_code = status.HTTP_201_CREATED

    class PilotLogInputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=20_000)

    @extend_schema(
        operation_id="network_pilots_log",
        summary="Write in the shared log",
        request=PilotLogInputSerializer,
        responses={201: PilotDetailOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, pk: int, organization: Organization) -> None:
        data = self.PilotLogInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.log_entry_add(
            pilot_id=pk,
            organization=organization,
            text=data.validated_data["text"],
            by=person_of(request),
        )


class PilotCostSplitApi(_PilotAction):
    """Choose the cost split: equal, per inhabitant served, or custom shares adding up to 100 %."""

    class PilotShareSerializer(serializers.Serializer):
        participant_id = serializers.IntegerField()
        percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0)

    class PilotSplitInputSerializer(serializers.Serializer):
        split = serializers.ChoiceField(choices=CostSplit.choices)
        shares = serializers.ListField(required=False, child=serializers.DictField())

    @extend_schema(
        operation_id="network_pilots_cost_split",
        summary="Set the cost split (owner)",
        request=PilotSplitInputSerializer,
        responses={200: PilotDetailOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, pk: int, organization: Organization) -> None:
        data = self.PilotSplitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shares = self.PilotShareSerializer(data=data.validated_data.get("shares", []), many=True)
        shares.is_valid(raise_exception=True)
        by_participant = {row["participant_id"]: row["percent"] for row in shares.validated_data}
        if len(by_participant) != len(shares.validated_data):
            raise serializers.ValidationError({"shares": [_("Ange varje deltagare en gång.")]})
        services.cost_split_set(
            pilot_id=pk,
            organization=organization,
            split=data.validated_data["split"],
            shares_percent=by_participant or None,
            by=person_of(request),
        )


class PilotEvaluationApi(_PilotAction):
    """Record the pilot's one joint evaluation (owner)."""

    status_code = status.HTTP_201_CREATED

    class PilotEvaluationInputSerializer(serializers.Serializer):
        results = serializers.CharField(max_length=20_000)
        effects = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
        recommendation = serializers.ChoiceField(choices=Recommendation.choices)
        actual_cost_sek = serializers.DecimalField(
            max_digits=12, decimal_places=2, min_value=0, required=False
        )
        evaluated_on = BoundedDateField()

    @extend_schema(
        operation_id="network_pilots_evaluate",
        summary="Record the joint evaluation (owner)",
        request=PilotEvaluationInputSerializer,
        responses={201: PilotDetailOutputSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def act(self, request: Request, pk: int, organization: Organization) -> None:
        data = self.PilotEvaluationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.evaluation_record(
            pilot_id=pk, organization=organization, by=person_of(request), **data.validated_data
        )
