"""Production settings pass Django's deployment checks and refuse to start half-configured.

The settings run in child processes (tests/production.py): they cannot be
imported into the test process, whose environment is the test run's.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.middleware import csrf
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.security import SecurityMiddleware
from django.test import Client, RequestFactory

from tests import production

# Settings whose production values the tests below apply to the test run.
HTTPS_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_DOMAIN",
    "SESSION_COOKIE_PATH",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_DOMAIN",
    "CSRF_COOKIE_PATH",
]


def without(name: str) -> dict[str, str]:
    return {key: value for key, value in production.ENVIRONMENT.items() if key != name}


@pytest.fixture(scope="module")
def production_values() -> dict[str, object]:
    """Return HTTPS_SETTINGS as the production settings set them."""
    result = production.run_python(
        production.ENVIRONMENT,
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {HTTPS_SETTINGS!r}}}))",
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.fixture
def as_production(settings, production_values):  # type: ignore[no-untyped-def]
    """Apply the production HTTPS and cookie settings to this test."""
    for name, value in production_values.items():
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)
    return production_values


class TestProductionSettings:
    def test_pass_every_deployment_check_without_a_warning(self):
        # drf-spectacular's schema check runs here too. A new serializer or choice field
        # whose name collides with another's needs extend_schema_serializer(component_name=…)
        # or an ENUM_NAME_OVERRIDES entry in base.py.
        result = production.run_manage(
            production.ENVIRONMENT, "check", "--deploy", "--fail-level", "WARNING"
        )

        assert result.returncode == 0, result.stdout + result.stderr
        assert "System check identified no issues" in result.stdout

    def test_start_with_the_complete_environment(self):
        result = production.starts(production.ENVIRONMENT)

        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "started"

    @pytest.mark.parametrize(
        "name", ["CACHE_URL", "CELERY_BROKER_URL", "DATABASE_URL", "DJANGO_SECRET_KEY"]
    )
    def test_refuse_to_start_without_a_required_variable(self, name):
        result = production.starts(without(name))

        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert name in result.stderr.splitlines()[-1]

    def test_name_every_missing_variable_at_once(self):
        result = production.starts({"DJANGO_SETTINGS_MODULE": "config.settings.production"})

        message = result.stderr.splitlines()[-1]
        for name in production.required_environment():
            assert name in message

    def test_refuse_a_blank_variable_as_if_it_were_missing(self):
        result = production.starts({**production.ENVIRONMENT, "CELERY_BROKER_URL": "  "})

        assert result.returncode != 0
        assert "CELERY_BROKER_URL" in result.stderr.splitlines()[-1]

    def test_refuse_the_development_key_that_make_run_uses(self):
        result = production.starts(
            {**production.ENVIRONMENT, "DJANGO_SECRET_KEY": "development-only-not-secret"}
        )

        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert "development key" in result.stderr.splitlines()[-1]

    def test_refuse_a_cache_url_that_is_not_redis(self):
        result = production.starts(
            {**production.ENVIRONMENT, "CACHE_URL": "memcached://127.0.0.1:11211"}
        )

        assert result.returncode != 0
        assert "CACHE_URL must be a Redis URL" in result.stderr.splitlines()[-1]

    def test_cache_keys_carry_the_schema_and_go_to_redis(self):
        result = production.run_python(
            production.ENVIRONMENT,
            "import django; django.setup(); from django.conf import settings; "
            "cache = settings.CACHES['default']; "
            "print(cache['BACKEND'], cache['LOCATION'], cache['KEY_FUNCTION'])",
        )

        assert result.stdout.split() == [
            "django.core.cache.backends.redis.RedisCache",
            production.ENVIRONMENT["CACHE_URL"],
            "django_tenants.cache.make_key",
        ]


@pytest.mark.django_db
class TestProductionHttps:
    def test_redirects_plain_http_to_https(self, as_production, tenant_a):
        response = Client(HTTP_HOST="alfa.localhost").get("/accounts/login/")

        assert response.status_code == 301
        assert response["Location"] == "https://alfa.localhost/accounts/login/"

    def test_takes_the_scheme_from_the_ingress_and_sends_hsts_for_every_subdomain(
        self, as_production, tenant_a
    ):
        response = Client(HTTP_HOST="alfa.localhost").get(
            "/accounts/login/", HTTP_X_FORWARDED_PROTO="https"
        )

        assert response.status_code == 200
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )

    def test_answers_kubernetes_probes_over_plain_http_on_the_pod_address(self, as_production):
        response = Client(HTTP_HOST="10.42.0.17:8000").get("/healthz")

        assert response.status_code == 200
        assert response.json() == {"status": "ok"}

    def test_exempts_the_probe_paths_from_the_https_redirect_itself(self, as_production):
        middleware = SecurityMiddleware(lambda request: HttpResponse("ok"))
        factory = RequestFactory()

        for path in ("/healthz", "/readyz"):
            assert middleware(factory.get(path)).status_code == 200, path
        assert middleware(factory.get("/")).status_code == 301

    def test_names_its_session_and_csrf_cookies_host_only(self, as_production):
        def view(request: HttpRequest) -> HttpResponse:
            request.session["seen"] = True
            csrf.get_token(request)
            return HttpResponse("ok")

        handler = SessionMiddleware(CsrfViewMiddleware(view))
        response = handler(RequestFactory().get("/", secure=True))

        for name in ("__Host-sessionid", "__Host-csrftoken"):
            cookie = response.cookies[name]
            # What the __Host- prefix demands of a cookie, or browsers drop it.
            assert cookie["secure"] is True, name
            assert cookie["path"] == "/", name
            assert cookie["domain"] == "", name
