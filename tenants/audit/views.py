"""The audit log's pages (granskningslogg), for admins: filters, before and after, CSV."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, cast

from django import forms
from django.apps import apps
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from shared.accounts.models import Person
from shared.accounts.permissions import MemberRequiredMixin
from shared.core.exports import csv_response
from shared.core.forms import BoundedDateField
from tenants.audit import selectors
from tenants.audit.models import AuditEvent

PAGE_SIZE = 50
EXPORT_CHUNK = 2000

# What the actions recorded by tenant services mean; an action not listed is shown as recorded.
ACTION_LABELS = {
    "stage.created": _("Steg tillagt"),
    "stage.updated": _("Steg ändrat"),
    "idea.comment_added": _("Kommentar skriven"),
    "call.closed": gettext_lazy("Utlysning stängd"),
    "call.created": gettext_lazy("Utlysning skapad"),
    "call.updated": gettext_lazy("Utlysning ändrad"),
    "coach.assigned": gettext_lazy("Idécoach tilldelad"),
    "coach.unassigned": gettext_lazy("Idécoach borttagen"),
    "coach_note.added": gettext_lazy("Coachanteckning skriven"),
    "contact.confirmed": gettext_lazy("Kontakts e-post bekräftad"),
    "contact.consent_renewed": gettext_lazy("Kontakts samtycke förnyat"),
    "contact.registered": gettext_lazy("Kontakt registrerad"),
    "idea.corrected": gettext_lazy("Idé rättad"),
    "idea.merged": gettext_lazy("Idé sammanslagen"),
    "idea.moved": gettext_lazy("Idé flyttad"),
    "idea.published": gettext_lazy("Idé publicerad"),
    "idea.submitted": gettext_lazy("Idé inlämnad"),
    "idea.unpublished": gettext_lazy("Idé avpublicerad"),
    "need.status_changed": gettext_lazy("Behovets status ändrad"),
    "need.submitted": gettext_lazy("Behov registrerat"),
    "need.updated": gettext_lazy("Behov ändrat"),
    "next_step.added": gettext_lazy("Nästa steg tillagt"),
    "next_step.completed": gettext_lazy("Nästa steg klart"),
    "next_step.reopened": gettext_lazy("Nästa steg öppnat igen"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def type_label(object_type: str) -> str:
    """The model's name ("idé") for ``app_label.model``, or the type as recorded."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class AuditFilterForm(forms.Form):
    actor = forms.TypedChoiceField(
        label=gettext_lazy("Utförd av"), coerce=int, empty_value=None, required=False
    )
    action = forms.ChoiceField(label=gettext_lazy("Händelse"), required=False)
    object_type = forms.ChoiceField(label=gettext_lazy("Typ"), required=False)
    object_id = forms.CharField(label=gettext_lazy("Id"), max_length=64, required=False)
    since = BoundedDateField(
        label=gettext_lazy("Från och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = BoundedDateField(
        label=gettext_lazy("Till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, actors: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("Alla"))]
        self._choices("actor", everything + [(p.pk, p.full_name or p.email) for p in actors])
        self._choices(
            "action", everything + [(a, action_label(a)) for a in selectors.audit_actions()]
        )
        self._choices(
            "object_type",
            everything + [(t, type_label(t)) for t in selectors.audit_object_types()],
        )

    def _choices(self, name: str, choices: list[tuple[Any, str]]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def filters(self) -> dict[str, Any]:
        """The selector's filters for the valid fields; an invalid field is left out."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            ("actor_id" if name == "actor" else name): value
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        }


def _filter_form(request: HttpRequest) -> AuditFilterForm:
    return AuditFilterForm(
        request.GET or None, actors=selectors.audit_actor_choices(), auto_id="filter_%s"
    )


class AuditLogView(MemberRequiredMixin, View):
    """The organisation's audit log, newest first, with filters."""

    required_capability = "audit.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = _filter_form(request)
        filters = form.filters()
        page = Paginator(selectors.audit_event_list(**filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        events = list(page.object_list)
        actors = selectors.audit_actors(events=events)
        rows = [
            {
                "event": event,
                "actor": actors.get(event.actor_id) if event.actor_id else None,
                "action_label": action_label(event.action),
                "type_label": type_label(event.object_type),
                "changes": [
                    {"field": c.field, "before": _shown(c.before), "after": _shown(c.after)}
                    for c in selectors.audit_event_changes(event)
                ],
            }
            for event in events
        ]
        return render(
            request,
            "audit/audit_list.html",
            {"filter_form": form, "is_filtered": bool(filters), "page_obj": page, "rows": rows},
        )


class AuditExportView(MemberRequiredMixin, View):
    """The audit log as CSV, with the filters of the page."""

    required_capability = "audit.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        events = selectors.audit_event_list(**_filter_form(request).filters())
        names = selectors.audit_actor_names(events=events)
        return csv_response(
            filename=f"granskningslogg-{timezone.localdate():%Y-%m-%d}.csv",
            header=[
                _("Tidpunkt"),
                _("Utförd av (id)"),
                _("Utförd av"),
                _("Händelse"),
                _("Typ"),
                _("Id"),
                _("Gäller"),
                _("Före"),
                _("Efter"),
            ],
            rows=_export_rows(events, names),
        )


def _export_rows(events: Any, names: dict[int, str]) -> Iterator[list[Any]]:
    event: AuditEvent
    for event in events.iterator(chunk_size=EXPORT_CHUNK):
        yield [
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            event.actor_id,
            names.get(event.actor_id, "") if event.actor_id else "",
            event.action,
            event.object_type,
            event.object_id,
            event.object_label,
            json.dumps(event.before, ensure_ascii=False, sort_keys=True),
            json.dumps(event.after, ensure_ascii=False, sort_keys=True),
        ]
