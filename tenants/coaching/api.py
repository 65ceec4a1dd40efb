"""API of coaching (idécoachning): a coach's ideas, an idea's coach, notes and next steps.

Reads need ``coaching.view`` (coach notes are internal), writes ``coaching.manage``.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared.accounts.models import Person
from shared.accounts.permissions import HasCapability
from shared.core.api.fields import BoundedDateField
from shared.core.api.pagination import Pagination
from shared.core.api.serializers import ErrorSerializer
from tenants.coaching import selectors, services
from tenants.coaching.models import NextStep
from tenants.ideas.models import Idea


class CoachingPersonOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")


class NextStepOutputSerializer(serializers.Serializer):
    """A next step (``selectors.StepRow``) with its flags."""

    id = serializers.IntegerField(source="step.pk")
    idea = serializers.IntegerField(source="step.idea_id")
    description = serializers.CharField(source="step.description")
    owner = CoachingPersonOutputSerializer(source="step.owner")
    due_on = serializers.DateField(source="step.due_on")
    done_at = serializers.DateTimeField(source="step.done_at", allow_null=True)
    is_overdue = serializers.BooleanField(help_text="Open and due before today.")
    is_due_soon = serializers.BooleanField(help_text="Open and due within seven days.")


class CoachNoteOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    idea = serializers.IntegerField(source="idea_id")
    author = CoachingPersonOutputSerializer()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class CoachAssignmentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    coach = CoachingPersonOutputSerializer()
    assigned_by = CoachingPersonOutputSerializer(allow_null=True)
    assigned_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)


class IdeaCoachOutputSerializer(serializers.Serializer):
    idea = serializers.IntegerField()
    current = CoachAssignmentOutputSerializer(allow_null=True, help_text="None: no coach now.")
    history = CoachAssignmentOutputSerializer(many=True, help_text="Every coach, first first.")


class IdeaRefOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    registration_number = serializers.CharField()
    title = serializers.CharField()
    stage = serializers.CharField(source="stage.key")


class WorkspaceIdeaOutputSerializer(serializers.Serializer):
    idea = IdeaRefOutputSerializer()
    assigned_at = serializers.DateTimeField(source="assignment.assigned_at")
    overdue_count = serializers.IntegerField()
    due_soon_count = serializers.IntegerField()
    next_steps = NextStepOutputSerializer(source="steps", many=True)


def _idea_or_404(pk: int) -> Idea:
    try:
        return selectors.idea_get(pk=pk)
    except Idea.DoesNotExist as error:
        raise Http404 from error


def _person(pk: int, *, field: str, message: str) -> Person:
    """The person with ``pk``; a field error with ``message`` if there is none."""
    person = selectors.person_find(pk=pk)
    if person is None:
        raise ValidationError({field: message})
    return person


def _idea_coach(idea: Idea) -> dict[str, Any]:
    history = selectors.coach_history(idea=idea)
    current = history[-1] if history and history[-1].ended_at is None else None
    return {"idea": idea.pk, "current": current, "history": history}


class CoachWorkspaceApi(APIView):
    """The ideas the caller coaches now, with their open next steps."""

    permission_classes = [HasCapability]
    pagination_class = Pagination
    required_capability = "coaching.view"

    @extend_schema(
        operation_id="coaching_mine",
        summary="List my current ideas as coach, most urgent first",
        responses={200: WorkspaceIdeaOutputSerializer(many=True), 403: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        # The stubs type paginate_queryset for querysets only; any sequence pages fine.
        rows: Any = selectors.coach_workspace(coach=cast(Person, request.user))
        page: list[Any] | None = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(WorkspaceIdeaOutputSerializer(page, many=True).data)


class IdeaCoachApi(APIView):
    """Read an idea's coach and coach history, or assign (change, remove) its coach."""

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "coaching.view", "POST": "coaching.manage"}

    class CoachAssignInputSerializer(serializers.Serializer):
        coach = serializers.IntegerField(
            allow_null=True,
            help_text="The coach (a coach or admin here); null removes the coach.",
        )

    @extend_schema(
        operation_id="ideas_coach_retrieve",
        summary="Read an idea's coach and coach history",
        responses={200: IdeaCoachOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(IdeaCoachOutputSerializer(_idea_coach(_idea_or_404(pk))).data)

    @extend_schema(
        operation_id="ideas_coach_assign",
        summary="Assign, change or remove an idea's coach",
        request=CoachAssignInputSerializer,
        responses={
            200: IdeaCoachOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        idea = _idea_or_404(pk)
        data = self.CoachAssignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        by = cast(Person, request.user)
        coach_id = data.validated_data["coach"]
        if coach_id is None:
            services.coach_unassign(idea=idea, by=by)
        else:
            message = _("Välj en idécoach eller administratör i organisationen.")
            coach = _person(coach_id, field="coach", message=message)
            services.coach_assign(idea=idea, coach=coach, by=by)
        return Response(IdeaCoachOutputSerializer(_idea_coach(idea)).data)


class IdeaCoachNoteListApi(APIView):
    """Read an idea's coach notes, newest first, or write one."""

    permission_classes = [HasCapability]
    pagination_class = Pagination
    required_capabilities = {"GET": "coaching.view", "POST": "coaching.manage"}

    class CoachNoteInputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=services.NOTE_MAX_LENGTH)

    @extend_schema(
        operation_id="ideas_coach_notes_list",
        summary="List an idea's coach notes, newest first",
        responses={
            200: CoachNoteOutputSerializer(many=True),
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        idea = _idea_or_404(pk)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(selectors.coach_notes(idea=idea), request, view=self)
        return paginator.get_paginated_response(CoachNoteOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="ideas_coach_notes_add",
        summary="Write a coach note on an idea",
        request=CoachNoteInputSerializer,
        responses={
            201: CoachNoteOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        idea = _idea_or_404(pk)
        data = self.CoachNoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.coach_note_add(
            idea=idea, author=cast(Person, request.user), body=data.validated_data["body"]
        )
        return Response(CoachNoteOutputSerializer(note).data, status=status.HTTP_201_CREATED)


class IdeaNextStepListApi(APIView):
    """Read an idea's next steps, or agree a new one."""

    permission_classes = [HasCapability]
    pagination_class = Pagination
    required_capabilities = {"GET": "coaching.view", "POST": "coaching.manage"}

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(
            choices=["open", "done"], required=False, help_text="Only open or only done steps."
        )

    class NextStepInputSerializer(serializers.Serializer):
        description = serializers.CharField(max_length=services.DESCRIPTION_MAX_LENGTH)
        owner = serializers.IntegerField(help_text="A member of this organisation.")
        due_on = BoundedDateField(help_text="Today or later.")

    @extend_schema(
        operation_id="ideas_next_steps_list",
        summary="List an idea's next steps: open ones by due date, then done ones",
        parameters=[FilterSerializer],
        responses={
            200: NextStepOutputSerializer(many=True),
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        idea = _idea_or_404(pk)
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.next_steps(idea=idea, **filters.validated_data), request, view=self
        )
        rows = selectors.step_rows(list(page or []))
        return paginator.get_paginated_response(NextStepOutputSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="ideas_next_steps_add",
        summary="Agree a next step with an owner and a due date",
        request=NextStepInputSerializer,
        responses={
            201: NextStepOutputSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        idea = _idea_or_404(pk)
        data = self.NextStepInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        owner = _person(
            data.validated_data["owner"],
            field="owner",
            message=_("Välj en ansvarig som är medlem i organisationen."),
        )
        step = services.next_step_add(
            idea=idea,
            description=data.validated_data["description"],
            owner=owner,
            due_on=data.validated_data["due_on"],
            by=cast(Person, request.user),
        )
        return Response(_step_output(step), status=status.HTTP_201_CREATED)


def _step_or_404(pk: int) -> NextStep:
    try:
        return selectors.next_step_get(pk=pk)
    except NextStep.DoesNotExist as error:
        raise Http404 from error


def _step_output(step: NextStep) -> Any:
    return NextStepOutputSerializer(selectors.step_rows([step])[0]).data


class NextStepCompleteApi(APIView):
    """Mark a next step done (again: no change)."""

    permission_classes = [HasCapability]
    required_capability = "coaching.manage"

    @extend_schema(
        operation_id="next_steps_complete",
        summary="Mark a next step done",
        request=None,
        responses={200: NextStepOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        step = services.next_step_complete(step=_step_or_404(pk), by=cast(Person, request.user))
        return Response(_step_output(step))


class NextStepReopenApi(APIView):
    """Open a done next step again (an open one: no change)."""

    permission_classes = [HasCapability]
    required_capability = "coaching.manage"

    @extend_schema(
        operation_id="next_steps_reopen",
        summary="Open a done next step again",
        request=None,
        responses={200: NextStepOutputSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        step = services.next_step_reopen(step=_step_or_404(pk), by=cast(Person, request.user))
        return Response(_step_output(step))
