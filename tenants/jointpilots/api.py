"""The deciding organisation's side of a joint pilot in the API, under /api/v1/network/pilots/.

Runs in this organisation's own schema, in the request of its own person:
preparing the invitation for the idea council, and recording the decision
(the council's, or a partner's). Answers with the pilot as the network shows it.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from network.pilots import api as pilot_api
from shared.accounts.people import person_of
from shared.accounts.permissions import HasCapability
from shared.core.api.fields import BoundedDateField
from shared.organizations.models import OrganizationKind
from tenants.council.models import Meeting
from tenants.jointpilots import services


class PrepareApi(APIView):
    """Prepare an invitation for the idea council: put it on a meeting's agenda."""

    permission_classes = [HasCapability]
    required_capability = "pilots.manage"

    class PilotPrepareInputSerializer(serializers.Serializer):
        meeting_id = serializers.IntegerField()
        units = serializers.ListField(child=serializers.CharField(max_length=200), max_length=50)
        proposed_amount_sek = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
        preparation_memo = serializers.CharField(max_length=20_000)

    @extend_schema(
        operation_id="network_pilots_prepare",
        summary="Prepare a pilot invitation for the idea council",
        request=PilotPrepareInputSerializer,
        responses={201: pilot_api.PilotDetailOutputSerializer, **pilot_api.ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        pilot_api.view_or_404(request, pk)
        data = self.PilotPrepareInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        meeting = Meeting.objects.filter(pk=values.pop("meeting_id")).first()
        if meeting is None:
            raise serializers.ValidationError({"meeting_id": [_no_meeting()]})
        services.pilot_case_prepare(pilot_id=pk, meeting=meeting, by=person_of(request), **values)
        return Response(
            pilot_api.detail(pilot_api.view_or_404(request, pk)), status=status.HTTP_201_CREATED
        )


def _no_meeting() -> str:
    return _("Välj ett sammanträde.")


class DecisionApi(APIView):
    """Record this organisation's decision on taking part: the idea council's, or a partner's."""

    permission_classes = [HasCapability]
    required_capability = "council.decide"

    class PilotDecisionInputSerializer(serializers.Serializer):
        takes_part = serializers.BooleanField()
        committed_sek = serializers.DecimalField(
            max_digits=12, decimal_places=2, min_value=0, required=False, default=Decimal(0)
        )
        units = serializers.ListField(
            child=serializers.CharField(max_length=200),
            max_length=50,
            required=False,
            help_text="Council: replaces the units prepared. Partner: the units taking part.",
        )
        rationale = serializers.CharField(max_length=20_000)
        decided_on = BoundedDateField()
        budget_override_reason = serializers.CharField(
            required=False, allow_blank=True, default="", help_text="Council only."
        )
        external_reference = serializers.CharField(
            max_length=40, required=False, allow_blank=True, default="", help_text="Partner only."
        )

    @extend_schema(
        operation_id="network_pilots_decide",
        summary="Record your organisation's decision on taking part",
        request=PilotDecisionInputSerializer,
        responses={201: pilot_api.PilotDetailOutputSerializer, **pilot_api.ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        organization = pilot_api.organization_of(request)
        pilot_api.view_or_404(request, pk)
        data = self.PilotDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if organization.kind == OrganizationKind.PARTNER:
            services.partner_decide(
                pilot_id=pk,
                takes_part=values["takes_part"],
                committed_sek=values["committed_sek"],
                units=values.get("units", []),
                rationale=values["rationale"],
                decided_on=values["decided_on"],
                external_reference=values["external_reference"],
                by=person_of(request),
            )
        else:
            services.pilot_case_decide(
                pilot_id=pk,
                takes_part=values["takes_part"],
                amount_sek=values["committed_sek"],
                units=values.get("units"),
                rationale=values["rationale"],
                decided_on=values["decided_on"],
                budget_override_reason=values["budget_override_reason"],
                by=person_of(request),
            )
        return Response(
            pilot_api.detail(pilot_api.view_or_404(request, pk)), status=status.HTTP_201_CREATED
        )
