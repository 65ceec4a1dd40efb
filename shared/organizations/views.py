"""The public site: landing page and directory of organisations."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from shared.accounts import selectors as account_selectors
from shared.accounts.permissions import platform_staff_required, public_route
from shared.organizations import overview, selectors


@public_route(reason="The public site's front page; lists only the visitor's own memberships.")
def landing(request: HttpRequest) -> HttpResponse:
    """Members see their organisations; the coordinator and platform staff their own overviews."""
    person = request.user
    if getattr(person, "is_platform_staff", False):
        return redirect("platform-overview")
    if getattr(person, "is_national_coordinator", False):
        return redirect(coordinator_home())
    memberships = []
    if person.is_authenticated:
        memberships = account_selectors.memberships_of(person=person)
    return render(request, "public/landing.html", {"memberships": memberships})


# The national coordinator's own pages (network/figures); the directory where they are absent.
COORDINATOR_PAGES = ("figures:national",)


def coordinator_home(*, urlconf: str | None = None) -> str:
    """Where the national coordinator starts: the national figures, or the directory meanwhile."""
    for name in COORDINATOR_PAGES:
        try:
            return reverse(name, urlconf=urlconf)
        except NoReverseMatch:
            continue
    return reverse("directory", urlconf=urlconf)


@platform_staff_required
def platform_overview(request: HttpRequest) -> HttpResponse:
    """Platform staff's start page: every organisation, provisioning, and their status."""
    return render(
        request, "public/platform_overview.html", {"overview": overview.platform_overview()}
    )


@public_route(reason="The directory of organisations is published on the public site.")
def directory(request: HttpRequest) -> HttpResponse:
    return render(request, "public/directory.html", {"entries": selectors.organization_directory()})
