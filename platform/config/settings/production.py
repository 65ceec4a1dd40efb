"""Production: every secret and address from the environment; refuse to start without them.

TLS ends at the ingress (helm/idesluss/templates/ingress.yaml), which passes
plain HTTP to gunicorn with ``X-Forwarded-Proto`` set to the scheme the client
used; docs/operations.md says what the proxy in front must do.
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# Every process (web, worker, beat, migrate) needs all of these. Checked before
# base is imported: base starts an embedded PostgreSQL when DATABASE_URL is
# missing, which a production process must never do.
REQUIRED_ENVIRONMENT = ("DJANGO_SECRET_KEY", "DATABASE_URL", "CACHE_URL", "CELERY_BROKER_URL")
_missing = [name for name in REQUIRED_ENVIRONMENT if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need the environment variable(s) "
        + ", ".join(_missing)
        + " (docs/operations.md lists what each one holds)."
    )

from config.settings.base import *  # noqa: E402, F403
from config.settings.base import DEVELOPMENT_SECRET_KEY, SECRET_KEY, env_bool  # noqa: E402

DEBUG = False
if SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is the development key that `make run` uses; it is in the "
        "repository and signs nothing. Generate one: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

# --- Billing ------------------------------------------------------------------------
# Billing talks to Stripe itself in production, never to localstripe or another stand-in.
_stripe_base = os.environ.get("STRIPE_API_BASE", "").strip().rstrip("/")
if _stripe_base and _stripe_base != "https://api.stripe.com":
    raise ImproperlyConfigured(
        "STRIPE_API_BASE points billing at " + _stripe_base + " (localstripe?): production "
        "bills through Stripe only. Unset it."
    )
if os.environ.get("STRIPE_SECRET_KEY", "") == "sk_test_localstripe":
    raise ImproperlyConfigured("STRIPE_SECRET_KEY is localstripe's: set a real Stripe key.")

# --- HTTPS --------------------------------------------------------------------
SITE_SCHEME = "https"
# The ingress sets X-Forwarded-Proto (and replaces one sent by the client);
# without it every request would look like plain HTTP and be redirected forever.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Off only for the Compose stack on http://localhost (deploy/compose.yaml).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Kubernetes probes the pod over plain HTTP with its IP as host. The health
# middleware answers them before SecurityMiddleware; this keeps them answered
# should that order ever change.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Organisations are subdomains of the base domain: HSTS covers them all.
# ``preload`` only allows submitting the base domain to the browsers' preload
# list; submitting is a separate, deliberate step (docs/operations.md).
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Cookies --------------------------------------------------------------------
# __Host- cookies are Secure, Path=/ and have no Domain attribute, so a browser
# never sends one organisation's session or CSRF cookie to another subdomain,
# and no subdomain can plant one for its siblings. Each organisation's host
# has its own session anyway (the switcher hands over with a one-time link).
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_SECURE = True

# --- Cache and tasks --------------------------------------------------------------
_cache_url = os.environ["CACHE_URL"]
if urlsplit(_cache_url).scheme not in {"redis", "rediss", "unix"}:
    raise ImproperlyConfigured(
        "CACHE_URL must be a Redis URL (redis://, rediss:// or unix://), "
        "for example redis://redis.internal:6379/1."
    )
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _cache_url,
        # Keys carry the schema, so organisations never share a cache entry.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}
CELERY_TASK_ALWAYS_EAGER = False

# --- Mail -------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() in {"1", "true", "yes"}
