"""Pages of activities: the year's list and summary, an activity and its participants.

Members with ``activities.view`` read; ``activities.manage`` registers and
changes. Plain forms: errors are shown next to their fields and what was
typed is kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from shared.accounts.people import person_of
from shared.accounts.permissions import MemberRequiredMixin, can
from shared.core.forms import add_service_errors
from tenants import municipalities
from tenants.activities import selectors, services
from tenants.activities.forms import (
    ActivityFilterForm,
    ActivityForm,
    IdeaLinkForm,
    ParticipantForm,
)
from tenants.activities.models import Activity, Participant, ParticipantRole
from tenants.ideas.models import Idea


def _activity_or_404(pk: int) -> Activity:
    try:
        return selectors.activity_get(pk=pk)
    except Activity.DoesNotExist as error:
        raise Http404 from error


def _participant_or_404(activity: Activity, pk: Any) -> Participant:
    try:
        return selectors.participant_get(activity=activity, pk=int(pk))
    except (Participant.DoesNotExist, TypeError, ValueError) as error:
        raise Http404 from error


class ActivityListView(MemberRequiredMixin, View):
    """The year's activities with who took part, and how many managers were trained."""

    required_capability = "activities.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        filter_form = ActivityFilterForm(request.GET or None, auto_id="filter_%s")
        year, kind = filter_form.chosen()
        if not request.GET:
            filter_form = ActivityFilterForm(initial={"year": year}, auto_id="filter_%s")
        summary = selectors.participation_summary(year=year, kind=kind)
        roles = [(label, summary["by_role"][value]) for value, label in ParticipantRole.choices]
        return render(
            request,
            "activities/activity_list.html",
            {
                "filter_form": filter_form,
                "year": year,
                "is_this_year": year == timezone.localdate().year,
                "kind": kind,
                "activities": list(selectors.activity_list(year=year, kind=kind)),
                "summary": summary,
                "genders": selectors.gender_split_shown(summary),
                "roles": roles,
                "managers_trained": selectors.managers_trained(year=year),
                "can_manage": can(request, "activities.manage"),
            },
        )


class ActivityCreateView(MemberRequiredMixin, View):
    """Register an activity."""

    required_capability = "activities.manage"

    def get(self, request: HttpRequest) -> HttpResponse:
        home = municipalities.home_of(person_of(request))
        form = ActivityForm(initial={"held_on": timezone.localdate()}, home_municipality=home)
        return self._render(request, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ActivityForm(request.POST)
        if form.is_valid():
            try:
                activity = services.activity_create(**form.cleaned_data, by=person_of(request))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Aktiviteten är registrerad."))
                return redirect("activity", pk=activity.pk)
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: ActivityForm, status: int = 200) -> HttpResponse:
        return render(
            request,
            "activities/activity_form.html",
            {"form": form, "activity": None},
            status=status,
        )


class ActivityEditView(MemberRequiredMixin, View):
    """Change what an activity says, and its head counts."""

    required_capability = "activities.manage"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = _activity_or_404(pk)
        return self._render(request, activity, ActivityForm.for_activity(activity))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = _activity_or_404(pk)
        form = ActivityForm(request.POST)
        if form.is_valid():
            try:
                services.activity_update(
                    activity=activity, by=person_of(request), **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Ändringarna är sparade."))
                return redirect("activity", pk=activity.pk)
        return self._render(request, activity, form, status=400)

    def _render(
        self, request: HttpRequest, activity: Activity, form: ActivityForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            "activities/activity_form.html",
            {"form": form, "activity": activity},
            status=status,
        )


class ActivityDetailView(MemberRequiredMixin, View):
    """An activity and its participants: add one, mark who came."""

    required_capability = "activities.view"
    # Every action changes something: only those who manage may post.
    required_capabilities = {"POST": "activities.manage"}
    ACTIONS = ("add", "attendance", "link_idea", "unlink_idea")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, _activity_or_404(pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        activity = _activity_or_404(pk)
        action = request.POST.get("action", "")
        if action not in self.ACTIONS:
            return self._render(request, activity, status=400)
        if action == "attendance":
            participant = _participant_or_404(activity, request.POST.get("participant"))
            attended = request.POST.get("attended") == "1"
            services.participant_set_attendance(
                participant=participant, attended=attended, by=person_of(request)
            )
            message = (
                _("%(name)s är markerad som deltagande.")
                if attended
                else _("%(name)s är markerad som frånvarande.")
            )
            messages.success(request, message % {"name": participant.name})
            return redirect(f"{reverse('activity', args=[activity.pk])}#participants")
        if action in ("link_idea", "unlink_idea"):
            return self._ideas(request, activity, action)
        form = ParticipantForm(request.POST, prefix="participant")
        if form.is_valid():
            try:
                services.participant_add(
                    activity=activity, **form.cleaned_data, by=person_of(request)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("%(name)s är registrerad.") % {"name": form.cleaned_data["name"]}
                )
                return redirect(f"{reverse('activity', args=[activity.pk])}#participants")
        return self._render(request, activity, participant_form=form, status=400)

    def _ideas(self, request: HttpRequest, activity: Activity, action: str) -> HttpResponse:
        """Link an idea that came out of the activity, or unlink one."""
        back = f"{reverse('activity', args=[activity.pk])}#ideas"
        if action == "unlink_idea":
            raw = str(request.POST.get("idea", ""))
            idea = activity.ideas.filter(pk=int(raw)).first() if raw.isdigit() else None
            if idea is not None:
                services.activity_unlink_idea(activity=activity, idea=idea, by=person_of(request))
                messages.success(
                    request,
                    _("Idén %(number)s är inte längre kopplad till aktiviteten.")
                    % {"number": idea.registration_number},
                )
            return redirect(back)
        form = IdeaLinkForm(request.POST, prefix="idea")
        if form.is_valid():
            number = form.cleaned_data["registration_number"].strip()
            idea = Idea.objects.filter(registration_number=number).first()
            if idea is None:
                form.add_error(
                    "registration_number",
                    _("Det finns ingen idé med diarienummer %(number)s.") % {"number": number},
                )
            else:
                try:
                    services.activity_link_idea(activity=activity, idea=idea, by=person_of(request))
                except ValidationError as error:
                    add_service_errors(form, error, field_names={"idea": "registration_number"})
                else:
                    messages.success(
                        request,
                        _("Idén %(number)s är kopplad till aktiviteten.")
                        % {"number": idea.registration_number},
                    )
                    return redirect(back)
        return self._render(request, activity, idea_form=form, status=400)

    def _render(
        self,
        request: HttpRequest,
        activity: Activity,
        *,
        participant_form: ParticipantForm | None = None,
        idea_form: IdeaLinkForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        may_manage = can(request, "activities.manage")
        if may_manage and participant_form is None:
            participant_form = ParticipantForm(prefix="participant")
        if may_manage and idea_form is None:
            idea_form = IdeaLinkForm(prefix="idea")
        return render(
            request,
            "activities/activity_detail.html",
            {
                "activity": activity,
                "participants": list(activity.participants.all()),
                "may_manage": may_manage,
                "participant_form": participant_form,
                "idea_form": idea_form,
                "ideas": list(
                    activity.ideas.select_related("stage").order_by("registration_number")
                ),
            },
            status=status,
        )


class ParticipantRemoveView(MemberRequiredMixin, View):
    """Ask, then remove a participant from an activity."""

    required_capability = "activities.manage"

    def get(self, request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
        activity = _activity_or_404(pk)
        participant = _participant_or_404(activity, participant_pk)
        return render(
            request,
            "activities/participant_remove.html",
            {"activity": activity, "participant": participant},
        )

    def post(self, request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
        activity = _activity_or_404(pk)
        participant = _participant_or_404(activity, participant_pk)
        name = participant.name
        services.participant_remove(participant=participant, by=person_of(request))
        messages.success(request, _("%(name)s är borttagen från aktiviteten.") % {"name": name})
        return redirect(f"{reverse('activity', args=[activity.pk])}#participants")
