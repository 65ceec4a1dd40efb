"""The admin page where an organisation shapes its pipeline."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from shared.accounts.models import Person
from shared.accounts.permissions import MemberRequiredMixin
from shared.core.forms import add_service_errors
from tenants.ideas import stages
from tenants.ideas.models import Stage, StageKind


class StageForm(forms.Form):
    name_sv = forms.CharField(label=gettext_lazy("Namn (svenska)"), max_length=100)
    name_en = forms.CharField(label=gettext_lazy("Namn (engelska)"), max_length=100)
    position = forms.IntegerField(label=gettext_lazy("Ordning"), min_value=0)
    is_active = forms.BooleanField(label=gettext_lazy("Används"), required=False)


class NewStageForm(forms.Form):
    name_sv = forms.CharField(label=gettext_lazy("Namn (svenska)"), max_length=100)
    name_en = forms.CharField(label=gettext_lazy("Namn (engelska)"), max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("Typ"), choices=StageKind.choices)


class StageSettingsView(MemberRequiredMixin, View):
    required_capability = "settings.manage"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        person = cast(Person, request.user)
        if "stage" in request.POST:
            stage = get_object_or_404(Stage, pk=request.POST.get("stage"))
            form = StageForm(request.POST, prefix=f"s{stage.pk}")
            if form.is_valid():
                try:
                    stages.stage_update(stage=stage, by=person, **form.cleaned_data)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request, _("Steget %(name)s är sparat.") % {"name": stage.name}
                    )
                    return redirect("stage-settings")
            return self._render(request, failed=(stage.pk, form), status=400)
        new_form = NewStageForm(request.POST, prefix="new")
        if new_form.is_valid():
            try:
                stage = stages.stage_create(by=person, **new_form.cleaned_data)
            except ValidationError as error:
                add_service_errors(new_form, error)
            else:
                messages.success(request, _("Steget %(name)s är tillagt.") % {"name": stage.name})
                return redirect("stage-settings")
        return self._render(request, new_form=new_form, status=400)

    def _render(
        self,
        request: HttpRequest,
        *,
        failed: tuple[int, StageForm] | None = None,
        new_form: NewStageForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        rows = []
        for stage in stages.stage_list_all():
            if failed and failed[0] == stage.pk:
                form = failed[1]
            else:
                form = StageForm(
                    prefix=f"s{stage.pk}",
                    initial={
                        "name_sv": stage.name_sv,
                        "name_en": stage.name_en,
                        "position": stage.position,
                        "is_active": stage.is_active,
                    },
                )
            rows.append((stage, form))
        return render(
            request,
            "ideas/stage_settings.html",
            {"rows": rows, "new_form": new_form or NewStageForm(prefix="new")},
            status=status,
        )
