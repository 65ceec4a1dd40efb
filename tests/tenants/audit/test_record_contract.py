"""What ``audit_event_record`` promises, clause by clause (mutation testing found these open)."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django_tenants.utils import tenant_context

from shared.organizations.models import Organization
from tenants.audit import services
from tenants.audit.models import AuditEvent
from tenants.needs.models import Need
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_tenant_a(tenant_a: Organization) -> Iterator[Organization]:
    with tenant_context(tenant_a):
        yield tenant_a


@pytest.fixture
def need(in_tenant_a) -> Need:
    return Need.objects.create(title="Matsvinn", description="För mycket slängs.")


def record(need: Need, **overrides: object) -> AuditEvent:
    arguments: dict[str, object] = {"actor": None, "action": "need.updated", "obj": need}
    arguments.update(overrides)
    return services.audit_event_record(**arguments)  # type: ignore[arg-type]


class TestWhoIsRecorded:
    def test_a_person_is_recorded_by_id(self, need):
        person = PersonFactory()

        assert record(need, actor=person).actor_id == person.pk

    def test_nobody_and_an_anonymous_visitor_are_recorded_as_no_one(self, need):
        assert record(need, actor=None).actor_id is None
        assert record(need, actor=AnonymousUser()).actor_id is None

    def test_an_actor_that_says_nothing_of_authentication_is_recorded_by_id(self, need):
        assert record(need, actor=SimpleNamespace(pk=4711)).actor_id == 4711


class TestWhatIsRecorded:
    def test_the_object_by_type_id_and_text(self, need):
        event = AuditEvent.objects.get(pk=record(need).pk)

        assert (event.action, event.object_type, event.object_id) == (
            "need.updated",
            "needs.need",
            str(need.pk),
        )
        assert event.object_label == str(need)

    def test_a_label_replaces_the_objects_text_and_is_cut_to_300_characters(self, need):
        event = record(need, label="x" * 400)

        assert AuditEvent.objects.get(pk=event.pk).object_label == "x" * 300

    def test_the_objects_own_text_is_cut_too(self, need):
        need.title = "y" * 400

        label = AuditEvent.objects.get(pk=record(need).pk).object_label

        assert len(label) == 300
        assert label == str(need)[:300]

    def test_before_and_after_are_stored_json_safe_and_default_to_empty(self, need):
        event = record(need, before={"n": need}, after=None)

        stored = AuditEvent.objects.get(pk=event.pk)
        assert (stored.before, stored.after) == ({"n": need.pk}, {})

    def test_every_record_asks_for_the_figures_to_be_recounted(self, need, monkeypatch):
        calls: list[object] = []
        monkeypatch.setattr(
            services.figures_hooks, "organization_changed", lambda **kw: calls.append(kw)
        )

        record(need)

        assert calls == [{}]


class TestWhereItRefuses:
    def test_in_the_public_schema_and_says_so(self, tenant_a):
        with tenant_context(tenant_a):
            need = Need.objects.create(title="Behov", description="Text")

        with pytest.raises(RuntimeError, match="organisation's schema, not public"):
            record(need)

    def test_for_an_unsaved_object_and_says_so(self, in_tenant_a):
        with pytest.raises(ValueError, match="after the object is saved"):
            record(Need(title="Ej sparad", description="Text"))

        assert not AuditEvent.objects.exists()


class TestJsonSafe:
    def test_sets_become_lists_and_keys_become_text(self):
        assert services.json_safe({1: {3}, "b": (True, None, 1.5)}) == {
            "1": [3],
            "b": [True, None, 1.5],
        }

    def test_anything_else_becomes_its_text(self):
        class Odd:
            def __str__(self) -> str:
                return "udda"

        assert services.json_safe({"x": Odd()}) == {"x": "udda"}


class TestSnapshot:
    def test_a_many_to_many_field_is_the_sorted_ids_it_holds(self, in_tenant_a):
        from tests.factories import make_idea

        needs = [Need.objects.create(title=f"Behov {n}", description="Text") for n in (1, 2)]
        idea = make_idea(needs=list(reversed(needs)))

        assert services.snapshot(idea, ["needs"]) == {"needs": sorted(n.pk for n in needs)}
