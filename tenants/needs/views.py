"""Pages of the needs bank (behovsbank)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from shared.accounts.models import Person
from shared.accounts.people import person_of
from shared.accounts.permissions import MemberRequiredMixin, can
from shared.core.exports import csv_response
from shared.core.forms import add_service_errors
from tenants import municipalities
from tenants.contacts.models import Audience
from tenants.needs import selectors, services
from tenants.needs.models import Need, NeedStatus

PAGE_SIZE = 50


class NeedForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=200)
    description = forms.CharField(label=gettext_lazy("Beskrivning"), widget=forms.Textarea)
    unit = forms.CharField(
        label=gettext_lazy("Enhet eller grupp som har behovet"), max_length=200, required=False
    )
    affected = forms.CharField(
        label=gettext_lazy("Vilka som berörs"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    tags = forms.CharField(
        label=gettext_lazy("Taggar"),
        help_text=gettext_lazy("Skilj taggarna åt med kommatecken, till exempel: äldreomsorg, mat"),
        # The ids includes/form_fields.html gives the help text and the error.
        widget=forms.TextInput(attrs={"aria-describedby": "id_tags_help id_tags_error"}),
        required=False,
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Kommer från"), choices=Audience.choices, initial=Audience.STAFF
    )
    municipality_code = forms.ChoiceField(
        label=gettext_lazy("Kommun"),
        required=False,
        help_text=gettext_lazy("Vilken av kommunerna behovet gäller."),
    )

    def __init__(self, *args: Any, home_municipality: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipalities.form_field(self, initial=home_municipality)

    def clean_tags(self) -> list[str]:
        try:
            return services.clean_tags(self.cleaned_data["tags"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    @classmethod
    def for_need(cls, need: Need) -> NeedForm:
        return cls(
            initial={
                "title": need.title,
                "description": need.description,
                "unit": need.unit,
                "affected": need.affected,
                "tags": ", ".join(need.tags),
                "source": need.source,
                "municipality_code": need.municipality_code,
            }
        )


class NeedFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Sök"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Alla")), *NeedStatus.choices],
        required=False,
    )
    source = forms.ChoiceField(
        label=gettext_lazy("Kommer från"),
        choices=[("", gettext_lazy("Alla")), *Audience.choices],
        required=False,
    )
    tag = forms.ChoiceField(label=gettext_lazy("Tagg"), required=False)
    municipality_code = forms.ChoiceField(label=gettext_lazy("Kommun"), required=False)

    def __init__(self, *args: Any, tags: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipalities.filter_field(self, name="municipality_code")
        asked = self.data.get("tag", "")
        if asked and asked not in tags:  # a tag no need carries any more still filters (to none)
            tags = [*tags, asked]
        tag_field = cast(forms.ChoiceField, self.fields["tag"])
        tag_field.choices = [("", _("Alla")), *((tag, tag) for tag in tags)]

    def filters(self) -> dict[str, str]:
        """The filters for ``selectors.need_list``; a field with an invalid value is left out."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class NeedStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Ny status"), choices=NeedStatus.choices)
    reason = forms.CharField(
        label=gettext_lazy("Motivering"),
        help_text=gettext_lazy("Krävs när behovet återkallas. Sparas i behovets historik."),
        widget=forms.Textarea(
            attrs={"rows": 3, "aria-describedby": "id_reason_help id_reason_error"}
        ),
        required=False,
    )


def _need_or_404(pk: int) -> Need:
    try:
        return selectors.need_get(pk=pk)
    except Need.DoesNotExist as error:
        raise Http404 from error


class NeedListView(MemberRequiredMixin, View):
    """The needs bank with filters, and the form that registers a need."""

    required_capability = "needs.view"
    required_capabilities = {"POST": "needs.submit"}

    def get(self, request: HttpRequest) -> HttpResponse:
        home = municipalities.home_of(person_of(request))
        return self._render(request, NeedForm(home_municipality=home))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = NeedForm(request.POST)
        if form.is_valid():
            try:
                need = services.need_submit(**form.cleaned_data, by=person_of(request))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Behovet är registrerat."))
                return redirect("need-detail", pk=need.pk)
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: NeedForm, status: int = 200) -> HttpResponse:
        filter_form = NeedFilterForm(
            request.GET or None, tags=selectors.need_tags(), auto_id="filter_%s"
        )
        filters = filter_form.filters() if request.GET else {}
        page = Paginator(selectors.need_list(**filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        return render(
            request,
            "needs/need_list.html",
            {
                "form": form,
                "filter_form": filter_form,
                "is_filtered": bool(filters),
                "page_obj": page,
                "needs": page.object_list,
                "can_submit": can(request, "needs.submit"),
            },
            status=status,
        )


class NeedExportView(MemberRequiredMixin, View):
    """The needs bank as CSV, with the filters of the list."""

    required_capability = "needs.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        filter_form = NeedFilterForm(
            request.GET or None, tags=selectors.need_tags(), auto_id="filter_%s"
        )
        filters = filter_form.filters() if request.GET else {}
        needs = selectors.need_list(**filters)
        return csv_response(
            filename=f"behov-{timezone.localdate():%Y-%m-%d}.csv",
            header=[
                _("Nummer"),
                _("Rubrik"),
                _("Beskrivning"),
                _("Enhet"),
                _("Vilka som berörs"),
                _("Taggar"),
                _("Kommer från"),
                _("Kommun"),
                _("Status"),
                _("Idéer"),
                _("Utlysningar"),
                _("Registrerat"),
            ],
            rows=(
                [
                    need.pk,
                    need.title,
                    need.description,
                    need.unit,
                    need.affected,
                    need.tags,
                    need.get_source_display(),
                    municipalities.name_of(need.municipality_code),
                    need.get_status_display(),
                    need.idea_count,  # type: ignore[attr-defined]
                    need.call_count,  # type: ignore[attr-defined]
                    timezone.localtime(need.created_at).strftime("%Y-%m-%d %H:%M"),
                ]
                for need in needs
            ),
        )


class NeedDetailView(MemberRequiredMixin, View):
    """One need with the ideas and calls that answer it, its history and its triage."""

    required_capability = "needs.view"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        need = _need_or_404(pk)
        return render_need_detail(request, need, NeedStatusForm(initial={"status": need.status}))


def render_need_detail(
    request: HttpRequest, need: Need, status_form: NeedStatusForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "needs/need_detail.html",
        {
            "need": need,
            "ideas": need.ideas.all(),
            "calls": need.calls.all(),
            "history": _history(need),
            "status_form": status_form,
            "can_manage": can(request, "needs.manage"),
        },
        status=status,
    )


def _history(need: Need) -> list[dict[str, Any]]:
    what = {
        "need.submitted": _("Registrerades"),
        "need.updated": _("Ändrades"),
        "need.status_changed": _("Fick ny status"),
    }
    rows = []
    for entry in selectors.need_history(need=need):
        new_status = entry.after.get("status") if entry.action == "need.status_changed" else None
        actor = cast(Person | None, entry.actor)
        rows.append(
            {
                "at": entry.at,
                "who": actor.full_name if actor else "",
                "what": what.get(entry.action, entry.action),
                "status": NeedStatus(new_status).label if new_status in NeedStatus.values else "",
                "reason": entry.after.get("reason", ""),
            }
        )
    return rows


class NeedStatusView(MemberRequiredMixin, View):
    """Triage: change a need's status, with a reason."""

    required_capability = "needs.manage"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        need = _need_or_404(pk)
        form = NeedStatusForm(request.POST)
        if form.is_valid():
            try:
                services.need_set_status(need=need, by=person_of(request), **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Behovet har nu status %(status)s.") % {"status": need.get_status_display()},
                )
                return redirect("need-detail", pk=need.pk)
        return render_need_detail(request, need, form, status=400)


class NeedEditView(MemberRequiredMixin, View):
    """Change what a need says."""

    required_capability = "needs.manage"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        need = _need_or_404(pk)
        return self._render(request, need, NeedForm.for_need(need))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        need = _need_or_404(pk)
        form = NeedForm(request.POST)
        if form.is_valid():
            try:
                services.need_update(need=need, by=person_of(request), **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Ändringarna är sparade."))
                return redirect("need-detail", pk=need.pk)
        return self._render(request, need, form, status=400)

    def _render(
        self, request: HttpRequest, need: Need, form: NeedForm, status: int = 200
    ) -> HttpResponse:
        return render(request, "needs/need_form.html", {"need": need, "form": form}, status=status)
