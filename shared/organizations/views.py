"""The public site: landing page and directory of organisations."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shared.accounts import selectors as account_selectors
from shared.organizations import selectors


def landing(request: HttpRequest) -> HttpResponse:
    memberships = []
    if request.user.is_authenticated:
        memberships = account_selectors.memberships_of(person=request.user)
    return render(request, "public/landing.html", {"memberships": memberships})


def directory(request: HttpRequest) -> HttpResponse:
    return render(request, "public/directory.html", {"entries": selectors.organization_directory()})
