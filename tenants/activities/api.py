"""API of activities: workshops, trainings and network meetings, their participants, the summary.

Reads need ``activities.view``, writes ``activities.manage``. A participant's
gender is written but never read back one by one: it appears only in the
summary, where small groups are hidden.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared.accounts import selectors as account_selectors
from shared.accounts.models import Person
from shared.accounts.permissions import HasCapability
from shared.core import tenancy
from shared.core.api.fields import BoundedDateField
from shared.core.api.pagination import Pagination
from shared.core.api.serializers import ErrorSerializer
from tenants.activities import selectors, services
from tenants.activities.models import Activity, ActivityKind, Participant, ParticipantRole
from tenants.contacts.models import Gender


class ParticipantOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=ParticipantRole.choices)
    attended = serializers.BooleanField()
    person = serializers.IntegerField(
        source="person_id", allow_null=True, help_text="A member of the organisation, if linked."
    )


class ActivityOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    title = serializers.CharField()
    held_on = serializers.DateField()
    description = serializers.CharField()
    head_count = serializers.IntegerField(allow_null=True)
    head_count_women = serializers.IntegerField(allow_null=True)
    head_count_men = serializers.IntegerField(allow_null=True)
    participant_count = serializers.IntegerField(help_text="Registered participants.")
    attended_count = serializers.IntegerField(help_text="Registered participants who attended.")
    participants_total = serializers.IntegerField(
        help_text="The head count if given, else the registered participants who attended."
    )


class ActivityDetailOutputSerializer(ActivityOutputSerializer):
    participants = ParticipantOutputSerializer(many=True)


class ActivityGenderSplitOutputSerializer(serializers.Serializer):
    women = serializers.IntegerField(allow_null=True)
    men = serializers.IntegerField(allow_null=True)
    other_or_not_stated = serializers.IntegerField(allow_null=True)


class ActivityRoleSplitOutputSerializer(serializers.Serializer):
    manager = serializers.IntegerField()
    staff = serializers.IntegerField()
    citizen = serializers.IntegerField()
    business = serializers.IntegerField()
    association = serializers.IntegerField()
    other = serializers.IntegerField()
    not_stated = serializers.IntegerField(help_text="People counted by head count: no role.")


class ActivitySummaryOutputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ActivityKind.choices, allow_null=True)
    role = serializers.ChoiceField(choices=ParticipantRole.choices, allow_null=True)
    activities = serializers.IntegerField()
    participants = serializers.IntegerField(help_text="registered + head_counted")
    registered = serializers.IntegerField(
        help_text="Registered participants who attended, in activities without a head count."
    )
    head_counted = serializers.IntegerField()
    by_gender = ActivityGenderSplitOutputSerializer(
        help_text="Null where the group is too small to show (fewer than 5 people)."
    )
    by_role = ActivityRoleSplitOutputSerializer()
    managers_trained = serializers.IntegerField(
        help_text="Managers who attended a training this year, each person once."
    )


def _activity_or_404(pk: int) -> Activity:
    try:
        return selectors.activity_get(pk=pk)
    except Activity.DoesNotExist as error:
        raise Http404 from error


def _participant_or_404(activity: Activity, pk: int) -> Participant:
    try:
        return selectors.participant_get(activity=activity, pk=pk)
    except Participant.DoesNotExist as error:
        raise Http404 from error


def _detail(pk: int, code: int = status.HTTP_200_OK) -> Response:
    activity = _activity_or_404(pk)
    data = {
        **ActivityOutputSerializer(activity).data,
        "participants": ParticipantOutputSerializer(activity.participants.all(), many=True).data,
    }
    return Response(data, status=code)


class _ActivityFields(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    title = serializers.CharField(max_length=services.TITLE_MAX_LENGTH)
    held_on = BoundedDateField()
    description = serializers.CharField(required=False, allow_blank=True)
    head_count = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    head_count_women = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    head_count_men = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class ActivityListApi(APIView):
    """List a year's activities, or register one."""

    permission_classes = [HasCapability]
    pagination_class = Pagination
    required_capabilities = {"GET": "activities.view", "POST": "activities.manage"}

    class FilterSerializer(serializers.Serializer):
        year = serializers.IntegerField(required=False, min_value=1900, max_value=2999)
        kind = serializers.ChoiceField(choices=ActivityKind.choices, required=False)

    class ActivityCreateInputSerializer(_ActivityFields):
        """The fields of a new activity (a name of its own for the OpenAPI schema)."""

    @extend_schema(
        operation_id="activities_list",
        summary="List activities, latest first",
        parameters=[FilterSerializer],
        responses={
            200: ActivityOutputSerializer(many=True),
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.activity_list(**filters.validated_data), request, view=self
        )
        return paginator.get_paginated_response(ActivityOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="activities_create",
        summary="Register an activity",
        request=ActivityCreateInputSerializer,
        responses={201: ActivityDetailOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        data = self.ActivityCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        activity = services.activity_create(**data.validated_data, by=cast(Person, request.user))
        return _detail(activity.pk, status.HTTP_201_CREATED)


class ActivitySummaryApi(APIView):
    """Who took part in a year's activities, and how many managers were trained."""

    permission_classes = [HasCapability]
    required_capability = "activities.view"

    class SummaryFilterSerializer(serializers.Serializer):
        year = serializers.IntegerField(
            required=False, min_value=1900, max_value=2999, help_text="This year if left out."
        )
        kind = serializers.ChoiceField(choices=ActivityKind.choices, required=False)
        role = serializers.ChoiceField(choices=ParticipantRole.choices, required=False)

    @extend_schema(
        operation_id="activities_summary",
        summary="Participation in a year's activities",
        parameters=[SummaryFilterSerializer],
        responses={
            200: ActivitySummaryOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.SummaryFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        year = filters.validated_data.get("year") or timezone.localdate().year
        summary = selectors.participation_summary(
            year=year,
            kind=filters.validated_data.get("kind"),
            role=filters.validated_data.get("role"),
        )
        data: dict[str, Any] = {
            **summary,
            "by_gender": selectors.gender_split_shown(summary),
            "managers_trained": selectors.managers_trained(year=year),
        }
        return Response(ActivitySummaryOutputSerializer(data).data)


class ActivityDetailApi(APIView):
    """Read an activity with its participants, or change it."""

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "activities.view", "PATCH": "activities.manage"}

    class ActivityUpdateInputSerializer(_ActivityFields):
        """The fields that may change (a name of its own for the OpenAPI schema)."""

    @extend_schema(
        operation_id="activities_retrieve",
        summary="Read an activity",
        responses={200: ActivityDetailOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail(pk)

    @extend_schema(
        operation_id="activities_update",
        summary="Change an activity",
        request=ActivityUpdateInputSerializer,
        responses={
            200: ActivityDetailOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        activity = _activity_or_404(pk)
        data = self.ActivityUpdateInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.activity_update(
            activity=activity, by=cast(Person, request.user), **data.validated_data
        )
        return _detail(pk)


class ParticipantListApi(APIView):
    """An activity's registered participants, or register one."""

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "activities.view", "POST": "activities.manage"}

    class ParticipantAddInputSerializer(serializers.Serializer):
        name = serializers.CharField(
            max_length=services.NAME_MAX_LENGTH,
            required=False,
            allow_blank=True,
            help_text="Left out: the linked person's name.",
        )
        role = serializers.ChoiceField(choices=ParticipantRole.choices)
        gender = serializers.ChoiceField(
            choices=Gender.choices,
            required=False,
            allow_blank=True,
            help_text="Self-declared and optional; only used in aggregates.",
        )
        person = serializers.IntegerField(
            required=False, allow_null=True, help_text="A member of this organisation."
        )
        attended = serializers.BooleanField(required=False, default=True)

    @extend_schema(
        operation_id="activities_participants_list",
        summary="List an activity's participants, by name",
        responses={
            200: ParticipantOutputSerializer(many=True),
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        activity = _activity_or_404(pk)
        return Response(ParticipantOutputSerializer(activity.participants.all(), many=True).data)

    @extend_schema(
        operation_id="activities_participants_add",
        summary="Register a participant",
        request=ParticipantAddInputSerializer,
        responses={
            201: ParticipantOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        activity = _activity_or_404(pk)
        data = self.ParticipantAddInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        arguments = dict(data.validated_data)
        person_id = arguments.pop("person", None)
        person = _member(person_id) if person_id is not None else None
        participant = services.participant_add(
            activity=activity,
            name=arguments.pop("name", ""),
            person=person,
            **arguments,
            by=cast(Person, request.user),
        )
        return Response(
            ParticipantOutputSerializer(participant).data, status=status.HTTP_201_CREATED
        )


def _member(person_id: int) -> Person:
    """A member of this organisation, or a field error."""
    person = Person.objects.filter(pk=person_id).first()
    organization = tenancy.current_organization()
    if (
        person is None
        or account_selectors.membership_in(person=person, organization=organization) is None
    ):
        raise ValidationError({"person": [_("Välj en medlem i organisationen.")]})
    return person


class ParticipantDetailApi(APIView):
    """Mark whether a participant came, or remove them."""

    permission_classes = [HasCapability]
    required_capability = "activities.manage"

    class AttendanceInputSerializer(serializers.Serializer):
        attended = serializers.BooleanField()

    @extend_schema(
        operation_id="activities_participants_attendance",
        summary="Mark whether a participant attended",
        request=AttendanceInputSerializer,
        responses={
            200: ParticipantOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def patch(self, request: Request, pk: int, participant_pk: int) -> Response:
        participant = _participant_or_404(_activity_or_404(pk), participant_pk)
        data = self.AttendanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.participant_set_attendance(
            participant=participant,
            attended=data.validated_data["attended"],
            by=cast(Person, request.user),
        )
        return Response(ParticipantOutputSerializer(participant).data)

    @extend_schema(
        operation_id="activities_participants_remove",
        summary="Remove a participant",
        request=None,
        responses={204: None, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def delete(self, request: Request, pk: int, participant_pk: int) -> Response:
        participant = _participant_or_404(_activity_or_404(pk), participant_pk)
        services.participant_remove(participant=participant, by=cast(Person, request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)
