"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Playwright's own browser download needs the internet, so the tests launch
/usr/bin/chromium (``make test`` checks it is there). Chromium resolves every
``*.localhost`` name to loopback, so an organisation's host reaches the live
server without touching /etc/hosts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from shared.organizations.models import Organization

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    """Playwright for one test module, stopped before the next module runs.

    The sync API keeps an asyncio loop "running" on this thread while it is
    alive, and Django refuses ORM calls when it sees one. The calls here are
    still plain synchronous ones, so the check is switched off, only for as
    long as Playwright runs.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as instance:
            yield instance


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run deploy/local/ensure_chromium.py")
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser (no cookies) per test, speaking Swedish unless a test switches."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def url_of(live_server):  # type: ignore[no-untyped-def]
    """Return the live server's address of ``path`` on an organisation's primary host."""
    port = urlsplit(live_server.url).port

    def make(organization: Organization, path: str = "/") -> str:
        domain = organization.domains.get(is_primary=True).domain
        return f"http://{domain}:{port}{path}"

    return make
