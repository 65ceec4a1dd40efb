"""Pages of coaching: the coach's own ideas, and an idea's coach, next steps and notes.

Only members with ``coaching.view`` see them (coach notes are internal);
only ``coaching.manage`` changes anything. Plain forms: errors are shown next
to their fields and what was typed is kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from shared.accounts.people import person_of
from shared.accounts.permissions import MemberRequiredMixin, can
from shared.core.forms import add_service_errors
from tenants.coaching import selectors, services
from tenants.coaching.forms import CoachAssignForm, CoachNoteForm, NextStepForm, describe_fields
from tenants.coaching.models import NextStep
from tenants.ideas.models import Idea


def _idea_or_404(pk: int) -> Idea:
    try:
        return selectors.idea_get(pk=pk)
    except Idea.DoesNotExist as error:
        raise Http404 from error


class CoachWorkspaceView(MemberRequiredMixin, View):
    """The coach's own ideas ("Mina idéer"): open next steps, what is due, what is overdue."""

    required_capability = "coaching.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = selectors.coach_workspace(coach=person_of(request))
        return render(
            request,
            "coaching/workspace.html",
            {
                "rows": rows,
                "overdue_count": sum(row.overdue_count for row in rows),
                "due_soon_count": sum(row.due_soon_count for row in rows),
            },
        )


class IdeaCoachingView(MemberRequiredMixin, View):
    """An idea's coaching: its coach and their history, next steps and coach notes."""

    required_capability = "coaching.view"
    # Every action changes something: only those who manage may post.
    required_capabilities = {"POST": "coaching.manage"}
    ACTIONS = ("assign", "unassign", "note", "step", "complete", "reopen")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, _idea_or_404(pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        idea = _idea_or_404(pk)
        action = request.POST.get("action", "")
        if action not in self.ACTIONS:
            return self._render(request, idea, status=400)
        handler = getattr(self, f"_{action}")
        return handler(request, idea)

    # --- actions: each redirects on success, or renders the page with the form's errors ---

    def _assign(self, request: HttpRequest, idea: Idea) -> HttpResponse:
        form = CoachAssignForm(request.POST, people=selectors.eligible_coaches(), prefix="assign")
        if form.is_valid():
            coach = form.chosen_person()
            try:
                services.coach_assign(idea=idea, coach=coach, by=person_of(request))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("%(name)s är idécoach för idén.") % {"name": coach.full_name}
                )
                return self._back(idea, "coach")
        return self._render(request, idea, assign_form=form, status=400)

    def _unassign(self, request: HttpRequest, idea: Idea) -> HttpResponse:
        if services.coach_unassign(idea=idea, by=person_of(request)) is not None:
            messages.success(request, _("Idén har inte längre någon idécoach."))
        return self._back(idea, "coach")

    def _note(self, request: HttpRequest, idea: Idea) -> HttpResponse:
        form = CoachNoteForm(request.POST, prefix="note")
        if form.is_valid():
            try:
                services.coach_note_add(
                    idea=idea, author=person_of(request), body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Anteckningen är sparad."))
                return self._back(idea, "notes")
        return self._render(request, idea, note_form=form, status=400)

    def _step(self, request: HttpRequest, idea: Idea) -> HttpResponse:
        form = NextStepForm(request.POST, people=selectors.eligible_step_owners(), prefix="step")
        if form.is_valid():
            try:
                services.next_step_add(
                    idea=idea,
                    description=form.cleaned_data["description"],
                    owner=form.chosen_person(),
                    due_on=form.cleaned_data["due_on"],
                    by=person_of(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Nästa steg är sparat."))
                return self._back(idea, "steps")
        return self._render(request, idea, step_form=form, status=400)

    def _complete(self, request: HttpRequest, idea: Idea) -> HttpResponse:
        step = self._step_of(request, idea)
        services.next_step_complete(step=step, by=person_of(request))
        messages.success(request, _("Steget är markerat som klart."))
        return self._back(idea, "steps")

    def _reopen(self, request: HttpRequest, idea: Idea) -> HttpResponse:
        step = self._step_of(request, idea)
        services.next_step_reopen(step=step, by=person_of(request))
        messages.success(request, _("Steget är öppnat igen."))
        return self._back(idea, "steps")

    def _step_of(self, request: HttpRequest, idea: Idea) -> NextStep:
        try:
            return selectors.next_step_get(pk=int(request.POST.get("step", "")), idea=idea)
        except (ValueError, NextStep.DoesNotExist) as error:
            raise Http404 from error

    def _back(self, idea: Idea, anchor: str) -> HttpResponse:
        return redirect(reverse("idea-coaching", args=[idea.pk]) + f"#{anchor}")

    def _render(
        self,
        request: HttpRequest,
        idea: Idea,
        *,
        assign_form: CoachAssignForm | None = None,
        note_form: CoachNoteForm | None = None,
        step_form: NextStepForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        may_manage = can(request, "coaching.manage")
        history = selectors.coach_history(idea=idea)
        current = history[-1] if history and history[-1].ended_at is None else None
        if may_manage:
            if assign_form is None:
                assign_form = CoachAssignForm(
                    people=selectors.eligible_coaches(),
                    prefix="assign",
                    initial={"coach": current.coach_id if current else None},
                )
            if note_form is None:
                note_form = CoachNoteForm(prefix="note")
            if step_form is None:
                step_form = NextStepForm(
                    people=selectors.eligible_step_owners(),
                    prefix="step",
                    initial={"owner": current.coach_id if current else None},
                )
            for form in (assign_form, note_form, step_form):
                describe_fields(form)
        return render(
            request,
            "coaching/idea_coaching.html",
            {
                "idea": idea,
                "current": current,
                "history": history,
                "steps": selectors.step_rows(list(selectors.next_steps(idea=idea))),
                "notes": selectors.coach_notes(idea=idea),
                "may_manage": may_manage,
                "assign_form": assign_form if may_manage else None,
                "note_form": note_form if may_manage else None,
                "step_form": step_form if may_manage else None,
            },
            status=status,
        )
