"""Staff pages of the idea lock: inbox, board, list, a new idea and the idea's own page.

Plain forms throughout: every action works without JavaScript and with the
keyboard. Errors are shown next to their fields on the page the form was on.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from shared.accounts.people import person_of
from shared.accounts.permissions import MemberRequiredMixin, can, require
from shared.core import exports
from shared.core.forms import add_service_errors
from tenants import municipalities
from tenants.ideas import forms, reads, selectors, services, story
from tenants.ideas.correction import IdeaCorrectForm
from tenants.ideas.models import Attachment, Idea

LIST_PAGE_SIZE = 50
BOARD_PER_STAGE = 50


# The services name fields as the models do; the forms as the page does.
FORM_FIELDS = {"to_stage": "stage", "ideas": "ids"}


def _idea_or_404(pk: int) -> Idea:
    try:
        return selectors.idea_get(pk=pk)
    except Idea.DoesNotExist as error:
        raise Http404 from error


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class InboxView(MemberRequiredMixin, View):
    """New ideas waiting for screening, and open needs (inkorg)."""

    required_capability = "ideas.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "ideas/inbox.html", {"inbox": selectors.inbox()})


class IdeaBoardView(MemberRequiredMixin, View):
    """The pipeline as columns, one per stage; each card can be moved with a small form."""

    required_capability = "ideas.view"
    required_capabilities = {"POST": "ideas.manage"}

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            idea = _idea_or_404(int(request.POST.get("idea", "")))
        except ValueError as error:
            raise Http404 from error
        stages = selectors.stage_list()
        form = forms.MoveForm(
            request.POST, stages=stages, current=idea.stage, compact=True, prefix=f"move-{idea.pk}"
        )
        if form.is_valid():
            try:
                services.idea_move(
                    idea=idea,
                    to_stage=form.chosen_stage(),
                    by=person_of(request),
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error, field_names=FORM_FIELDS)
            else:
                messages.success(
                    request,
                    _("”%(title)s” flyttades till %(stage)s.")
                    % {"title": idea.title, "stage": form.chosen_stage().name},
                )
                query = request.GET.urlencode()
                return redirect(reverse("ideas-board") + (f"?{query}" if query else ""))
        return self._render(request, failed=(idea.pk, form), status=400)

    def _render(
        self,
        request: HttpRequest,
        failed: tuple[int, forms.MoveForm] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        stages = selectors.stage_list()
        filter_form = forms.IdeaFilterForm(request.GET, stages=stages)
        filters = filter_form.filters()
        filters.stage = None  # the board shows every stage as its own column
        may_move = can(request, "ideas.manage")
        columns = []
        for stage, ideas, total in selectors.idea_board(filters=filters, per_stage=BOARD_PER_STAGE):
            cards = []
            for idea in ideas:
                move_form = None
                if may_move:
                    if failed is not None and failed[0] == idea.pk:
                        move_form = failed[1]
                    else:
                        move_form = forms.MoveForm(
                            stages=stages, current=stage, compact=True, prefix=f"move-{idea.pk}"
                        )
                cards.append({"idea": idea, "move_form": move_form})
            columns.append({"stage": stage, "cards": cards, "total": total})
        del filter_form.fields["stage"]
        return render(
            request,
            "ideas/board.html",
            {
                "columns": columns,
                "filter_form": filter_form,
                "may_move": may_move,
                "failed_idea": failed[0] if failed else None,
                "query": request.GET.urlencode(),
            },
            status=status,
        )


class IdeaListView(MemberRequiredMixin, View):
    """Ideas as a filtered table; chosen ones can be moved together."""

    required_capability = "ideas.view"
    required_capabilities = {"POST": "ideas.manage"}

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        stages = selectors.stage_list()
        posted_ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
        ideas = reads.ideas_by_ids(ids=posted_ids)
        form = forms.BulkMoveForm(request.POST, stages=stages, prefix="bulk")
        if form.is_valid() and not ideas:
            form.add_error(None, _("Välj minst en idé i listan."))
        if form.is_valid():
            try:
                changes = services.ideas_bulk_move(
                    ideas=ideas,
                    to_stage=form.chosen_stage(),
                    by=person_of(request),
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error, field_names=FORM_FIELDS)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s idé flyttades till %(stage)s.",
                        "%(count)s idéer flyttades till %(stage)s.",
                        len(changes),
                    )
                    % {"count": len(changes), "stage": form.chosen_stage().name},
                )
                query = request.GET.urlencode()
                return redirect(reverse("ideas") + (f"?{query}" if query else ""))
        return self._render(request, bulk_form=form, status=400)

    def _render(
        self, request: HttpRequest, bulk_form: forms.BulkMoveForm | None = None, status: int = 200
    ) -> HttpResponse:
        stages = selectors.stage_list()
        filter_form = forms.IdeaFilterForm(request.GET, stages=stages)
        paginator = Paginator(selectors.idea_list(filters=filter_form.filters()), LIST_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        may_move = can(request, "ideas.manage")
        if may_move and bulk_form is None:
            bulk_form = forms.BulkMoveForm(stages=stages, prefix="bulk")
        chosen = request.POST.getlist("ids") if request.method == "POST" else []
        return render(
            request,
            "ideas/idea_list.html",
            {
                "filter_form": filter_form,
                "page": page,
                "bulk_form": bulk_form if may_move else None,
                "chosen": set(chosen),
                "query": _query_without_page(request),
                "full_query": request.GET.urlencode(),
            },
            status=status,
        )


class IdeaExportView(MemberRequiredMixin, View):
    """The ideas of the current filter as CSV; no personal data."""

    required_capability = "ideas.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        filter_form = forms.IdeaFilterForm(request.GET, stages=selectors.stage_list())
        ideas = selectors.idea_list(filters=filter_form.filters())
        header = [
            _("Diarienummer"),
            _("Rubrik"),
            _("Steg"),
            _("Kommer från"),
            _("Område eller enhet"),
            _("Kommun"),
            _("Utlysning"),
            _("Taggar"),
            _("Visas i portalen"),
            _("Inkommen"),
            _("Steg ändrat"),
        ]
        rows = (
            [
                idea.registration_number,
                idea.title,
                idea.stage.name,
                idea.get_audience_display(),
                idea.unit,
                municipalities.name_of(idea.municipality_code),
                idea.call.title if idea.call_id and idea.call else "",
                idea.tags,
                idea.is_public,
                idea.created_at,
                idea.stage_changed_at,
            ]
            for idea in ideas.iterator(chunk_size=1000)
        )
        return exports.csv_response(filename="idéer.csv", header=header, rows=rows)


class IdeaCreateView(MemberRequiredMixin, View):
    """A member of staff registers an idea; similar ideas show up while they type."""

    required_capability = "ideas.submit"

    def get(self, request: HttpRequest) -> HttpResponse:
        home = municipalities.home_of(person_of(request))
        return self._render(request, forms.IdeaForm(home_municipality=home))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = forms.IdeaForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                idea = services.idea_submit(**form.submission(), submitted_by=person_of(request))
            except ValidationError as error:
                add_service_errors(form, error, field_names=FORM_FIELDS)
            else:
                messages.success(
                    request,
                    _("Idén är registrerad med diarienummer %(number)s.")
                    % {"number": idea.registration_number},
                )
                return redirect("idea", pk=idea.pk)
        # The browser cannot refill a file field: say so when files were sent.
        if request.FILES and "attachments" not in form.errors:
            form.add_error("attachments", _("Välj filerna igen innan du skickar."))
        similar: list[Idea] = []
        text = f"{request.POST.get('title', '')} {request.POST.get('description', '')}".strip()
        if text:
            similar = selectors.ideas_similar(text=text, limit=5)
        return self._render(request, form, similar=similar, status=400)

    def _render(
        self,
        request: HttpRequest,
        form: forms.IdeaForm,
        similar: list[Idea] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "ideas/idea_form.html",
            {"form": form, "similar": similar or []},
            status=status,
        )


class IdeaDetailView(MemberRequiredMixin, View):
    """One idea: what it is, where it is, how it got there, and what people said."""

    required_capability = "ideas.view"

    ACTIONS = {
        "comment": "ideas.comment",
        "support": "ideas.support",
        "unsupport": "ideas.support",
        "follow": "ideas.follow",
        "unfollow": "ideas.follow",
        "move": "ideas.manage",
        "merge": "ideas.manage",
        "publish": "ideas.manage",
        "correct": "ideas.manage",
    }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, _idea_or_404(pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        idea = _idea_or_404(pk)
        action = request.POST.get("action", "")
        if action not in self.ACTIONS:
            return self._render(request, idea, status=400)
        require(request, self.ACTIONS[action])
        handler = getattr(self, f"_{action}")
        return handler(request, idea)

    # --- actions: each redirects on success, or renders the page with the form's errors ---

    def _comment(self, request: HttpRequest, idea: Idea) -> HttpResponse:
        form = forms.CommentForm(
            request.POST, may_write_internal=can(request, "ideas.comment_internal")
        )
        if form.is_valid():
            try:
                services.comment_add(
                    idea=idea,
                    body=form.cleaned_data["body"],
                    is_internal=form.cleaned_data.get("is_internal", False),
                    author=person_of(request),
                )
            except ValidationError as error:
                add_service_errors(form, error, field_names=FORM_FIELDS)
            else:
                messages.success(request, _("Kommentaren är sparad."))
                return self._back(idea, "comments")
        return self._render(request, idea, comment_form=form, status=400)

    def _support(self, request: HttpRequest, idea: Idea) -> HttpResponse:
        return self._participate(request, idea, services.support_add, _("Du stöder idén."))

    def _unsupport(self, request: HttpRequest, idea: Idea) -> HttpResponse:
        return self._participate(
            request, idea, services.support_remove, _("Du stöder inte längre idén.")
        )

    def _follow(self, request: HttpRequest, idea: Idea) -> HttpResponse:
        return self._participate(
            request, idea, services.follow_add, _("Du bevakar idén och får e-post när den flyttas.")
        )

    def _unfollow(self, request: HttpRequest, idea: Idea) -> HttpResponse:
        return self._participate(
            request, idea, services.follow_remove, _("Du bevakar inte längre idén.")
        )

    def _participate(
        self, request: HttpRequest, idea: Idea, service: Any, done: str
    ) -> HttpResponse:
        try:
            service(idea=idea, person=person_of(request))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return self._back(idea)

    def _move(self, request: HttpRequest, idea: Idea) -> HttpResponse:
        form = forms.MoveForm(
            request.POST, stages=selectors.stage_list(), current=idea.stage, prefix="move"
        )
        if form.is_valid():
            try:
                services.idea_move(
                    idea=idea,
                    to_stage=form.chosen_stage(),
                    by=person_of(request),
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error, field_names=FORM_FIELDS)
            else:
                messages.success(
                    request,
                    _("Idén flyttades till %(stage)s.") % {"stage": form.chosen_stage().name},
                )
                return self._back(idea, "history")
        return self._render(request, idea, move_form=form, status=400)

    def _merge(self, request: HttpRequest, idea: Idea) -> HttpResponse:
        form = forms.MergeForm(request.POST, prefix="merge")
        if form.is_valid():
            into = reads.idea_by_registration_number(form.cleaned_data["into"].strip())
            if into is None:
                form.add_error("into", _("Det finns ingen idé med det diarienumret."))
            else:
                try:
                    services.idea_merge(
                        duplicate=idea,
                        into=into,
                        by=person_of(request),
                        reason=form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    add_service_errors(form, error, field_names=FORM_FIELDS)
                else:
                    messages.success(
                        request,
                        _("Idén är sammanslagen med %(number)s.")
                        % {"number": into.registration_number},
                    )
                    return self._back(idea)
        return self._render(request, idea, merge_form=form, status=400)

    def _publish(self, request: HttpRequest, idea: Idea) -> HttpResponse:
        is_public = request.POST.get("is_public") == "1"
        try:
            services.idea_set_public(idea=idea, is_public=is_public, by=person_of(request))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Idén visas nu i portalen.")
                if is_public
                else _("Idén visas inte längre i portalen."),
            )
        return self._back(idea)

    def _correct(self, request: HttpRequest, idea: Idea) -> HttpResponse:
        form = IdeaCorrectForm(request.POST, idea=idea, prefix="correct")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.idea_correct(
                    idea=idea,
                    by=person_of(request),
                    title=data["title"],
                    description=data["description"],
                    unit=data["unit"],
                    call=data["call"],
                    needs=list(data["needs"]),
                    reason=data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Idén är rättad; ändringen syns i historiken."))
                return self._back(idea, "story")
        return self._render(request, idea, correct_form=form, status=400)

    def _back(self, idea: Idea, anchor: str = "") -> HttpResponse:
        url = reverse("idea", args=[idea.pk])
        return redirect(f"{url}#{anchor}" if anchor else url)

    def _render(
        self,
        request: HttpRequest,
        idea: Idea,
        *,
        comment_form: forms.CommentForm | None = None,
        move_form: forms.MoveForm | None = None,
        merge_form: forms.MergeForm | None = None,
        correct_form: IdeaCorrectForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        internal = can(request, "ideas.view_internal")
        manage = can(request, "ideas.manage")
        stages = selectors.stage_list()
        detail = reads.idea_detail(idea=idea, person=person_of(request), include_internal=internal)
        if comment_form is None and can(request, "ideas.comment"):
            comment_form = forms.CommentForm(
                may_write_internal=can(request, "ideas.comment_internal")
            )
        if manage and move_form is None:
            move_form = forms.MoveForm(stages=stages, current=idea.stage, prefix="move")
        if manage and merge_form is None:
            merge_form = forms.MergeForm(prefix="merge")
        if manage and correct_form is None:
            correct_form = IdeaCorrectForm(idea=idea, prefix="correct")
        return render(
            request,
            "ideas/idea_detail.html",
            {
                "idea": idea,
                "detail": detail,
                "submitter": reads.submitter_of(idea) if internal else None,
                "show_personal_data": internal,
                "similar": selectors.ideas_similar(
                    text=f"{idea.title} {idea.description}", exclude_id=idea.pk, limit=5
                ),
                "comment_form": comment_form,
                "move_form": move_form if manage else None,
                "merge_form": merge_form if manage else None,
                "correct_form": correct_form if manage else None,
                "story": story.idea_story(idea=idea, include_internal=internal),
                "may_manage": manage,
                "may_support": can(request, "ideas.support"),
                "may_follow": can(request, "ideas.follow"),
            },
            status=status,
        )


class AttachmentDownloadView(MemberRequiredMixin, View):
    """An idea's attachment, for members who may read ideas."""

    required_capability = "ideas.view"

    def get(self, request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
        try:
            attachment = reads.attachment_get(idea_id=pk, pk=attachment_pk)
        except Attachment.DoesNotExist as error:
            raise Http404 from error
        response = FileResponse(
            attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
