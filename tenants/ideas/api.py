"""API of the idea lock: ideas, their pipeline, comments, support and follows.

One view per operation (HackSoft): each names its capabilities per method,
validates with a nested input serializer, calls a service or a selector and
answers with an output serializer. Errors come in the one JSON shape of
``shared.core.api.errors``.

Personal data of whoever submitted an idea (name, e-mail) is only in answers
to roles with ``ideas.view_internal``; self-declared gender never is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared.accounts.people import person_of
from shared.accounts.permissions import HasCapability, can
from shared.core.api.fields import BoundedDateField
from shared.core.api.pagination import Pagination
from shared.core.api.parsers import FormParser, JSONParser, MultiPartParser
from shared.core.api.serializers import ErrorSerializer
from tenants.calls.models import IdeaCall
from tenants.contacts.models import Audience, Gender
from tenants.ideas import reads, selectors, services, story
from tenants.ideas.models import Idea, Stage, StageKind
from tenants.needs.models import Need

T = TypeVar("T")

READ_ERRORS: dict[int, type] = {403: ErrorSerializer, 404: ErrorSerializer}
WRITE_ERRORS: dict[int, type] = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def _can(request: Request, capability: str) -> bool:
    return can(request._request, capability)


def _idea_or_404(pk: int) -> Idea:
    """The idea with everything its detail shows."""
    try:
        return selectors.idea_get(pk=pk)
    except Idea.DoesNotExist as error:
        raise Http404 from error


def _idea_row_or_404(pk: int) -> Idea:
    """Just the idea and its stage: enough to act on it."""
    idea = reads.idea_row(pk=pk)
    if idea is None:
        raise Http404
    return idea


def _renamed(error: DjangoValidationError, names: dict[str, str]) -> DjangoValidationError:
    """The service's error with its field names as this API calls them."""
    if not hasattr(error, "error_dict"):
        return error
    names = {NON_FIELD_ERRORS: "non_field_errors", **names}
    return DjangoValidationError(
        {names.get(field, field): messages for field, messages in error.message_dict.items()}
    )


def _service(service: Callable[..., T], names: dict[str, str] | None = None, /, **kwargs: Any) -> T:
    """Run a service; its validation errors come back named as this API names its fields."""
    try:
        return service(**kwargs)
    except DjangoValidationError as error:
        raise _renamed(error, names or {}) from error


# The services name fields as the models do; the API as its input does.
MOVE_FIELDS = {"to_stage": "stage", "ideas": "ids"}


def _summary_of(pk: int) -> Idea:
    """The idea as the list shows it (with its counts)."""
    idea = selectors.idea_list(filters=selectors.IdeaFilters()).filter(pk=pk).first()
    if idea is None:
        raise Http404
    return idea


def _stage_by_key(key: str) -> Stage:
    """Return the active stage ``key``, or a validation error on the field ``stage``."""
    for stage in selectors.stage_list():
        if stage.key == key:
            return stage
    raise exceptions.ValidationError(
        {"stage": [_("Det finns inget steg som heter ”%(key)s”.") % {"key": key}]}
    )


WHO_KIND_HELP = "`staff` (a member of the organisation) or `contact` (via the public portal)."


# --- Shapes shared by several views ------------------------------------------------


class StageOutputSerializer(serializers.Serializer):
    key = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=StageKind.choices)
    position = serializers.IntegerField()
    is_entry = serializers.BooleanField()


class StageRefSerializer(serializers.Serializer):
    key = serializers.SlugField()
    name = serializers.CharField()


class IdeaBriefSerializer(serializers.Serializer):
    """An idea in short: nothing about who submitted it."""

    id = serializers.IntegerField()
    registration_number = serializers.CharField()
    title = serializers.CharField()
    stage = StageRefSerializer()
    audience = serializers.ChoiceField(choices=Audience.choices)
    unit = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    call_id = serializers.IntegerField(allow_null=True)
    is_public = serializers.BooleanField()
    merged_into_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    stage_changed_at = serializers.DateTimeField()


class IdeaOutputSerializer(IdeaBriefSerializer):
    """An idea as lists show it, with how many support and follow it."""

    support_count = serializers.IntegerField()
    follow_count = serializers.IntegerField(source="follower_count")


class StageChangeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    from_stage = StageRefSerializer(allow_null=True)
    to_stage = StageRefSerializer()
    moved_by = serializers.SerializerMethodField()
    reason = serializers.CharField()
    at = serializers.DateTimeField()

    def get_moved_by(self, change: Any) -> str | None:
        return reads.person_name(change.moved_by)


class AuthorSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=WHO_KIND_HELP)
    name = serializers.CharField(allow_null=True)


class CommentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField()
    is_internal = serializers.BooleanField()
    author = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(AuthorSerializer)
    def get_author(self, comment: Any) -> dict[str, Any]:
        if comment.contact_id is None:
            return {"kind": "staff", "name": reads.person_name(comment.author)}
        # A portal contact's name is personal data.
        show = self.context.get("show_personal_data", False)
        return {"kind": "contact", "name": comment.contact.name if show else None}


class SubmitterSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=WHO_KIND_HELP)
    name = serializers.CharField()
    email = serializers.EmailField()
    organization = serializers.CharField()


class AttachmentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size_bytes = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, attachment: Any) -> str:
        from django.urls import reverse

        return reverse("idea-attachment", args=[attachment.idea_id, attachment.pk])


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class StoryPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class StoryCoachSerializer(serializers.Serializer):
    coach = StoryPersonSerializer()
    assigned_at = serializers.DateTimeField()


class StoryStepSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    description = serializers.CharField()
    owner = StoryPersonSerializer()
    due_on = serializers.DateField()
    done_at = serializers.DateTimeField(allow_null=True)


class StoryDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    registration_number = serializers.CharField(help_text="Diarienummer: a public record.")
    kind = serializers.CharField()
    amount_granted_sek = serializers.DecimalField(max_digits=12, decimal_places=2)
    rationale = serializers.CharField()
    decided_on = serializers.DateField()
    meeting_id = serializers.IntegerField(source="agenda_item.meeting_id")


class StoryEvaluationSerializer(serializers.Serializer):
    recommendation = serializers.CharField()
    summary = serializers.CharField()
    evaluated_on = serializers.DateField()


class StoryMethodSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()


class StoryTrialSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    decision_id = serializers.IntegerField(allow_null=True)
    evaluation = serializers.SerializerMethodField()

    @extend_schema_field(StoryEvaluationSerializer(allow_null=True))
    def get_evaluation(self, trial: Any) -> dict[str, Any] | None:
        evaluation = getattr(trial, "evaluation", None)
        return StoryEvaluationSerializer(evaluation).data if evaluation is not None else None


class StoryProvenanceSerializer(serializers.Serializer):
    origin_organization_name = serializers.CharField()
    origin_title = serializers.CharField()
    adopted_at = serializers.DateTimeField()


class StoryAdoptionSerializer(serializers.Serializer):
    organization = serializers.CharField(source="organization.name")
    adopted_at = serializers.DateTimeField()


class StoryCorrectionSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor_id = serializers.IntegerField(allow_null=True)
    before = serializers.DictField()
    after = serializers.DictField()


class IdeaStorySerializer(serializers.Serializer):
    """Everything that happened to the idea beyond its stage history."""

    coach = StoryCoachSerializer(allow_null=True)
    next_steps = StoryStepSerializer(many=True, help_text="Empty unless internal data is shown.")
    decisions = StoryDecisionSerializer(many=True)
    trials = StoryTrialSerializer(many=True)
    methods = StoryMethodSerializer(many=True)
    merged_ideas = RefSerializer(many=True, help_text="Duplicates merged into this idea.")
    corrections = StoryCorrectionSerializer(many=True)
    provenance = StoryProvenanceSerializer(allow_null=True)
    adopted_by = StoryAdoptionSerializer(many=True)


class IdeaDetailOutputSerializer(IdeaOutputSerializer):
    """One idea with its history, files, comments, counts and its whole story."""

    description = serializers.CharField()
    expected_benefit = serializers.CharField()
    call = RefSerializer(allow_null=True)
    needs = RefSerializer(many=True)
    merged_into = RefSerializer(allow_null=True)
    history = StageChangeOutputSerializer(many=True)
    attachments = AttachmentOutputSerializer(many=True)
    comments = CommentOutputSerializer(many=True)
    support_count = serializers.IntegerField()
    follow_count = serializers.IntegerField()
    comment_count = serializers.IntegerField()
    is_supported_by_me = serializers.BooleanField()
    is_followed_by_me = serializers.BooleanField()
    submitter = SubmitterSerializer(
        allow_null=True, help_text="Only for roles that may see internal data; else null."
    )
    story = IdeaStorySerializer()


def _detail_data(request: Request, idea: Idea) -> dict[str, Any]:
    """Everything the detail answer shows, read for the person asking."""
    internal = _can(request, "ideas.view_internal")
    detail = reads.idea_detail(idea=idea, person=person_of(request), include_internal=internal)
    return {
        **{
            name: getattr(idea, cast(str, field.source or name))
            for name, field in IdeaOutputSerializer().fields.items()
        },
        "description": idea.description,
        "expected_benefit": idea.expected_benefit,
        "call": idea.call,
        "needs": detail.needs,
        "merged_into": idea.merged_into,
        "history": detail.history,
        "attachments": detail.attachments,
        "comments": detail.comments,
        "support_count": detail.support_count,
        "follow_count": detail.follow_count,
        "comment_count": len(detail.comments),
        "is_supported_by_me": detail.is_supported_by_me,
        "is_followed_by_me": detail.is_followed_by_me,
        "submitter": reads.submitter_of(idea) if internal else None,
        "story": story.idea_story(idea=idea, include_internal=internal),
    }


def _detail_response(request: Request, idea: Idea, code: int = status.HTTP_200_OK) -> Response:
    internal = _can(request, "ideas.view_internal")
    serializer = IdeaDetailOutputSerializer(
        _detail_data(request, idea), context={"show_personal_data": internal}
    )
    return Response(serializer.data, status=code)


# --- Ideas ----------------------------------------------------------------------------


class IdeaListApi(APIView):
    """List the ideas of this organisation, or submit one as a member of staff."""

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "ideas.view", "POST": "ideas.submit"}
    pagination_class = Pagination
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class FilterSerializer(serializers.Serializer):
        stage = serializers.SlugField(required=False, help_text="A stage key, e.g. `received`.")
        call = serializers.IntegerField(required=False, min_value=1)
        need = serializers.IntegerField(required=False, min_value=1)
        audience = serializers.ChoiceField(choices=Audience.choices, required=False)
        unit = serializers.CharField(required=False, max_length=200)
        coach = serializers.IntegerField(
            required=False, min_value=1, help_text="Id of the person coaching the idea now."
        )
        submitted_from = BoundedDateField(required=False)
        submitted_to = BoundedDateField(required=False)
        q = serializers.CharField(required=False, max_length=200, help_text="Full-text search.")

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            start, end = attrs.get("submitted_from"), attrs.get("submitted_to")
            if start and end and end < start:
                raise serializers.ValidationError(
                    {"submitted_to": [_("Slutdatumet kan inte ligga före startdatumet.")]}
                )
            return attrs

    @extend_schema_serializer(component_name="IdeaSubmitInput")
    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200)
        description = serializers.CharField()
        audience = serializers.ChoiceField(choices=Audience.choices, default=Audience.STAFF)
        expected_benefit = serializers.CharField(required=False, allow_blank=True, default="")
        unit = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        tags = serializers.ListField(
            child=serializers.CharField(max_length=50), required=False, default=list
        )
        call = serializers.PrimaryKeyRelatedField(
            queryset=IdeaCall.objects.all(), required=False, allow_null=True, default=None
        )
        needs = serializers.PrimaryKeyRelatedField(
            queryset=Need.objects.all(), many=True, required=False, default=list
        )
        submitter_gender = serializers.ChoiceField(
            choices=Gender.choices, required=False, allow_blank=True, default=""
        )
        attachments = serializers.ListField(
            child=serializers.FileField(), required=False, default=list
        )

    @extend_schema(
        operation_id="ideas_list",
        summary="List ideas, filtered and paginated (25 a page)",
        parameters=[FilterSerializer],
        responses={
            200: IdeaOutputSerializer(many=True),
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.idea_list(filters=api_filters(filters.validated_data)), request, view=self
        )
        return paginator.get_paginated_response(IdeaOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="ideas_submit",
        summary="Submit an idea as a member of staff (multipart for attachments)",
        request={"multipart/form-data": InputSerializer, "application/json": InputSerializer},
        responses={201: IdeaDetailOutputSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idea = _service(
            services.idea_submit, **data.validated_data, submitted_by=person_of(request)
        )
        return _detail_response(request, _idea_or_404(idea.pk), status.HTTP_201_CREATED)


def api_filters(data: dict[str, Any]) -> selectors.IdeaFilters:
    """Turn validated query parameters into the selector's filters."""
    return selectors.IdeaFilters(
        stage=data.get("stage") or None,
        call_id=data.get("call"),
        need_id=data.get("need"),
        audience=data.get("audience") or None,
        unit=data.get("unit") or None,
        coach_id=data.get("coach"),
        submitted_from=data.get("submitted_from"),
        submitted_to=data.get("submitted_to"),
        q=data.get("q") or None,
    )


class IdeaDetailApi(APIView):
    """One idea with its history, counts, attachments and the comments the caller may read.

    PATCH corrects a submitted idea (rättelse): title, description, unit, call
    and needs; the change goes to the audit log and shows in the idea's story.
    """

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "ideas.view", "PATCH": "ideas.manage"}

    @extend_schema_serializer(component_name="IdeaCorrectInput")
    class CorrectInputSerializer(serializers.Serializer):
        title = serializers.CharField(required=False, max_length=200)
        description = serializers.CharField(required=False)
        unit = serializers.CharField(required=False, allow_blank=True, max_length=200)
        call = serializers.PrimaryKeyRelatedField(
            queryset=IdeaCall.objects.all(),
            required=False,
            allow_null=True,
            help_text="The call's id; null removes the call.",
        )
        needs = serializers.PrimaryKeyRelatedField(
            queryset=Need.objects.all(), many=True, required=False, help_text="Every need, by id."
        )
        reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="ideas_correct",
        summary="Correct a submitted idea: title, text, unit, call and needs",
        request=CorrectInputSerializer,
        responses={200: IdeaDetailOutputSerializer, **WRITE_ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        idea = _idea_or_404(pk)
        data = self.CorrectInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = dict(data.validated_data)
        changes = {
            name: given[name]
            for name in ("title", "description", "unit", "call", "needs")
            if name in given
        }
        _service(
            services.idea_correct,
            idea=idea,
            by=person_of(request),
            reason=given["reason"],
            **changes,
        )
        return _detail_response(request, _idea_or_404(pk))

    @extend_schema(
        operation_id="ideas_retrieve",
        summary="Read an idea with its history, counts, attachments and comments",
        responses={200: IdeaDetailOutputSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _detail_response(request, _idea_or_404(pk))


class IdeaMoveApi(APIView):
    """Move an idea to another stage; the move is recorded with who, when and why."""

    permission_classes = [HasCapability]
    required_capability = "ideas.manage"

    @extend_schema_serializer(component_name="IdeaMoveInput")
    class InputSerializer(serializers.Serializer):
        stage = serializers.SlugField(help_text="The key of the stage to move to.")
        reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="ideas_move",
        summary="Move an idea to another stage, with a reason",
        request=InputSerializer,
        responses={200: StageChangeOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        idea = _idea_row_or_404(pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        change = _service(
            services.idea_move,
            MOVE_FIELDS,
            idea=idea,
            to_stage=_stage_by_key(data.validated_data["stage"]),
            by=person_of(request),
            reason=data.validated_data["reason"],
        )
        return Response(StageChangeOutputSerializer(change).data)


class IdeaBulkMoveApi(APIView):
    """Move several ideas to one stage, all or none."""

    permission_classes = [HasCapability]
    required_capability = "ideas.manage"

    @extend_schema_serializer(component_name="IdeaBulkMoveInput")
    class InputSerializer(serializers.Serializer):
        ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1), min_length=1, max_length=500
        )
        stage = serializers.SlugField()
        reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="ideas_bulk_move",
        summary="Move several ideas to one stage, all or none",
        request=InputSerializer,
        responses={
            200: StageChangeOutputSerializer(many=True),
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = list(dict.fromkeys(data.validated_data["ids"]))
        ideas = reads.ideas_by_ids(ids=ids)
        missing = sorted(set(ids) - {idea.pk for idea in ideas})
        if missing:
            raise exceptions.ValidationError(
                {
                    "ids": [
                        _("Det finns inga idéer med id %(ids)s.")
                        % {"ids": ", ".join(map(str, missing))}
                    ]
                }
            )
        changes = _service(
            services.ideas_bulk_move,
            MOVE_FIELDS,
            ideas=ideas,
            to_stage=_stage_by_key(data.validated_data["stage"]),
            by=person_of(request),
            reason=data.validated_data["reason"],
        )
        return Response(StageChangeOutputSerializer(changes, many=True).data)


class IdeaMergeApi(APIView):
    """Close an idea as a duplicate of another; its supporters and followers move along."""

    permission_classes = [HasCapability]
    required_capability = "ideas.manage"

    @extend_schema_serializer(component_name="IdeaMergeInput")
    class InputSerializer(serializers.Serializer):
        into = serializers.IntegerField(min_value=1, help_text="The id of the idea to keep.")
        reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        operation_id="ideas_merge",
        summary="Close an idea as a duplicate of another",
        request=InputSerializer,
        responses={200: IdeaOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        duplicate = _idea_row_or_404(pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        into = reads.ideas_by_ids(ids=[data.validated_data["into"]])
        if not into:
            raise exceptions.ValidationError({"into": [_("Det finns ingen sådan idé.")]})
        _service(
            services.idea_merge,
            {"duplicate": "non_field_errors"},
            duplicate=duplicate,
            into=into[0],
            by=person_of(request),
            reason=data.validated_data["reason"],
        )
        return Response(IdeaOutputSerializer(_summary_of(pk)).data)


class IdeaPublishApi(APIView):
    """Show an idea in the public portal, or take it away from there."""

    permission_classes = [HasCapability]
    required_capability = "ideas.manage"

    @extend_schema_serializer(component_name="IdeaPublishInput")
    class InputSerializer(serializers.Serializer):
        is_public = serializers.BooleanField()

    @extend_schema(
        operation_id="ideas_publish",
        summary="Show an idea in the public portal, or stop showing it",
        request=InputSerializer,
        responses={200: IdeaOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        idea = _idea_row_or_404(pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        idea = _service(
            services.idea_set_public,
            idea=idea,
            is_public=data.validated_data["is_public"],
            by=person_of(request),
        )
        return Response(IdeaOutputSerializer(_summary_of(idea.pk)).data)


class IdeaSimilarApi(APIView):
    """Ideas that look like a text: shown while someone writes a new one."""

    permission_classes = [HasCapability]
    required_capability = "ideas.view"

    class FilterSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=5000)
        exclude = serializers.IntegerField(required=False, min_value=1)
        limit = serializers.IntegerField(required=False, min_value=1, max_value=20, default=5)

    @extend_schema(
        operation_id="ideas_similar",
        summary="List ideas that resemble a text",
        parameters=[FilterSerializer],
        responses={
            200: IdeaBriefSerializer(many=True),
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        ideas = selectors.ideas_similar(
            text=filters.validated_data["text"],
            exclude_id=filters.validated_data.get("exclude"),
            limit=filters.validated_data["limit"],
        )
        return Response(IdeaBriefSerializer(ideas, many=True).data)


class StageListApi(APIView):
    """The stages of this organisation's pipeline, in order."""

    permission_classes = [HasCapability]
    required_capability = "ideas.view"

    @extend_schema(
        operation_id="stages_list",
        summary="List the pipeline's stages in order",
        responses={200: StageOutputSerializer(many=True), 403: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        return Response(StageOutputSerializer(selectors.stage_list(), many=True).data)


# --- Taking part: comments, support, follows ------------------------------------------


class IdeaCommentListApi(APIView):
    """Comments on an idea, internal notes included for those who may read them; or add one."""

    permission_classes = [HasCapability]
    required_capabilities = {"GET": "ideas.view", "POST": "ideas.comment"}
    pagination_class = Pagination

    @extend_schema_serializer(component_name="CommentAddInput")
    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=10_000)
        is_internal = serializers.BooleanField(
            required=False, default=False, help_text="Needs the capability ideas.comment_internal."
        )

    @extend_schema(
        operation_id="ideas_comments_list",
        summary="List an idea's comments (internal notes for internal roles)",
        responses={200: CommentOutputSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        idea = _idea_row_or_404(pk)
        internal = _can(request, "ideas.view_internal")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            reads.comment_list(idea=idea, include_internal=internal), request, view=self
        )
        serializer = CommentOutputSerializer(
            page, many=True, context={"show_personal_data": internal}
        )
        return paginator.get_paginated_response(serializer.data)

    @extend_schema(
        operation_id="ideas_comments_add",
        summary="Comment on an idea, or write an internal note",
        request=InputSerializer,
        responses={201: CommentOutputSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        idea = _idea_row_or_404(pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["is_internal"] and not _can(request, "ideas.comment_internal"):
            raise exceptions.PermissionDenied(
                _("Din roll ger inte behörighet att skriva interna anteckningar.")
            )
        comment = _service(
            services.comment_add, idea=idea, author=person_of(request), **data.validated_data
        )
        return Response(CommentOutputSerializer(comment).data, status=status.HTTP_201_CREATED)


class _ParticipationOutputSerializer(serializers.Serializer):
    active = serializers.BooleanField(help_text="Whether the caller now supports / follows.")
    count = serializers.IntegerField()


class IdeaSupportApi(APIView):
    """Support an idea ("jag vill också ha detta"), or take the support back."""

    permission_classes = [HasCapability]
    required_capability = "ideas.support"

    @extend_schema(
        operation_id="ideas_support_add",
        summary="Support an idea",
        request=None,
        responses={200: _ParticipationOutputSerializer, **READ_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        idea = _idea_row_or_404(pk)
        _service(services.support_add, idea=idea, person=person_of(request))
        return self._state(request, idea)

    @extend_schema(
        operation_id="ideas_support_remove",
        summary="Take back one's support",
        request=None,
        responses={200: _ParticipationOutputSerializer, **READ_ERRORS},
    )
    def delete(self, request: Request, pk: int) -> Response:
        idea = _idea_row_or_404(pk)
        _service(services.support_remove, idea=idea, person=person_of(request))
        return self._state(request, idea)

    def _state(self, request: Request, idea: Idea) -> Response:
        detail = reads.participation(idea=idea, person=person_of(request))
        return Response(
            _ParticipationOutputSerializer(
                {"active": detail.is_supported_by_me, "count": detail.support_count}
            ).data
        )


class IdeaFollowApi(APIView):
    """Follow an idea (a mail when it moves), or stop following it."""

    permission_classes = [HasCapability]
    required_capability = "ideas.follow"

    @extend_schema(
        operation_id="ideas_follow_add",
        summary="Follow an idea",
        request=None,
        responses={200: _ParticipationOutputSerializer, **READ_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        idea = _idea_row_or_404(pk)
        _service(services.follow_add, idea=idea, person=person_of(request))
        return self._state(request, idea)

    @extend_schema(
        operation_id="ideas_follow_remove",
        summary="Stop following an idea",
        request=None,
        responses={200: _ParticipationOutputSerializer, **READ_ERRORS},
    )
    def delete(self, request: Request, pk: int) -> Response:
        idea = _idea_row_or_404(pk)
        _service(services.follow_remove, idea=idea, person=person_of(request))
        return self._state(request, idea)

    def _state(self, request: Request, idea: Idea) -> Response:
        detail = reads.participation(idea=idea, person=person_of(request))
        return Response(
            _ParticipationOutputSerializer(
                {"active": detail.is_followed_by_me, "count": detail.follow_count}
            ).data
        )
