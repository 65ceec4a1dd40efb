"""No template runs inline code the content security policy would refuse.

The policy (platform/config/settings/base.py) lets a page run scripts and
<style> elements only from its own origin or with the response's nonce, and
never inline event handlers or javascript: URLs. Every template of the project
is read: platform/templates and each app's templates folder.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
TEMPLATE_ROOTS = [
    PROJECT_DIR / "platform" / "templates",
    *sorted(
        folder
        for package in ("shared", "tenants", "network", "billing")
        for folder in (PROJECT_DIR / package).glob("**/templates")
    ),
]
NONCE = "{{ request.csp_nonce }}"


class InlineCodeFinder(HTMLParser):
    """Collect what a strict script-src/style-src would block, as (line, what)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        line = self.getpos()[0]
        inline_script = tag == "script" and "src" not in attributes
        if inline_script and not _is_data_block(attributes) and attributes.get("nonce") != NONCE:
            self.problems.append((line, "inline <script> without the nonce"))
        if tag == "style" and attributes.get("nonce") != NONCE:
            self.problems.append((line, "<style> without the nonce"))
        for name, value in attrs:
            if name.startswith("on") and name[2:].isalpha() and name != "only":
                self.problems.append((line, f"inline event handler {name}="))
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append((line, f"javascript: URL in {name}="))


def _is_data_block(attributes: dict[str, str | None]) -> bool:
    """A <script type="application/json"> holds data; browsers never run it."""
    kind = (attributes.get("type") or "").lower()
    return kind.endswith("json")


def inline_code(text: str) -> list[tuple[int, str]]:
    finder = InlineCodeFinder()
    finder.feed(text)
    finder.close()
    return finder.problems


def templates() -> list[Path]:
    return sorted(path for root in TEMPLATE_ROOTS for path in root.rglob("*.html"))


class TestInlineCodeFinder:
    @pytest.mark.parametrize(
        ("html", "problem"),
        [
            ("<script>alert(1)</script>", "inline <script> without the nonce"),
            ('<script nonce="abc">alert(1)</script>', "inline <script> without the nonce"),
            ("<style>p { color: red }</style>", "<style> without the nonce"),
            ('<button onclick="go()">Go</button>', "inline event handler onclick="),
            ('<body onload="go()">', "inline event handler onload="),
            ('<a href="javascript:go()">Go</a>', "javascript: URL in href="),
        ],
    )
    def test_finds_inline_code(self, html, problem):
        assert inline_code(html) == [(1, problem)]

    @pytest.mark.parametrize(
        "html",
        [
            "<script src=\"{% static 'js/print.js' %}\" defer></script>",
            f'<script nonce="{NONCE}">go()</script>',
            f'<style nonce="{NONCE}">p {{ color: red }}</style>',
            '<script type="application/json" id="data">{"a": 1}</script>',
            '<a href="/ideer/" class="button">Idéer</a>',
        ],
    )
    def test_lets_static_files_nonced_blocks_and_data_pass(self, html):
        assert inline_code(html) == []


class TestTemplates:
    def test_are_all_read(self):
        found = {path.relative_to(PROJECT_DIR).as_posix() for path in templates()}

        assert "platform/templates/base.html" in found
        assert "tenants/council/templates/council/minutes_print.html" in found
        assert "platform/templates/drf_spectacular/swagger_ui.html" in found

    def test_hold_no_inline_code_without_the_nonce(self):
        problems = [
            f"{path.relative_to(PROJECT_DIR)}:{line}: {what}"
            for path in templates()
            for line, what in inline_code(path.read_text())
        ]

        assert problems == []
