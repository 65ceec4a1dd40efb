"""Tasks run on a real worker, in the schema of the request that sent them."""

import sysconfig
import time
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django_tenants.utils import schema_context

from shared.core import tasks
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea
from tests.factories import make_idea, stage

pytestmark = pytest.mark.worker

CANARY_A = "KANARIE-ALFA-arbetare"
CANARY_B = "KANARIE-BETA-arbetare"
STDLIB_DIR = Path(sysconfig.get_paths()["stdlib"]).resolve()


def wait_for(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


class TestTasksOnARealWorker:
    def test_a_task_sent_from_a_tenant_request_runs_in_that_tenants_schema(
        self, committed_tenant_a, celery_worker, member_of, client_for
    ):
        client = client_for(committed_tenant_a, person=member_of(committed_tenant_a, "admin"))

        response = client.post(
            "/medlemmar/", {"email": "ny@example.org", "full_name": "Ny Person", "role": "coach"}
        )

        assert response.status_code == 302
        assert wait_for(lambda: len(mail.outbox) == 1), "the worker sent no welcome mail"
        message = mail.outbox[0]
        assert message.to == ["ny@example.org"]
        assert "Alfa kommun" in message.subject
        # The organisation is named by the task's arguments (a public row): this mail
        # alone would not notice a task run in the wrong schema; the next test does.
        assert "http://alfa.localhost" in message.body

    def test_a_task_reads_the_rows_of_the_organisation_that_sent_it(
        self, committed_tenant_a, committed_tenant_b, celery_worker, member_of
    ):
        # The follower mail reads the idea from the schema the task runs in: in public
        # the table does not exist, in another organisation the row is another idea.
        follower = member_of(committed_tenant_a, "staff")
        for organization, canary in [
            (committed_tenant_b, CANARY_B),
            (committed_tenant_a, CANARY_A),
        ]:
            with schema_context(organization.schema_name):
                make_idea(submitted_by=follower, title=f"{canary} idé")
        mail.outbox.clear()

        with schema_context(committed_tenant_a.schema_name):
            idea = Idea.objects.get()
            with transaction.atomic():
                idea_services.idea_move(idea=idea, to_stage=stage("screening"), by=None)

        assert wait_for(lambda: len(mail.outbox) == 1), "the worker sent no mail"
        body = mail.outbox[0].body
        assert CANARY_A in body
        assert CANARY_B not in body

    def test_the_worker_reports_the_senders_schema_and_the_standard_platform_module(
        self, committed_tenant_a, celery_worker
    ):
        with schema_context(committed_tenant_a.schema_name):
            report = tasks.worker_report.delay().get(timeout=20)
        public_report = tasks.worker_report.delay().get(timeout=20)

        assert report["schema"] == "alfa"
        assert public_report["schema"] == "public"
        assert Path(report["platform_module"]).resolve().parent == STDLIB_DIR
