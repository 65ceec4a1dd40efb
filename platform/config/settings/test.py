"""Tests: real PostgreSQL (DATABASE_URL or the embedded server), mail in memory."""

import os

from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests that need a real worker switch the broker on themselves.
CELERY_BROKER_URL = None
CELERY_TASK_ALWAYS_EAGER = True
TENANT_MULTIPROCESSING_MAX_PROCESSES = 1
# The schema pool is switched on by the tests of it (tests/shared/fleet/).
ORGANIZATION_SCHEMA_POOL_SIZE = 0
# Parallel test runs (several checkouts, one server) each name their own database.
DATABASES["default"]["TEST"] = {  # noqa: F405
    "NAME": os.environ.get("IDESLUSS_TEST_DB_NAME", "test_idesluss"),
}
# Serve static files straight from the source folders (no collectstatic in tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
IDESLUSS_DEMO_DATA = True
# Tests post forms at once; the portal's time trap is switched on by the tests of it.
PORTAL_MIN_FILL_SECONDS = 0
# The SSO tests run an identity provider on this machine, over plain http.
SSO_ALLOW_HTTP_ISSUERS = True
