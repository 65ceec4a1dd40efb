"""Coaching writes: assigning coaches, notes, next steps; each with its audit event."""

import pytest
from django.core.exceptions import ValidationError

from tenants.audit.models import AuditEvent
from tenants.coaching import services
from tenants.coaching.models import CoachAssignment, CoachNote, NextStep
from tests.tenants.coaching.make import days, next_step

pytestmark = pytest.mark.django_db


def audit_events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


class TestCoachAssign:
    def test_makes_the_person_the_ideas_coach_and_records_who_did_it(
        self, in_tenant_a, idea, coach, admin
    ):
        assignment = services.coach_assign(idea=idea, coach=coach, by=admin)

        assert assignment.coach_id == coach.pk
        assert assignment.assigned_by_id == admin.pk
        assert assignment.ended_at is None
        [event] = audit_events("coach.assigned")
        assert event.actor_id == admin.pk
        assert (event.object_type, event.object_id) == ("ideas.idea", str(idea.pk))
        assert event.before == {"coach": None, "coach_name": ""}
        assert event.after == {"coach": coach.pk, "coach_name": "Cecilia Coach"}

    def test_changing_the_coach_ends_the_current_assignment_and_keeps_the_history(
        self, in_tenant_a, idea, coach, other_coach, admin
    ):
        first = services.coach_assign(idea=idea, coach=coach, by=admin)

        second = services.coach_assign(idea=idea, coach=other_coach, by=admin)

        first.refresh_from_db()
        assert first.ended_at is not None
        assert second.ended_at is None
        assert list(
            CoachAssignment.objects.filter(idea=idea)
            .order_by("pk")
            .values_list("coach_id", flat=True)
        ) == [coach.pk, other_coach.pk]
        change = audit_events("coach.assigned")[-1]
        assert change.before == {"coach": coach.pk, "coach_name": "Cecilia Coach"}
        assert change.after == {"coach": other_coach.pk, "coach_name": "Bertil Coach"}

    def test_assigning_the_same_coach_again_changes_nothing(self, in_tenant_a, idea, coach, admin):
        first = services.coach_assign(idea=idea, coach=coach, by=admin)

        again = services.coach_assign(idea=idea, coach=coach, by=admin)

        assert again.pk == first.pk
        assert CoachAssignment.objects.filter(idea=idea).count() == 1
        assert len(audit_events("coach.assigned")) == 1

    def test_an_admin_may_coach_too(self, in_tenant_a, idea, admin):
        assert services.coach_assign(idea=idea, coach=admin, by=admin).coach_id == admin.pk

    @pytest.mark.parametrize("role", ["staff", "viewer", "council_member"])
    def test_only_coaches_and_admins_may_be_assigned(
        self, in_tenant_a, idea, admin, member_of, role
    ):
        person = member_of(in_tenant_a, role)

        with pytest.raises(ValidationError) as error:
            services.coach_assign(idea=idea, coach=person, by=admin)

        assert error.value.message_dict == {
            "coach": ["Välj en idécoach eller administratör i organisationen."]
        }
        assert not CoachAssignment.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="coach.").exists()

    def test_a_coach_of_another_organisation_may_not_be_assigned(
        self, in_tenant_a, tenant_b, idea, admin, member_of
    ):
        elsewhere = member_of(tenant_b, "coach")

        with pytest.raises(ValidationError, match="idécoach"):
            services.coach_assign(idea=idea, coach=elsewhere, by=admin)

    def test_a_deactivated_coach_may_not_be_assigned(self, in_tenant_a, idea, coach, admin):
        coach.is_active = False
        coach.save()

        with pytest.raises(ValidationError, match="idécoach"):
            services.coach_assign(idea=idea, coach=coach, by=admin)

    def test_the_assignment_and_its_audit_event_are_stored_together_or_not_at_all(
        self, in_tenant_a, idea, coach, admin, monkeypatch
    ):
        def broken(**kwargs):
            raise RuntimeError("the audit log is down")

        monkeypatch.setattr(services, "audit_event_record", broken)

        with pytest.raises(RuntimeError):
            services.coach_assign(idea=idea, coach=coach, by=admin)

        assert not CoachAssignment.objects.exists()


class TestCoachUnassign:
    def test_ends_the_current_assignment_and_records_it(self, in_tenant_a, idea, coach, admin):
        services.coach_assign(idea=idea, coach=coach, by=admin)

        ended = services.coach_unassign(idea=idea, by=admin)

        assert ended is not None
        assert ended.ended_at is not None
        assert not CoachAssignment.objects.filter(idea=idea, ended_at__isnull=True).exists()
        [event] = audit_events("coach.unassigned")
        assert event.before == {"coach": coach.pk, "coach_name": "Cecilia Coach"}
        assert event.after == {"coach": None, "coach_name": ""}

    def test_an_idea_without_a_coach_stays_as_it_was(self, in_tenant_a, idea, admin):
        assert services.coach_unassign(idea=idea, by=admin) is None
        assert not AuditEvent.objects.filter(action__startswith="coach.").exists()


class TestCoachNoteAdd:
    def test_keeps_the_note_with_the_idea_and_records_what_was_written(
        self, in_tenant_a, idea, coach
    ):
        note = services.coach_note_add(idea=idea, author=coach, body="  Ring enhetschefen.  ")

        assert note.body == "Ring enhetschefen."
        assert note.author_id == coach.pk
        [event] = audit_events("coach_note.added")
        assert event.actor_id == coach.pk
        assert (event.object_type, event.object_id) == ("coaching.coachnote", str(note.pk))
        assert event.before == {}
        assert event.after == {"idea": idea.pk, "author": coach.pk, "body": "Ring enhetschefen."}

    @pytest.mark.parametrize("body", ["", "   \n  "])
    def test_refuses_a_blank_note(self, in_tenant_a, idea, coach, body):
        with pytest.raises(ValidationError) as error:
            services.coach_note_add(idea=idea, author=coach, body=body)

        assert error.value.message_dict == {"body": ["Skriv en anteckning."]}
        assert not CoachNote.objects.exists()


class TestNextStepAdd:
    def test_agrees_a_step_with_an_owner_and_a_due_date_and_records_it(
        self, in_tenant_a, idea, coach, staff
    ):
        step = services.next_step_add(
            idea=idea,
            description="Boka möte med hemtjänsten",
            owner=staff,
            due_on=days(3),
            by=coach,
        )

        assert (step.owner_id, step.due_on, step.created_by_id) == (staff.pk, days(3), coach.pk)
        [event] = audit_events("next_step.added")
        assert event.actor_id == coach.pk
        assert event.after == {
            "idea": idea.pk,
            "description": "Boka möte med hemtjänsten",
            "owner": staff.pk,
            "due_on": days(3).isoformat(),
            "done_at": None,
        }

    def test_a_step_may_be_due_today(self, in_tenant_a, idea, coach):
        step = services.next_step_add(
            idea=idea, description="Skicka utkastet", owner=coach, due_on=days(0), by=coach
        )

        assert step.due_on == days(0)

    def test_refuses_a_due_date_in_the_past_with_a_message_for_that_field(
        self, in_tenant_a, idea, coach
    ):
        with pytest.raises(ValidationError) as error:
            services.next_step_add(
                idea=idea, description="Skicka utkastet", owner=coach, due_on=days(-1), by=coach
            )

        assert error.value.message_dict == {
            "due_on": ["Datumet har redan passerat. Välj i dag eller ett senare datum."]
        }
        assert not NextStep.objects.exists()

    def test_refuses_a_blank_description_and_an_owner_from_elsewhere_at_once(
        self, in_tenant_a, tenant_b, idea, coach, member_of
    ):
        with pytest.raises(ValidationError) as error:
            services.next_step_add(
                idea=idea,
                description="   ",
                owner=member_of(tenant_b, "staff"),
                due_on=days(1),
                by=coach,
            )

        assert set(error.value.message_dict) == {"description", "owner"}

    def test_a_viewer_may_not_own_a_step(self, in_tenant_a, idea, coach, member_of):
        with pytest.raises(ValidationError, match="ansvarig"):
            services.next_step_add(
                idea=idea,
                description="Läs rapporten",
                owner=member_of(in_tenant_a, "viewer"),
                due_on=days(1),
                by=coach,
            )


class TestNextStepCompleteAndReopen:
    def test_completing_marks_the_step_done_and_records_before_and_after(
        self, in_tenant_a, idea, coach
    ):
        step = next_step(idea, coach, days(1))

        services.next_step_complete(step=step, by=coach)

        step.refresh_from_db()
        assert step.done_at is not None
        [event] = audit_events("next_step.completed")
        assert event.before == {"done_at": None}
        assert event.after == {"done_at": step.done_at.isoformat()}

    def test_completing_a_done_step_again_changes_nothing(self, in_tenant_a, idea, coach):
        step = next_step(idea, coach, days(1))
        services.next_step_complete(step=step, by=coach)
        done_at = NextStep.objects.get(pk=step.pk).done_at

        services.next_step_complete(step=step, by=coach)

        assert NextStep.objects.get(pk=step.pk).done_at == done_at
        assert len(audit_events("next_step.completed")) == 1

    def test_reopening_opens_a_done_step_again_and_records_it(self, in_tenant_a, idea, coach):
        step = next_step(idea, coach, days(1))
        services.next_step_complete(step=step, by=coach)

        services.next_step_reopen(step=step, by=coach)

        assert NextStep.objects.get(pk=step.pk).done_at is None
        [event] = audit_events("next_step.reopened")
        assert event.before["done_at"] is not None
        assert event.after == {"done_at": None}

    def test_reopening_an_open_step_changes_nothing(self, in_tenant_a, idea, coach):
        step = next_step(idea, coach, days(1))

        services.next_step_reopen(step=step, by=coach)

        assert not audit_events("next_step.reopened")
