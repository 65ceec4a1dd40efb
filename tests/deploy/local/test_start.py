"""`make run` serves the demo (public logins) on this machine only, unless asked otherwise."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

START = Path(__file__).resolve().parents[3] / "deploy" / "local" / "start.py"


@pytest.fixture(scope="module")
def start() -> ModuleType:
    spec = importlib.util.spec_from_file_location("idesluss_start", START)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestRunserverAddress:
    def test_binds_to_the_loopback_address_by_default(self, start):
        assert start.runserver_address({}) == "127.0.0.1:8000"

    def test_keeps_loopback_when_the_variable_is_blank(self, start):
        assert start.runserver_address({"IDESLUSS_BIND": " "}) == "127.0.0.1:8000"

    def test_opens_to_the_network_only_when_asked(self, start):
        assert start.runserver_address({"IDESLUSS_BIND": "0.0.0.0"}) == "0.0.0.0:8000"  # noqa: S104

    def test_puts_an_ipv6_address_in_brackets(self, start):
        assert start.runserver_address({"IDESLUSS_BIND": "::"}) == "[::]:8000"

    def test_uses_the_port_asked_for(self, start):
        assert start.runserver_address({"PORT": "8123"}) == "127.0.0.1:8123"

    def test_starts_runserver_on_that_address(self, start, monkeypatch):
        calls: list[tuple[str, ...]] = []
        monkeypatch.setattr(start, "manage", lambda *args: calls.append(args))
        monkeypatch.setattr(start, "print_welcome", lambda: None)
        monkeypatch.setenv("DATABASE_URL", "postgres://idesluss@127.0.0.1:9/idesluss")
        monkeypatch.delenv("IDESLUSS_BIND", raising=False)
        monkeypatch.delenv("PORT", raising=False)
        # main() fills these in; monkeypatch puts the test run's values back afterwards.
        monkeypatch.setenv("IDESLUSS_SITE_PORT", "8000")
        monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "config.settings.test")

        start.main()

        assert calls[-1] == ("runserver", "127.0.0.1:8000")
