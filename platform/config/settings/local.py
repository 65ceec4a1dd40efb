"""Development on one machine: embedded PostgreSQL, in-process tasks, mail on the console."""

import os

from config.settings.base import *  # noqa: F403
from config.settings.base import DEVELOPMENT_SECRET_KEY, env_bool

DEBUG = env_bool("DJANGO_DEBUG", default=True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
SITE_PORT = os.environ.get("IDESLUSS_SITE_PORT", "8000")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
IDESLUSS_DEMO_DATA = env_bool("IDESLUSS_DEMO_DATA", default=True)
# A development identity provider may run on this machine over plain http.
SSO_ALLOW_HTTP_ISSUERS = env_bool("IDESLUSS_SSO_ALLOW_HTTP", default=True)
