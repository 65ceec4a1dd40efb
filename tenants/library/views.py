"""Pages of the library of methods, tools and testbeds.

Members with ``library.view`` read; ``library.manage`` adds, changes and
links ideas. Plain forms: errors are shown next to their fields and what was
typed is kept (a chosen file has to be chosen again: browsers do not keep it).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from shared.accounts.people import person_of
from shared.accounts.permissions import MemberRequiredMixin, can
from shared.core.forms import add_service_errors
from tenants.ideas.models import Idea
from tenants.library import selectors, services
from tenants.library.forms import LinkIdeaForm, MethodEditForm, MethodFilterForm, MethodForm
from tenants.library.models import Method, MethodKind


def _method_or_404(pk: int) -> Method:
    try:
        return selectors.method_get(pk=pk)
    except Method.DoesNotExist as error:
        raise Http404 from error


def _by_kind(methods: Iterable[Method]) -> list[tuple[str, list[Method]]]:
    """Methods grouped by kind, in the order of ``MethodKind``; empty kinds left out."""
    groups: dict[str, list[Method]] = {kind: [] for kind in MethodKind.values}
    for method in methods:
        groups[method.kind].append(method)
    return [(str(MethodKind(kind).label), rows) for kind, rows in groups.items() if rows]


class MethodListView(MemberRequiredMixin, View):
    """The library by kind, with search."""

    required_capability = "library.view"

    def get(self, request: HttpRequest) -> HttpResponse:
        filter_form = MethodFilterForm(request.GET or None, auto_id="filter_%s")
        filters = filter_form.filters() if request.GET else {}
        return render(
            request,
            "library/method_list.html",
            {
                "filter_form": filter_form,
                "is_filtered": bool(filters),
                "groups": _by_kind(selectors.method_list(**filters)),
                "can_manage": can(request, "library.manage"),
            },
        )


class MethodCreateView(MemberRequiredMixin, View):
    """Add a method, tool or testbed."""

    required_capability = "library.manage"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, MethodForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = MethodForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                method = services.method_create(**form.cleaned_data, by=person_of(request))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Metoden är sparad i biblioteket."))
                return redirect("method", pk=method.pk)
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: MethodForm, status: int = 200) -> HttpResponse:
        return render(
            request, "library/method_form.html", {"form": form, "method": None}, status=status
        )


class MethodEditView(MemberRequiredMixin, View):
    """Change a method's text, replace or remove its file."""

    required_capability = "library.manage"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        method = _method_or_404(pk)
        return self._render(request, method, MethodForm.for_method(method))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        method = _method_or_404(pk)
        form = MethodEditForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.method_update(method=method, **form.cleaned_data, by=person_of(request))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Ändringarna är sparade."))
                return redirect("method", pk=method.pk)
        return self._render(request, method, form, status=400)

    def _render(
        self, request: HttpRequest, method: Method, form: MethodForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request, "library/method_form.html", {"form": form, "method": method}, status=status
        )


class MethodDetailView(MemberRequiredMixin, View):
    """A method: its text, its file, the ideas and trials that use it; link or unlink ideas."""

    required_capability = "library.view"
    # Every action changes something: only those who manage may post.
    required_capabilities = {"POST": "library.manage"}
    ACTIONS = ("link", "unlink")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, _method_or_404(pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        method = _method_or_404(pk)
        action = request.POST.get("action", "")
        if action not in self.ACTIONS:
            return self._render(request, method, status=400)
        if action == "unlink":
            idea = next(
                (i for i in method.ideas.all() if str(i.pk) == request.POST.get("idea")), None
            )
            if idea is None:
                raise Http404
            services.method_unlink_idea(method=method, idea=idea, by=person_of(request))
            messages.success(
                request,
                _("Idén %(number)s är inte längre kopplad.") % {"number": idea.registration_number},
            )
            return redirect(f"{reverse('method', args=[method.pk])}#ideas")
        form = LinkIdeaForm(request.POST, prefix="link")
        if form.is_valid():
            found: Idea | None = selectors.idea_by_registration_number(
                registration_number=form.cleaned_data["registration_number"]
            )
            if found is None:
                form.add_error(
                    "registration_number",
                    _("Ingen idé har diarienumret %(number)s.")
                    % {"number": form.cleaned_data["registration_number"]},
                )
            else:
                services.method_link_idea(method=method, idea=found, by=person_of(request))
                messages.success(
                    request,
                    _("Idén %(number)s är kopplad.") % {"number": found.registration_number},
                )
                return redirect(f"{reverse('method', args=[method.pk])}#ideas")
        return self._render(request, method, link_form=form, status=400)

    def _render(
        self,
        request: HttpRequest,
        method: Method,
        *,
        link_form: LinkIdeaForm | None = None,
        status: int = 200,
    ) -> HttpResponse:
        may_manage = can(request, "library.manage")
        if may_manage and link_form is None:
            link_form = LinkIdeaForm(prefix="link")
        return render(
            request,
            "library/method_detail.html",
            {
                "method": method,
                "file_name": PurePath(method.file.name).name if method.file else "",
                "ideas": list(method.ideas.all()),
                "trials": list(method.trials.all()),
                "may_manage": may_manage,
                "link_form": link_form,
            },
            status=status,
        )


class MethodFileView(MemberRequiredMixin, View):
    """A method's file, for members who may read the library."""

    required_capability = "library.view"

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        method = _method_or_404(pk)
        if not method.file:
            raise Http404
        name = PurePath(method.file.name).name
        response = FileResponse(
            method.file.open("rb"),
            as_attachment=True,
            filename=name,
            content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
