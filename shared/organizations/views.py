"""The public site: landing page and directory of organisations."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shared.accounts import selectors as account_selectors
from shared.accounts.permissions import public_route
from shared.organizations import selectors


@public_route(reason="The public site's front page; lists only the visitor's own memberships.")
def landing(request: HttpRequest) -> HttpResponse:
    memberships = []
    if request.user.is_authenticated:
        memberships = account_selectors.memberships_of(person=request.user)
    return render(request, "public/landing.html", {"memberships": memberships})


@public_route(reason="The directory of organisations is published on the public site.")
def directory(request: HttpRequest) -> HttpResponse:
    return render(request, "public/directory.html", {"entries": selectors.organization_directory()})
