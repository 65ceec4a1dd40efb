"""Pages of tests and pilots: the list, planning a test, and a test's plan, log and evaluation.

Members with ``trials.view`` read; ``trials.manage`` plans, logs and evaluates.
Plain forms: errors are shown next to their fields and what was typed is kept.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from shared.accounts.people import person_of
from shared.accounts.permissions import MemberRequiredMixin, can
from shared.core.forms import add_service_errors
from tenants.ideas.models import Idea
from tenants.library.models import Method
from tenants.trials import selectors, services
from tenants.trials.forms import (
    EvaluationForm,
    TrialFilterForm,
    TrialForm,
    TrialLogForm,
    TrialStatusForm,
)
from tenants.trials.models import Recommendation, Trial, TrialStatus

PAGE_SIZE = 50
# The query parameter that names the idea on "tester/ny/?idé=<id>".
IDEA_PARAMETER = "idé"


def _trial_or_404(pk: int) -> Trial:
    try:
        return selectors.trial_get(pk=pk)
    except Trial.DoesNotExist as error:
        raise Http404 from error


def _plan_arguments(form: TrialForm) -> dict[str, Any]:
    data = form.cleaned_data
    decision = (
        selectors.decisions_for_trials().filter(pk=data["decision"]).first()
        if data.get("decision")
        else None
    )
    arguments: dict[str, Any] = {
        "kind": data["kind"],
        "title": data["title"],
        "goal": data["goal"],
        "hypothesis": data["hypothesis"],
        "units": data["units"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "budget_sek": data["budget_sek"],
        "measures": data["measures"],
        "decision": decision,
    }
    if "methods" in form.fields:
        arguments["methods"] = list(Method.objects.filter(pk__in=data.get("methods") or []))
    return arguments


class TrialListView(MemberRequiredMixin, View):
    """Tests and pilots with filters: status, kind, and the period they run in."""

    required_capability = "trials.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        filter_form = TrialFilterForm(request.GET or None, auto_id="filter_%s")
        filters = filter_form.filters() if request.GET else {}
        page = Paginator(selectors.trial_list(**filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            "trials/trial_list.html",
            {
                "filter_form": filter_form,
                "is_filtered": bool(filters),
                "page_obj": page,
                "trials": page.object_list,
                "recommendations": Recommendation.choices,
                "can_manage": can(request, "trials.manage"),
            },
        )


class TrialCreateView(MemberRequiredMixin, View):
    """Plan a test or pilot of an idea ("tester/ny/?idé=<id>")."""

    required_capability = "trials.manage"

    def get(self, request: HttpRequest) -> HttpResponse:
        initial: dict[str, Any] = {}
        asked = request.GET.get(IDEA_PARAMETER, "")
        if asked.isdigit():
            idea = selectors.ideas_to_test().filter(pk=int(asked)).first()
            if idea is not None:
                initial = {"idea": idea.pk, "title": idea.title}
        return self._render(request, TrialForm(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TrialForm(request.POST)
        if form.is_valid():
            idea = selectors.ideas_to_test().filter(pk=form.cleaned_data["idea"]).first()
            if idea is None:
                form.add_error("idea", _("Välj en idé som inte är avslutad."))
            else:
                try:
                    trial = services.trial_plan(
                        idea=idea, **_plan_arguments(form), by=person_of(request)
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("Testet är planerat."))
                    return redirect("trial", pk=trial.pk)
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: TrialForm, status: int = 200) -> HttpResponse:
        return render(
            request, "trials/trial_form.html", {"form": form, "trial": None}, status=status
        )


class TrialEditView(MemberRequiredMixin, View):
    """Change a trial's plan."""

    required_capability = "trials.manage"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        trial = _trial_or_404(pk)
        return self._render(request, trial, TrialForm.for_trial(trial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        trial = _trial_or_404(pk)
        form = TrialForm(request.POST, trial=trial, initial={"idea": trial.idea_id})
        if form.is_valid():
            try:
                services.trial_update(trial=trial, by=person_of(request), **_plan_arguments(form))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Ändringarna är sparade."))
                return redirect("trial", pk=trial.pk)
        return self._render(request, trial, form, status=400)

    def _render(
        self, request: HttpRequest, trial: Trial, form: TrialForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request, "trials/trial_form.html", {"form": form, "trial": trial}, status=status
        )


class TrialDetailView(MemberRequiredMixin, View):
    """A trial's plan, its log, its status and its evaluation (or the form to evaluate it)."""

    required_capability = "trials.view"
    # Every action changes something: only those who manage may post.
    required_capabilities = {"POST": "trials.manage"}
    ACTIONS = ("log", "status", "evaluate")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, _trial_or_404(pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        trial = _trial_or_404(pk)
        action = request.POST.get("action", "")
        if action not in self.ACTIONS:
            return self._render(request, trial, status=400)
        return cast(HttpResponse, getattr(self, f"_{action}")(request, trial))

    def _log(self, request: HttpRequest, trial: Trial) -> HttpResponse:
        form = TrialLogForm(request.POST, prefix="log")
        if form.is_valid():
            try:
                services.trial_log_add(
                    trial=trial, body=form.cleaned_data["body"], by=person_of(request)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Loggposten är sparad."))
                return self._back(trial, "log")
        return self._render(request, trial, log_form=form, status=400)

    def _status(self, request: HttpRequest, trial: Trial) -> HttpResponse:
        form = TrialStatusForm(request.POST, trial=trial, prefix="status")
        if form.is_valid():
            try:
                services.trial_set_status(
                    trial=trial, status=form.cleaned_data["status"], by=person_of(request)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Testet har nu status %(status)s.")
                    % {"status": TrialStatus(trial.status).label},
                )
                return self._back(trial, "status")
        return self._render(request, trial, status_form=form, status=400)

    def _evaluate(self, request: HttpRequest, trial: Trial) -> HttpResponse:
        form = EvaluationForm(
            request.POST, measures=list(trial.success_measures.all()), prefix="evaluation"
        )
        if form.is_valid():
            try:
                services.evaluation_record(
                    trial=trial, **form.service_arguments(), by=person_of(request)
                )
            except ValidationError as error:
                add_service_errors(form, error)
                if "results" in error.message_dict:
                    form.mark_missing_results()
            else:
                messages.success(request, _("Utvärderingen är sparad och testet är genomfört."))
                return self._back(trial, "evaluation")
        return self._render(request, trial, evaluation_form=form, status=400)

    def _back(self, trial: Trial, anchor: str) -> HttpResponse:
        return redirect(f"{reverse('trial', args=[trial.pk])}#{anchor}")

    def _render(
        self,
        request: HttpRequest,
        trial: Trial,
        *,
        log_form: TrialLogForm | None = None,
        status_form: TrialStatusForm | None = None,
        evaluation_form: EvaluationForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        may_manage = can(request, "trials.manage")
        evaluation = selectors.evaluation_of(trial)
        measures = list(trial.success_measures.all())
        if may_manage:
            log_form = log_form or TrialLogForm(prefix="log")
            if services.STATUS_CHANGES[trial.status]:
                status_form = status_form or TrialStatusForm(trial=trial, prefix="status")
            if evaluation is None:
                evaluation_form = evaluation_form or EvaluationForm(
                    measures=measures, prefix="evaluation"
                )
        return render(
            request,
            "trials/trial_detail.html",
            {
                "trial": trial,
                "idea": cast(Idea, trial.idea),
                "measures": [(m, selectors.result_of(m)) for m in measures],
                "methods": list(trial.methods.all()),
                "log_entries": list(trial.log_entries.all()),
                "evaluation": evaluation,
                "may_manage": may_manage,
                "log_form": log_form,
                "status_form": status_form,
                "evaluation_form": evaluation_form,
            },
            status=status,
        )
