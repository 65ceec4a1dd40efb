"""A mail backend for worker processes: one JSON line per message, appended to a shared file.

The worker-kill trial reads it from the test process. Each line names the
schema the worker's connection was in when it sent the mail. A short pause
before the line is written stands for the mail server's answer, so that kills
land while mail is on its way, not only between tasks.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.db import connection

PATH_VARIABLE = "IDESLUSS_TEST_MAILBOX"
PAUSE_VARIABLE = "IDESLUSS_TEST_MAIL_PAUSE_MS"


class FileMailbox(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        path = os.environ[PATH_VARIABLE]
        pause_ms = int(os.environ.get(PAUSE_VARIABLE, "0"))
        sent = 0
        for message in email_messages:
            if pause_ms:
                time.sleep(random.uniform(0, pause_ms) / 1000)
            line = json.dumps(
                {
                    "message_id": message.extra_headers.get("Message-ID", ""),
                    "to": list(message.to),
                    "subject": message.subject,
                    "schema": getattr(connection, "schema_name", ""),
                    "pid": os.getpid(),
                }
            )
            # One write of one line with O_APPEND: whole lines, whichever process writes.
            descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(descriptor, (line + "\n").encode())
            finally:
                os.close(descriptor)
            sent += 1
        return sent


def read(path: str) -> list[dict[str, object]]:
    """Every message written to the mailbox at ``path``."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]
