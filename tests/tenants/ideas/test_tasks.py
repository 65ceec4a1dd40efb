import pytest
from django.core import mail

from config.celery import app
from shared.accounts.models import Membership
from tenants.ideas import services, tasks
from tenants.ideas.models import StageChange
from tests.factories import make_contact, make_idea, stage

pytestmark = pytest.mark.django_db


def _mails_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [address]]


@pytest.fixture
def followed_idea(staff, member_of, in_tenant_a):  # type: ignore[no-untyped-def]
    """An idea by ``staff``, followed by a colleague and a confirmed and an unconfirmed contact."""
    idea = make_idea(submitted_by=staff, title="Lådcyklar till hemtjänsten")
    colleague = member_of(in_tenant_a, "staff")
    confirmed = make_contact(name="Greta")
    unconfirmed = make_contact(confirmed_at=None)
    for who in ({"person": colleague}, {"contact": confirmed}, {"contact": unconfirmed}):
        services.follow_add(idea=idea, **who)
    return idea, staff, colleague, confirmed, unconfirmed


class TestIdeaNotifyFollowers:
    def test_sends_one_mail_per_follower_with_the_reason_when_closed(
        self, followed_idea, coach, django_capture_on_commit_callbacks
    ):
        idea, staff, colleague, confirmed, unconfirmed = followed_idea

        with django_capture_on_commit_callbacks(execute=True):
            services.idea_move(
                idea=idea,
                to_stage=stage("declined"),
                by=coach,
                reason="Det finns redan ett avtal om lådcyklar.",
            )

        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            [staff.email, colleague.email, confirmed.email]
        )
        for message in mail.outbox:
            assert idea.registration_number in message.subject
            assert "Avslutad: avböjd" in message.subject
            assert "Det finns redan ett avtal om lådcyklar." in message.body
            assert "Lådcyklar till hemtjänsten" in message.body
        assert _mails_to(unconfirmed.email) == []

    def test_leaves_the_reason_out_when_the_idea_is_still_open(
        self, followed_idea, coach, django_capture_on_commit_callbacks
    ):
        idea, staff, *_ = followed_idea

        with django_capture_on_commit_callbacks(execute=True):
            services.idea_move(
                idea=idea, to_stage=stage("screening"), by=coach, reason="Intern: ring Kim."
            )

        (message,) = _mails_to(staff.email)
        assert "Beredning" in message.subject
        assert "ring Kim" not in message.body

    def test_gives_a_contact_the_link_to_the_page_where_they_follow_their_ideas(
        self, followed_idea, coach, django_capture_on_commit_callbacks
    ):
        idea, staff, _colleague, confirmed, _ = followed_idea

        with django_capture_on_commit_callbacks(execute=True):
            services.idea_move(idea=idea, to_stage=stage("screening"), by=coach)

        (message,) = _mails_to(confirmed.email)
        assert f"http://alfa.localhost/portal/folj/{confirmed.access_token}/" in message.body
        assert "Hej Greta!" in message.body
        assert confirmed.access_token not in _mails_to(staff.email)[0].body

    def test_writes_to_a_person_in_their_own_language(
        self, followed_idea, coach, django_capture_on_commit_callbacks
    ):
        idea, staff, *_ = followed_idea
        staff.preferred_language = "en"
        staff.save()

        with django_capture_on_commit_callbacks(execute=True):
            services.idea_move(idea=idea, to_stage=stage("parked"), by=coach, reason="Later.")

        (message,) = _mails_to(staff.email)
        assert "Closed: parked" in message.subject

    def test_mails_an_address_once_even_when_it_follows_as_person_and_contact(
        self, staff, coach, in_tenant_a, django_capture_on_commit_callbacks
    ):
        idea = make_idea(submitted_by=staff)
        services.follow_add(idea=idea, contact=make_contact(email=staff.email.upper()))

        with django_capture_on_commit_callbacks(execute=True):
            services.idea_move(idea=idea, to_stage=stage("screening"), by=coach)

        assert len(mail.outbox) == 1

    def test_does_not_mail_the_person_who_moved_it(
        self, staff, coach, django_capture_on_commit_callbacks
    ):
        idea = make_idea(submitted_by=staff)
        services.follow_add(idea=idea, person=coach)

        with django_capture_on_commit_callbacks(execute=True):
            services.idea_move(idea=idea, to_stage=stage("screening"), by=coach)

        assert [m.to for m in mail.outbox] == [[staff.email]]

    def test_does_not_mail_someone_who_has_left_the_organisation(
        self, staff, coach, django_capture_on_commit_callbacks
    ):
        idea = make_idea(submitted_by=staff)
        Membership.objects.filter(person=staff).delete()

        with django_capture_on_commit_callbacks(execute=True):
            services.idea_move(idea=idea, to_stage=stage("screening"), by=coach)

        assert mail.outbox == []

    def test_returns_how_many_mails_went_out(self, followed_idea, coach):
        idea, *_ = followed_idea
        change = services.idea_move(idea=idea, to_stage=stage("screening"), by=coach)

        assert tasks.idea_notify_followers(stage_change_id=change.pk) == 3

    def test_sends_nothing_for_a_stage_change_that_no_longer_exists(self, in_tenant_a):
        assert tasks.idea_notify_followers(stage_change_id=987654) == 0
        assert not StageChange.objects.filter(pk=987654).exists()

    def test_goes_to_the_mail_queue(self):
        route = app.amqp.router.route({}, "ideas.notify_followers", args=(), kwargs={})

        assert route["queue"].name == "mail"
