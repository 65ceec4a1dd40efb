"""The Celery app: every task is a TenantTask and runs in the schema it was sent from."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = CeleryApp("idesluss")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
