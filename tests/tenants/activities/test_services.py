"""Registering activities and their participants."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tenants.activities import services
from tenants.activities.models import Activity, Participant
from tenants.audit.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_tenant_a")]

DAY = datetime.date(2026, 3, 12)


def events(action: str, obj: Any) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_id=str(obj.pk)).order_by("pk"))


def create(by, **fields):
    values = {"kind": "training", "title": "Innovativ chef, omgång 1", "held_on": DAY, **fields}
    return services.activity_create(**values, by=by)


class TestActivityCreate:
    def test_registers_a_training_and_records_it(self, coach):
        activity = create(coach, description="Heldag i stadshuset.")

        activity.refresh_from_db()
        assert (activity.kind, activity.title, activity.held_on) == (
            "training",
            "Innovativ chef, omgång 1",
            DAY,
        )
        assert activity.created_by == coach
        [event] = events("activity.created", activity)
        assert event.actor_id == coach.pk
        assert event.after["held_on"] == "2026-03-12"

    def test_takes_a_head_count_split_by_gender(self, coach):
        activity = create(
            coach, kind="workshop", head_count=30, head_count_women=18, head_count_men=9
        )

        assert (activity.head_count, activity.head_count_women, activity.head_count_men) == (
            30,
            18,
            9,
        )

    def test_refuses_more_women_and_men_than_participants_with_a_clear_message(self, coach):
        with pytest.raises(ValidationError) as error:
            create(coach, head_count=20, head_count_women=15, head_count_men=10)

        assert error.value.message_dict["head_count"] == [
            "Kvinnor och män är tillsammans 25, men antalet deltagare är 20. "
            "Antalet deltagare måste vara minst lika stort."
        ]
        assert not Activity.objects.exists()

    def test_refuses_women_or_men_without_a_head_count(self, coach):
        with pytest.raises(ValidationError) as error:
            create(coach, head_count_women=4)

        assert "head_count" in error.value.message_dict

    def test_refuses_negative_counts(self, coach):
        with pytest.raises(ValidationError) as error:
            create(coach, head_count=-1)

        assert error.value.message_dict["head_count"] == ["Antalet kan inte vara negativt."]

    def test_needs_a_kind_a_title_and_a_date(self, coach):
        with pytest.raises(ValidationError) as error:
            create(coach, kind="party", title=" ", held_on=None)

        assert set(error.value.message_dict) == {"kind", "title", "held_on"}


class TestActivityUpdate:
    def test_changes_what_was_asked_and_records_before_and_after(self, coach):
        activity = create(coach)

        services.activity_update(activity=activity, by=coach, title="Omgång 2", head_count=12)

        activity.refresh_from_db()
        assert (activity.title, activity.head_count) == ("Omgång 2", 12)
        [event] = events("activity.updated", activity)
        assert event.before == {"title": "Innovativ chef, omgång 1", "head_count": None}
        assert event.after == {"title": "Omgång 2", "head_count": 12}

    def test_checks_the_head_counts_against_what_is_already_there(self, coach):
        activity = create(coach, head_count=10, head_count_women=6)

        with pytest.raises(ValidationError) as error:
            services.activity_update(activity=activity, by=coach, head_count_men=5)

        assert "head_count" in error.value.message_dict

    def test_records_nothing_when_nothing_changes(self, coach):
        activity = create(coach)

        services.activity_update(activity=activity, by=coach, title=" Innovativ chef,  omgång 1 ")

        assert events("activity.updated", activity) == []


class TestParticipants:
    def test_registers_a_manager_who_came(self, coach):
        activity = create(coach)

        participant = services.participant_add(
            activity=activity, name=" Maria  Chef ", role="manager", gender="woman", by=coach
        )

        assert (participant.name, participant.role, participant.gender, participant.attended) == (
            "Maria Chef",
            "manager",
            "woman",
            True,
        )
        [event] = events("participant.added", participant)
        assert event.after["role"] == "manager"
        assert "gender" not in event.after  # used only in aggregates

    def test_takes_the_name_of_a_linked_person(self, coach, tenant_a, member_of):
        manager = member_of(tenant_a, "staff", person__full_name="Per Persson")
        activity = create(coach)

        participant = services.participant_add(
            activity=activity, name="", role="manager", person=manager, by=coach
        )

        assert (participant.name, participant.person) == ("Per Persson", manager)

    def test_registers_a_person_once_per_activity(self, coach, tenant_a, member_of):
        manager = member_of(tenant_a, "staff", person__full_name="Per Persson")
        activity = create(coach)
        services.participant_add(
            activity=activity, name="", role="manager", person=manager, by=coach
        )

        with pytest.raises(ValidationError) as error:
            services.participant_add(
                activity=activity, name="Per", role="manager", person=manager, by=coach
            )

        assert error.value.message_dict["person"] == [
            "Per Persson är redan registrerad på aktiviteten."
        ]

    def test_refuses_an_unknown_role_or_gender_and_a_missing_name(self, coach):
        activity = create(coach)

        with pytest.raises(ValidationError) as error:
            services.participant_add(activity=activity, name="", role="boss", gender="x", by=coach)

        assert set(error.value.message_dict) == {"name", "role", "gender"}

    def test_marks_attendance_and_records_the_change(self, coach):
        activity = create(coach)
        participant = services.participant_add(
            activity=activity, name="Maria", role="manager", by=coach
        )

        services.participant_set_attendance(participant=participant, attended=False, by=coach)

        participant.refresh_from_db()
        assert participant.attended is False
        [event] = events("participant.attendance_set", participant)
        assert (event.before, event.after) == ({"attended": True}, {"attended": False})

    def test_marking_the_same_attendance_again_changes_nothing(self, coach):
        activity = create(coach)
        participant = services.participant_add(
            activity=activity, name="Maria", role="manager", by=coach
        )

        services.participant_set_attendance(participant=participant, attended=True, by=coach)

        assert events("participant.attendance_set", participant) == []

    def test_removes_a_participant_and_the_audit_log_keeps_who_it_was(self, coach):
        activity = create(coach)
        participant = services.participant_add(
            activity=activity, name="Maria", role="manager", by=coach
        )
        pk = participant.pk

        services.participant_remove(participant=participant, by=coach)

        assert not Participant.objects.filter(pk=pk).exists()
        [event] = AuditEvent.objects.filter(action="participant.removed", object_id=str(pk))
        assert event.before["name"] == "Maria"
