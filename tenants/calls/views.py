"""Pages of the idea calls (utlysningar)."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from shared.accounts.people import person_of
from shared.accounts.permissions import MemberRequiredMixin, can
from shared.core.forms import BoundedDateField, add_service_errors
from tenants.calls import selectors, services
from tenants.calls.models import IdeaCall
from tenants.contacts.models import Audience
from tenants.needs.models import Need

PAGE_SIZE = 50
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CallForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=200)
    problem = forms.CharField(
        label=gettext_lazy("Problemet vi vill ha idéer om"), widget=forms.Textarea
    )
    audiences = forms.MultipleChoiceField(
        label=gettext_lazy("Målgrupper"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    opens_on = BoundedDateField(label=gettext_lazy("Öppnar"), widget=DATE_WIDGET)
    closes_on = BoundedDateField(
        label=gettext_lazy("Sista dag för idéer"),
        help_text=gettext_lazy("Utlysningen tar emot idéer till och med den här dagen."),
        widget=DATE_WIDGET,
    )
    needs = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Behov som utlysningen svarar på"),
        queryset=Need.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Evaluated per request, in the schema of the organisation asking.
        needs_field = cast(forms.ModelMultipleChoiceField, self.fields["needs"])
        needs_field.queryset = Need.objects.order_by("title", "pk")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        # Checked here too so the message shows together with any other mistake.
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", services.DATES_IN_WRONG_ORDER)
        return cleaned

    @classmethod
    def for_call(cls, call: IdeaCall) -> CallForm:
        return cls(
            initial={
                "title": call.title,
                "problem": call.problem,
                "audiences": call.audiences,
                "opens_on": call.opens_on,
                "closes_on": call.closes_on,
                "needs": list(call.needs.all()),
            }
        )


def _call_or_404(pk: int) -> IdeaCall:
    try:
        return selectors.call_get(pk=pk)
    except IdeaCall.DoesNotExist as error:
        raise Http404 from error


class CallListView(MemberRequiredMixin, View):
    """Calls, open, upcoming or closed, with how many ideas each brought in."""

    required_capability = "calls.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        state = request.GET.get("state", "")
        if state not in selectors.CallState.values:
            state = ""
        page = Paginator(selectors.call_list(state=state or None), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            "calls/call_list.html",
            {
                "state": state,
                "states": selectors.CallState.choices,
                "page_obj": page,
                "calls": page.object_list,
                "can_manage": can(request, "calls.manage"),
            },
        )


class CallCreateView(MemberRequiredMixin, View):
    """Announce a new call for ideas."""

    required_capability = "calls.manage"

    def get(self, request: HttpRequest) -> HttpResponse:
        today = selectors.today()
        form = CallForm(
            initial={"opens_on": today, "closes_on": today + datetime.timedelta(days=30)}
        )
        return render(request, "calls/call_form.html", {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CallForm(request.POST)
        if form.is_valid():
            try:
                call = services.call_create(**form.cleaned_data, by=person_of(request))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Utlysningen är skapad."))
                return redirect("call-detail", pk=call.pk)
        return render(request, "calls/call_form.html", {"form": form}, status=400)


class CallDetailView(MemberRequiredMixin, View):
    """One call: what it asks, for whom, when, and the ideas that came in."""

    required_capability = "calls.view"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        call = _call_or_404(pk)
        return render(
            request,
            "calls/call_detail.html",
            {
                "call": call,
                "audiences": [Audience(value).label for value in call.audiences],
                "ideas": call.ideas.select_related("stage").order_by("-created_at", "-pk"),
                "can_manage": can(request, "calls.manage"),
            },
        )


class CallEditView(MemberRequiredMixin, View):
    """Change a call's text, audiences, dates or needs."""

    required_capability = "calls.manage"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        call = _call_or_404(pk)
        return render(
            request, "calls/call_form.html", {"call": call, "form": CallForm.for_call(call)}
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        call = _call_or_404(pk)
        form = CallForm(request.POST)
        if form.is_valid():
            try:
                services.call_update(call=call, by=person_of(request), **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Ändringarna är sparade."))
                return redirect("call-detail", pk=call.pk)
        return render(request, "calls/call_form.html", {"call": call, "form": form}, status=400)


class CallCloseView(MemberRequiredMixin, View):
    """Ask, then close an open call at once."""

    required_capability = "calls.manage"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._confirm(request, _call_or_404(pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        call = _call_or_404(pk)
        try:
            services.call_close_now(call=call, by=person_of(request))
        except ValidationError as error:
            return self._confirm(request, call, errors=error.messages, status=400)
        messages.success(request, _("Utlysningen är stängd och tar inte emot fler idéer."))
        return redirect("call-detail", pk=call.pk)

    def _confirm(
        self,
        request: HttpRequest,
        call: IdeaCall,
        errors: list[str] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "calls/call_close.html",
            {
                "call": call,
                "last_day": selectors.today() - datetime.timedelta(days=1),
                "errors": errors or [],
            },
            status=status,
        )
