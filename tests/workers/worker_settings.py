"""Settings of a worker process started by the worker-kill trial: the test's database and broker.

The test process passes the names through the environment; mail goes to a
file the test reads (``tests.workers.mailbox``).
"""

import os

from config.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["IDESLUSS_WORKER_DB_NAME"]  # noqa: F405
EMAIL_BACKEND = "tests.workers.mailbox.FileMailbox"
CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
    # Look for messages of dead workers every second, not every minute.
    "unacked_restore_interval": 1,
}
