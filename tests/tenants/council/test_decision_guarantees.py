"""What recording a council decision promises when it fails half-way or two are made at once.

A decision, its registration number, the idea's move and the audit rows are
stored together or not at all; two grants from one year's budget queue behind
the budget lock, so together they cannot spend more than is left. These tests
fail when the transaction or the lock is taken away.
"""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import tenant_context

from tenants.audit.models import AuditEvent
from tenants.council import services
from tenants.council.models import Decision
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea, StageChange
from tenants.registry.models import RegistrationCounter
from tests.factories import MembershipFactory
from tests.tenants.council import make


class MoveFailed(Exception):
    """The idea's move failed after the decision and its number were written."""


@pytest.mark.django_db
class TestADecisionThatFailsHalfWay:
    def test_leaves_no_decision_no_number_used_no_move_and_no_audit_row(
        self, in_tenant_a, admin, monkeypatch
    ):
        item = make.item(admin)
        decisions_counter = RegistrationCounter.objects.filter(series="decision").first()
        used = decisions_counter.last_number if decisions_counter else 0
        history = StageChange.objects.count()
        audit_rows = AuditEvent.objects.count()

        def written_then_fail(**kwargs: Any) -> Any:
            assert Decision.objects.exists()  # the decision really was written…
            raise MoveFailed

        monkeypatch.setattr(idea_services, "idea_move", written_then_fail)

        with pytest.raises(MoveFailed):
            make.decide(admin, item)

        assert not Decision.objects.exists()  # …and is gone with the rest
        counter = RegistrationCounter.objects.filter(series="decision").first()
        assert (counter.last_number if counter else 0) == used
        assert Idea.objects.get(pk=item.idea_id).stage.key == "screening"
        assert StageChange.objects.count() == history
        assert AuditEvent.objects.count() == audit_rows


@pytest.mark.django_db
class TestEveryDecisionNamesWhoRecordedIt:
    def test_the_decision_its_move_and_its_audit_rows_name_the_recorder(self, in_tenant_a, admin):
        decision = make.decide(admin, make.item(admin))

        assert decision.recorded_by == admin
        change = StageChange.objects.filter(idea=decision.idea).latest("at")
        assert change.moved_by == admin
        events = AuditEvent.objects.filter(action__in=["decision.recorded", "idea.moved"])
        assert events.filter(action="decision.recorded").exists()
        assert set(events.values_list("actor_id", flat=True)) == {admin.pk}


class TestTwoGrantsAtOnce:
    def test_cannot_together_spend_more_than_the_years_budget(
        self, committed_tenant_a, monkeypatch
    ):
        with tenant_context(committed_tenant_a):
            admin = MembershipFactory(organization=committed_tenant_a, role="admin").person
            services.budget_set(year=make.DAY.year, amount_sek="100000", by=admin)
            meeting = make.meeting(admin)
            items = [make.item(admin, at=meeting), make.item(admin, at=meeting)]
        connection.set_schema_to_public()

        # Both transactions have locked their own item and idea and reach the budget together.
        together = threading.Barrier(2, timeout=30)
        real_lock = services._lock_budget_year

        def lock_together(year: int) -> None:
            together.wait()
            real_lock(year)

        monkeypatch.setattr(services, "_lock_budget_year", lock_together)
        outcomes: list[Any] = [None, None]

        def grant(index: int) -> None:
            try:
                with tenant_context(committed_tenant_a):
                    outcomes[index] = make.decide(
                        admin, items[index], amount_granted_sek=Decimal("60000")
                    )
            except BaseException as error:
                outcomes[index] = error
            finally:
                connection.close()

        threads = [threading.Thread(target=grant, args=(index,)) for index in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        granted = [each for each in outcomes if isinstance(each, Decision)]
        refused = [each for each in outcomes if isinstance(each, ValidationError)]
        assert (len(granted), len(refused)) == (1, 1), outcomes
        assert "budget_override_reason" in refused[0].message_dict
        with tenant_context(committed_tenant_a):
            assert Decision.objects.get().amount_granted_sek == Decimal("60000")
