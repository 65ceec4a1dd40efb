"""Pages of the needs bank."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from shared.accounts.permissions import MemberRequiredMixin, can
from tenants.needs import selectors, services


class NeedForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=200)
    description = forms.CharField(label=gettext_lazy("Beskrivning"), widget=forms.Textarea)
    unit = forms.CharField(
        label=gettext_lazy("Enhet eller grupp som har behovet"), max_length=200, required=False
    )


class NeedListView(MemberRequiredMixin, View):
    required_capability = "needs.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, NeedForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if not can(request, "needs.submit"):
            return render(request, "403.html", status=403)
        form = NeedForm(request.POST)
        if form.is_valid():
            try:
                services.need_submit(**form.cleaned_data, by=request.user)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field, message)
            else:
                messages.success(request, _("Behovet är registrerat."))
                return redirect("needs")
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: NeedForm, status: int = 200) -> HttpResponse:
        return render(
            request,
            "needs/need_list.html",
            {
                "form": form,
                "needs": selectors.need_list()[:200],
                "can_submit": can(request, "needs.submit"),
            },
            status=status,
        )
