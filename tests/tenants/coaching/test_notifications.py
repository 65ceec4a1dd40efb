"""Reminder mail about due next steps: one per owner and day, never twice."""

import pytest
from django.core import mail
from django.utils import timezone, translation

from tenants.coaching import notifications
from tenants.coaching.models import NextStep
from tests.tenants.coaching.make import coached_idea, days, next_step

pytestmark = pytest.mark.django_db


def mails_to(person) -> list[mail.EmailMessage]:  # type: ignore[no-untyped-def]
    return [message for message in mail.outbox if message.to == [person.email]]


class TestNextStepRemindersSend:
    def test_mails_each_owner_once_listing_their_due_and_overdue_steps(
        self, in_tenant_a, coach, staff
    ):
        idea = coached_idea(coach, title="Lådcyklar till hemtjänsten")
        next_step(idea, staff, days(-2), description="Prata med enhetschefen")
        next_step(idea, staff, days(0), description="Skicka offerten")
        next_step(idea, staff, days(1), description="Inte ännu")
        next_step(idea, coach, days(0), description="Coachens eget steg")

        sent = notifications.next_step_reminders_send()

        assert sent == 2
        [to_staff] = mails_to(staff)
        [to_coach] = mails_to(coach)
        assert "Prata med enhetschefen" in to_staff.body
        assert "Skicka offerten" in to_staff.body
        assert "Inte ännu" not in to_staff.body
        assert "Coachens eget steg" not in to_staff.body
        assert "Coachens eget steg" in to_coach.body
        assert "2 nästa steg ska vara klara" in to_staff.subject
        assert "(försenat)" in to_staff.body
        assert "Lådcyklar till hemtjänsten" in to_staff.body

    def test_links_each_step_to_its_idea_on_the_organisations_host(self, in_tenant_a, coach, staff):
        idea = coached_idea(coach)
        next_step(idea, staff, days(0))

        notifications.next_step_reminders_send()

        [message] = mails_to(staff)
        assert f"http://alfa.localhost/id%C3%A9er/{idea.pk}/" in message.body

    def test_a_second_run_the_same_day_sends_nothing(self, in_tenant_a, coach, staff):
        idea = coached_idea(coach)
        step = next_step(idea, staff, days(-1))
        notifications.next_step_reminders_send()

        sent_again = notifications.next_step_reminders_send()

        assert sent_again == 0
        assert len(mail.outbox) == 1
        assert NextStep.objects.get(pk=step.pk).reminded_on == days(0)

    def test_reminds_again_on_the_next_day_while_the_step_is_open(self, in_tenant_a, coach, staff):
        idea = coached_idea(coach)
        next_step(idea, staff, days(-1))
        notifications.next_step_reminders_send(on=days(-1))

        assert notifications.next_step_reminders_send(on=days(0)) == 1
        assert len(mail.outbox) == 2

    def test_a_done_step_is_not_reminded(self, in_tenant_a, coach, staff):
        idea = coached_idea(coach)
        next_step(idea, staff, days(-1), done_at=timezone.now())

        assert notifications.next_step_reminders_send() == 0
        assert mail.outbox == []

    def test_an_owner_who_left_the_organisation_gets_no_mail(self, in_tenant_a, coach, staff):
        idea = coached_idea(coach)
        next_step(idea, staff, days(0))
        staff.memberships.all().delete()

        assert notifications.next_step_reminders_send() == 0
        assert mail.outbox == []

    def test_writes_to_each_owner_in_their_own_language(
        self, in_tenant_a, coach, staff, monkeypatch
    ):
        staff.preferred_language = "en"
        staff.save()
        idea = coached_idea(coach)
        next_step(idea, staff, days(0))
        next_step(idea, coach, days(0))
        languages = {}
        render = notifications.render_to_string

        def spy(template, context):  # type: ignore[no-untyped-def]
            languages[context["name"]] = translation.get_language()
            return render(template, context)

        monkeypatch.setattr(notifications, "render_to_string", spy)

        notifications.next_step_reminders_send()

        assert languages == {"Stina": "en", "Cecilia": "sv"}
