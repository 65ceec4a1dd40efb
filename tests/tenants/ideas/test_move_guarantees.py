"""What moving ideas promises when something fails half-way or two people move at once.

``idea_move`` and ``ideas_bulk_move`` promise all or nothing (the idea row, its
history and its audit row together) and that two moves of one idea queue
behind its row lock. These tests fail when the transaction or the lock is
taken away; the ones on real PostgreSQL commit for real, in two threads.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import tenant_context

from tenants.audit import services as audit_services
from tenants.audit.models import AuditEvent
from tenants.ideas import services
from tenants.ideas.models import Idea, StageChange
from tests.factories import PersonFactory, make_idea, stage


class AuditDown(Exception):
    """The audit log failed after the move's first writes."""


def fail_on_call(monkeypatch: pytest.MonkeyPatch, *, after: int) -> None:
    """Let ``after`` audit rows through, then fail: the moves' writes before it must vanish."""
    real = audit_services.audit_event_record
    calls = {"n": 0}

    def record(**kwargs: Any) -> Any:
        if calls["n"] >= after:
            raise AuditDown
        calls["n"] += 1
        return real(**kwargs)

    # The services call it through the module they imported it into.
    monkeypatch.setattr(services, "audit_event_record", record)


@pytest.mark.django_db
class TestAMoveThatFailsHalfWay:
    def test_leaves_the_idea_where_it_was_with_no_history_and_no_audit_row(
        self, staff, coach, monkeypatch
    ):
        idea = make_idea(submitted_by=staff)
        history = StageChange.objects.count()
        audit_rows = AuditEvent.objects.count()
        fail_on_call(monkeypatch, after=0)

        with pytest.raises(AuditDown):
            services.idea_move(idea=idea, to_stage=stage("screening"), by=coach)

        assert Idea.objects.get(pk=idea.pk).stage.key == "received"
        assert StageChange.objects.count() == history
        assert AuditEvent.objects.count() == audit_rows

    def test_a_bulk_move_failing_on_its_second_idea_leaves_the_first_unmoved(
        self, staff, coach, monkeypatch
    ):
        first, second = make_idea(submitted_by=staff), make_idea(submitted_by=staff, title="Två")
        history = StageChange.objects.count()
        audit_rows = AuditEvent.objects.count()
        fail_on_call(monkeypatch, after=1)

        with pytest.raises(AuditDown):
            services.ideas_bulk_move(ideas=[first, second], to_stage=stage("screening"), by=coach)

        assert set(Idea.objects.values_list("stage__key", flat=True)) == {"received"}
        assert StageChange.objects.count() == history
        assert AuditEvent.objects.count() == audit_rows


@pytest.mark.django_db
class TestEveryMoveNamesWhoMadeIt:
    def test_a_single_move_records_the_mover_in_its_history_and_audit_row(self, staff, coach):
        idea = make_idea(submitted_by=staff)

        change = services.idea_move(idea=idea, to_stage=stage("screening"), by=coach)

        assert change.moved_by == coach
        event = AuditEvent.objects.get(action="idea.moved", object_id=str(idea.pk))
        assert event.actor_id == coach.pk

    def test_a_bulk_move_records_the_mover_for_every_idea(self, staff, coach):
        ideas = [make_idea(submitted_by=staff, title=f"Idé {n}") for n in range(3)]

        changes = services.ideas_bulk_move(ideas=ideas, to_stage=stage("screening"), by=coach)

        assert [change.moved_by for change in changes] == [coach, coach, coach]
        events = AuditEvent.objects.filter(action="idea.moved")
        assert sorted(events.values_list("object_id", flat=True)) == sorted(
            str(idea.pk) for idea in ideas
        )
        assert set(events.values_list("actor_id", flat=True)) == {coach.pk}


def move_at_once(
    monkeypatch: pytest.MonkeyPatch, organization: Any, moves: list[tuple[Idea, str]], by: Any
) -> list[Any]:
    """Run each (idea, stage key) move in its own thread, all reaching for the locks together.

    Return what each raised, or its StageChange, in the order given.
    """
    together = threading.Barrier(len(moves), timeout=30)
    waited = threading.local()
    real_locked = services._locked

    def locked_together(ideas: Any) -> Any:
        if not getattr(waited, "done", False):
            waited.done = True
            together.wait()
        return real_locked(ideas)

    outcomes: list[Any] = [None] * len(moves)

    def move(index: int, idea: Idea, key: str) -> None:
        try:
            with tenant_context(organization):
                outcomes[index] = services.idea_move(idea=idea, to_stage=stage(key), by=by)
        except BaseException as error:
            outcomes[index] = error
        finally:
            connection.close()

    monkeypatch.setattr(services, "_locked", locked_together)
    threads = [
        threading.Thread(target=move, args=(index, idea, key))
        for index, (idea, key) in enumerate(moves)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


class TestTwoMovesOfOneIdeaAtOnce:
    def test_the_second_sees_the_first_and_is_refused(self, committed_tenant_a, monkeypatch):
        coach = PersonFactory()
        with tenant_context(committed_tenant_a):
            idea = make_idea(submitted_by=coach)
        connection.set_schema_to_public()

        outcomes = move_at_once(
            monkeypatch, committed_tenant_a, [(idea, "screening"), (idea, "screening")], coach
        )

        refused = [each for each in outcomes if isinstance(each, ValidationError)]
        moved = [each for each in outcomes if isinstance(each, StageChange)]
        assert (len(moved), len(refused)) == (1, 1), outcomes
        with tenant_context(committed_tenant_a):
            assert StageChange.objects.filter(idea=idea, to_stage__key="screening").count() == 1
            assert AuditEvent.objects.filter(action="idea.moved").count() == 1
