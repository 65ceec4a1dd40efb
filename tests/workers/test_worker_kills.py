"""Workers killed with SIGKILL in the middle of tasks lose no task and send no mail twice.

Two organisations send tasks whose objects have the same ids in both schemas
(follower mails on a move, welcome mails); real ``celery worker`` processes on
the real broker are killed again and again while they run them (CI: 20 kills;
``IDESLUSS_WORKER_KILLS`` or ``bench/worker_kill.py`` for more). Then one
worker drains the queues. Every task must have had its effect (a delivery
claimed for each recipient), no mail may have been written twice, every mail
must have been sent from the schema of the organisation that sent the task to
a recipient of that organisation, and a mail may be missing only where a
worker died between claiming and confirming it (at most once, decision 0013).
"""

from __future__ import annotations

import collections
import os
import re
import time
from pathlib import Path

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from config.celery import app
from shared.core.models import Delivery
from shared.organizations.models import Organization
from tenants.ideas import notifications as idea_notifications
from tenants.ideas import services as idea_services
from tenants.ideas.models import Follow, StageChange
from tests.factories import MembershipFactory, make_contact, make_idea, stage
from tests.workers import kill, mailbox
from tests.workers.conftest import QUEUES, _forget_connections

pytestmark = pytest.mark.worker

KILLS = int(os.environ.get("IDESLUSS_WORKER_KILLS", "20"))
DRAIN_SECONDS = float(os.environ.get("IDESLUSS_WORKER_DRAIN_SECONDS", "90"))
Key = tuple[str, str, str, str]  # purpose, schema, object, recipient


@pytest.fixture
def kill_broker_url(redis_url: str) -> str:
    """A Redis database of its own, so no other worker test's queue meets these tasks."""
    return re.sub(r"^(redis://[^/]+)/\d+$", r"\1/13", redis_url)


def _organization_tasks(organization: Organization, *, moves: int, welcomes: int) -> dict:
    """Rows for ``moves`` follower mails and ``welcomes`` welcome mails; their expected deliveries.

    Rows are made with tasks running in-process (the test settings' default);
    what that sent is forgotten before the trial starts.
    """
    expected: dict[str, object] = {"moves": [], "welcomes": []}
    keys: set[Key] = set()
    emails: set[str] = set()
    schema = organization.schema_name
    with schema_context(schema):
        mover = MembershipFactory(organization=organization, role="coach").person
        for _ in range(moves):
            submitter = MembershipFactory(organization=organization).person
            follower = MembershipFactory(organization=organization).person
            idea = make_idea(submitted_by=submitter)
            Follow.objects.create(idea=idea, person=follower)
            contact = make_contact(confirmed_at=idea.created_at)
            Follow.objects.create(idea=idea, contact=contact)
            idea_services.idea_move(
                idea=idea, to_stage=stage("screening"), by=mover, reason="Till bedömning"
            )
            change = StageChange.objects.filter(idea=idea).latest("pk")
            recipients = idea_notifications._recipients(change, organization)
            assert len(recipients) == 3
            expected["moves"].append(change.pk)  # type: ignore[attr-defined]
            for recipient in recipients:
                keys.add(("ideas.stage_change", schema, str(change.pk), recipient.key))
                emails.add(recipient.email.lower())
        for _ in range(welcomes):
            membership = MembershipFactory(organization=organization)
            expected["welcomes"].append(membership.pk)  # type: ignore[attr-defined]
            keys.add(
                ("accounts.welcome", schema, str(membership.pk), f"person:{membership.person_id}")
            )
            emails.add(membership.person.email.lower())
    expected["keys"] = keys
    expected["emails"] = emails
    return expected


def _send(organization: Organization, expected: dict) -> int:
    from shared.accounts import tasks as account_tasks
    from tenants.ideas import tasks as idea_tasks

    with schema_context(organization.schema_name):
        for change_id in expected["moves"]:
            idea_tasks.idea_notify_followers.delay(stage_change_id=change_id)
        for membership_id in expected["welcomes"]:
            account_tasks.membership_send_welcome.delay(membership_id=membership_id)
    return len(expected["moves"]) + len(expected["welcomes"])


def _claimed() -> set[Key]:
    return set(Delivery.objects.values_list("purpose", "schema_name", "object_key", "recipient"))


def _broker_idle() -> bool:
    with app.connection_for_write() as broker:
        client = broker.default_channel.client
        waiting = sum(client.llen(queue) for queue in QUEUES)
        return waiting == 0 and client.hlen("unacked") == 0


class TestWorkersKilledInTheMiddleOfTasks:
    def test_lose_no_task_and_send_no_mail_twice(
        self, committed_tenant_a, committed_tenant_b, kill_broker_url, tmp_path: Path
    ):
        size = max(10, KILLS)
        plan = {
            organization.schema_name: _organization_tasks(organization, moves=size, welcomes=size)
            for organization in (committed_tenant_a, committed_tenant_b)
        }
        Delivery.objects.all().delete()
        expected_keys = set().union(*(p["keys"] for p in plan.values()))
        emails_of = {schema: p["emails"] for schema, p in plan.items()}

        before = {
            key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")
        }
        app.conf.update(broker_url=kill_broker_url, result_backend=None, task_always_eager=False)
        _forget_connections()
        try:
            with app.connection_for_write() as broker:
                for queue in QUEUES:
                    broker.default_channel.queue_purge(queue)
                broker.default_channel.client.delete("unacked", "unacked_index")
            sent = sum(
                _send(organization, plan[organization.schema_name])
                for organization in (committed_tenant_a, committed_tenant_b)
            )
            mailbox_path, log = tmp_path / "mailbox.jsonl", tmp_path / "workers.log"
            env = kill.worker_env(
                database=connection.settings_dict["NAME"],
                broker_url=kill_broker_url,
                mailbox=mailbox_path,
                pause_ms=40,
            )
            started = time.monotonic()
            kills = kill.kill_repeatedly(env, kills=KILLS, log=log, seed=KILLS)
            drained = kill.drain(
                env,
                log,
                finished=lambda: expected_keys <= _claimed() and _broker_idle(),
                timeout=DRAIN_SECONDS,
            )
            seconds = time.monotonic() - started
        finally:
            app.conf.update(before)
            _forget_connections()

        mails = mailbox.read(str(mailbox_path))
        by_id = collections.Counter(str(m["message_id"]) for m in mails)
        duplicated = {message_id: n for message_id, n in by_id.items() if n > 1}
        claimed = {
            (d.purpose, d.schema_name, d.object_key, d.recipient): d for d in Delivery.objects.all()
        }
        lost = expected_keys - set(claimed)
        lost_tasks = {(k[0], k[1], k[2]) for k in lost}
        unconfirmed = {key for key, d in claimed.items() if d.sent_at is None}
        mailed_ids = set(by_id)
        missing = {
            key for key in expected_keys - lost if _message_id(claimed[key]) not in mailed_ids
        }
        delivery_of = {_message_id(d): d for d in claimed.values()}
        # Sent by a worker in the sender's schema, to someone of the sender's organisation.
        wrong_schema = [
            m
            for m in mails
            if str(m["message_id"]) not in delivery_of
            or delivery_of[str(m["message_id"])].schema_name != m["schema"]
            or {str(t).lower() for t in m["to"]} - emails_of.get(str(m["schema"]), set())
        ]
        print(
            f"\nworker kills: tasks sent {sent}, kills {kills.total} "
            f"({kills.child} pool child, {kills.whole} whole worker), "
            f"lost {len(lost_tasks)}, duplicated {len(duplicated)}, "
            f"mails {len(mails)} of {len(expected_keys)}, "
            f"unconfirmed claims {len(unconfirmed)}, {seconds:.0f} s"
        )

        assert kills.total >= KILLS
        assert drained, f"the queues did not drain; see {log}"
        assert not lost_tasks, f"tasks lost: {sorted(lost_tasks)[:5]}"
        assert not duplicated, f"mail sent twice: {duplicated}"
        assert not wrong_schema, f"mail from the wrong schema: {wrong_schema[:3]}"
        # A mail may be missing only where a worker died between claim and confirmation.
        assert missing <= unconfirmed, sorted(missing - unconfirmed)[:5]
        assert set(claimed) == expected_keys


def _message_id(delivery: Delivery) -> str:
    from shared.core import deliveries

    return deliveries.message_id(delivery)
