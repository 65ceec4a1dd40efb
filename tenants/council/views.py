"""Pages of the idea council (idéråd): meetings, agendas, decisions, minutes and budget."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from shared.accounts.people import person_of
from shared.accounts.permissions import MemberRequiredMixin, can, public_route
from shared.core import bounds
from shared.core.forms import add_service_errors
from tenants.council import forms as council_forms
from tenants.council import money, selectors, services
from tenants.council.models import AgendaItem, Decision, Meeting, MeetingStatus

PUBLIC_PAGE_SIZE = 50


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


# --- Overview and budget --------------------------------------------------------


class CouncilHomeView(MemberRequiredMixin, View):
    """The meetings, and the budget status of the current year."""

    required_capability = "council.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        year = selectors.current_year()
        return render_council_home(request, council_forms.BudgetForm(initial={"year": year}))


def render_council_home(
    request: HttpRequest, budget_form: council_forms.BudgetForm, status: int = 200
) -> HttpResponse:
    year = selectors.current_year()
    return render(
        request,
        "council/council_home.html",
        {
            "meetings": selectors.meeting_list(),
            "budget": selectors.budget_status(year=year),
            "budget_form": budget_form if can(request, "council.budget") else None,
            "can_prepare": can(request, "council.prepare"),
        },
        status=status,
    )


class BudgetSetView(MemberRequiredMixin, View):
    required_capability = "council.budget"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = council_forms.BudgetForm(request.POST)
        if form.is_valid():
            try:
                budget = services.budget_set(
                    year=form.cleaned_data["year"],
                    amount_sek=form.cleaned_data["amount_sek"],
                    by=person_of(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Budgeten för %(year)d är %(amount)s.")
                    % {"year": budget.year, "amount": money.format_sek(budget.amount_sek)},
                )
                return redirect("council")
        return render_council_home(request, form, status=400)


# --- Meetings -------------------------------------------------------------------


class MeetingCreateView(MemberRequiredMixin, View):
    required_capability = "council.prepare"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, council_forms.MeetingForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = council_forms.MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.meeting_create(**form.cleaned_data, by=person_of(request))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Sammanträdet är planerat."))
                return redirect("council-meeting", pk=meeting.pk)
        return self._render(request, form, status=400)

    def _render(
        self, request: HttpRequest, form: council_forms.MeetingForm, status: int = 200
    ) -> HttpResponse:
        return render(request, "council/meeting_form.html", {"form": form}, status=status)


def _decision_form(
    item: AgendaItem, data: Any = None, *, show_override: bool = False
) -> council_forms.DecisionForm:
    return council_forms.DecisionForm(
        data,
        prefix=f"item-{item.pk}",
        initial={"decided_on": item.meeting.held_on, "amount_granted_sek": "0"},
        show_override=show_override,
    )


def render_meeting(
    request: HttpRequest,
    meeting: Meeting,
    *,
    agenda_form: council_forms.AgendaItemForm | None = None,
    minutes_form: council_forms.MinutesForm | None = None,
    decision_forms: dict[int, council_forms.DecisionForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The meeting page; a form given replaces the empty one (a failed POST shows its errors)."""
    may_prepare = can(request, "council.prepare")
    may_decide = can(request, "council.decide")
    is_planned = meeting.status == MeetingStatus.PLANNED
    items = list(meeting.agenda_items.all())
    decision_forms = decision_forms or {}
    rows = []
    for item in items:
        decision = _decision_of(item)
        item.meeting = meeting  # the prefetch loaded it once already
        form = None
        if decision is None and may_decide:
            form = decision_forms.get(item.pk) or _decision_form(item)
        rows.append({"item": item, "decision": decision, "form": form, "is_stale": _is_stale(item)})
    if may_prepare and is_planned and agenda_form is None:
        agenda_form = council_forms.AgendaItemForm(ideas=selectors.ideas_ready_for_agenda())
    if may_prepare and minutes_form is None:
        minutes_form = council_forms.MinutesForm(initial={"minutes": meeting.minutes})
    return render(
        request,
        "council/meeting_detail.html",
        {
            "meeting": meeting,
            "rows": rows,
            "agenda_form": agenda_form if may_prepare and is_planned else None,
            "minutes_form": minutes_form if may_prepare else None,
            "may_prepare": may_prepare,
            "may_reorder": may_prepare and is_planned,
            "may_decide": may_decide,
            "budget": selectors.budget_status(year=meeting.held_on.year),
        },
        status=status,
    )


def _is_stale(item: AgendaItem) -> bool:
    """Whether the idea has moved since the item was put on the agenda."""
    return (
        item.idea.stage_id != item.stage_when_set_id
        or item.idea.stage_changed_at != item.stage_changed_at_when_set
    )


def _decision_of(item: AgendaItem) -> Decision | None:
    try:
        return item.decision
    except Decision.DoesNotExist:
        return None


class MeetingDetailView(MemberRequiredMixin, View):
    """A meeting: its agenda, a decision form per undecided item, and its minutes."""

    required_capability = "council.view"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render_meeting(request, _meeting_or_404(pk))


class MeetingStatusView(MemberRequiredMixin, View):
    """Mark a meeting as held (its agenda is then fixed), or as planned again."""

    required_capability = "council.prepare"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = _meeting_or_404(pk)
        status = request.POST.get("status", "")
        try:
            services.meeting_update(meeting=meeting, status=status, by=person_of(request))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Sammanträdets status är ändrad."))
        return redirect("council-meeting", pk=meeting.pk)


class AgendaItemAddView(MemberRequiredMixin, View):
    required_capability = "council.prepare"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = _meeting_or_404(pk)
        form = council_forms.AgendaItemForm(request.POST, ideas=selectors.ideas_ready_for_agenda())
        if form.is_valid():
            try:
                item = services.agenda_item_add(
                    meeting=meeting,
                    idea=form.cleaned_data["idea"],
                    preparation_memo=form.cleaned_data["preparation_memo"],
                    by=person_of(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(number)s är nu § %(position)d på dagordningen.")
                    % {"number": item.idea.registration_number, "position": item.position},
                )
                return redirect("council-meeting", pk=meeting.pk)
        return render_meeting(request, meeting, agenda_form=form, status=400)


class AgendaOrderView(MemberRequiredMixin, View):
    """Move one item up or down the agenda."""

    required_capability = "council.prepare"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = _meeting_or_404(pk)
        order = [item.pk for item in meeting.agenda_items.all()]
        try:
            moved = int(request.POST.get("item", ""))
            index = order.index(moved)
        except ValueError as error:
            raise Http404 from error
        other = index - 1 if request.POST.get("direction") == "up" else index + 1
        if 0 <= other < len(order):
            order[index], order[other] = order[other], order[index]
            try:
                services.agenda_reorder(meeting=meeting, item_ids=order, by=person_of(request))
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
        return redirect(f"{meeting_url(meeting)}#item-{moved}")


def meeting_url(meeting: Meeting) -> str:
    return reverse("council-meeting", args=[meeting.pk])


class AgendaItemRemoveView(MemberRequiredMixin, View):
    """Ask, then take an idea off the agenda."""

    required_capability = "council.prepare"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = _item_or_404(pk)
        return render(request, "council/agenda_item_remove.html", {"item": item})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = _item_or_404(pk)
        try:
            services.agenda_item_remove(item=item, by=person_of(request))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(number)s är borttagen från dagordningen.")
                % {"number": item.idea.registration_number},
            )
        return redirect("council-meeting", pk=item.meeting_id)


class DecisionRecordView(MemberRequiredMixin, View):
    """Record the decision on one agenda item."""

    required_capability = "council.decide"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = _item_or_404(pk)
        form = _decision_form(item, request.POST)
        if form.is_valid():
            try:
                decision = services.decision_record(
                    agenda_item=item, by=person_of(request), **form.service_arguments()
                )
            except ValidationError as error:
                if "budget_override_reason" in error.message_dict and not form.shows_override:
                    form = _decision_form(item, request.POST, show_override=True)
                    form.is_valid()
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Beslutet är registrerat med diarienummer %(number)s.")
                    % {"number": decision.registration_number},
                )
                return redirect(f"{meeting_url(item.meeting)}#item-{item.pk}")
        meeting = _meeting_or_404(item.meeting_id)
        return render_meeting(request, meeting, decision_forms={item.pk: form}, status=400)


class MinutesSaveView(MemberRequiredMixin, View):
    required_capability = "council.prepare"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = _meeting_or_404(pk)
        form = council_forms.MinutesForm(request.POST)
        if form.is_valid():
            services.minutes_save(
                meeting=meeting, minutes=form.cleaned_data["minutes"], by=person_of(request)
            )
            messages.success(request, _("Protokollet är sparat."))
            return redirect(f"{meeting_url(meeting)}#minutes")
        return render_meeting(request, meeting, minutes_form=form, status=400)


class MinutesPrintView(MemberRequiredMixin, View):
    """The minutes as a page to print or save as PDF."""

    required_capability = "council.view"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = _meeting_or_404(pk)
        items = list(meeting.agenda_items.all())
        return render(
            request,
            "council/minutes_print.html",
            {
                "meeting": meeting,
                "rows": [{"item": item, "decision": _decision_of(item)} for item in items],
                "printed_at": timezone.localtime(),
            },
        )


# --- Portal: decisions are public records ------------------------------------------


@public_route(reason="Council decisions are public records (offentlighetsprincipen).")
def portal_decision_list(request: HttpRequest) -> HttpResponse:
    """Every decision of the council, newest first; no login, no personal data."""
    years = selectors.decision_years()
    year = bounds.year_or_none(request.GET.get("ar", ""))
    page = Paginator(selectors.decision_list(year=year, public=True), PUBLIC_PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    return render(
        request,
        "council/portal_decision_list.html",
        {"page_obj": page, "decisions": page.object_list, "years": years, "year": year},
    )


@public_route(reason="A council decision is a public record (offentlighetsprincipen).")
def portal_decision_detail(request: HttpRequest, registration_number: str) -> HttpResponse:
    try:
        decision = selectors.decision_get_public(registration_number=registration_number)
    except Decision.DoesNotExist as error:
        raise Http404 from error
    return render(request, "council/portal_decision_detail.html", {"decision": decision})
