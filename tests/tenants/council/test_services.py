"""The idea council's services: budget, meetings, agendas, minutes, and decisions as records."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.audit.models import AuditEvent
from tenants.council import notifications, services
from tenants.council.models import AgendaItem, CouncilBudget, Decision, Meeting
from tenants.ideas import services as idea_services
from tenants.ideas.models import Idea, StageChange
from tenants.registry.models import RegistrationCounter
from tests.factories import PersonFactory, make_contact, make_idea, stage
from tests.tenants.council import make
from tests.tenants.council.make import DAY
from tests.tenants.trials import make as trials_make

pytestmark = pytest.mark.django_db


def errors_of(info: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return info.value.message_dict


class TestBudgetSet:
    def test_sets_the_years_budget_and_audits_it(self, in_tenant_a, admin):
        budget = services.budget_set(year=2026, amount_sek=Decimal("500000"), by=admin)

        assert CouncilBudget.objects.get(year=2026).amount_sek == Decimal("500000.00")
        event = AuditEvent.objects.get(action="council_budget.set", object_id=str(budget.pk))
        assert event.actor_id == admin.pk
        assert event.after == {"year": 2026, "amount_sek": "500000.00"}

    def test_changes_it_with_the_amount_before_in_the_audit_log(self, in_tenant_a, admin):
        services.budget_set(year=2026, amount_sek=Decimal("500000"), by=admin)

        services.budget_set(year=2026, amount_sek="600000.50", by=admin)

        assert CouncilBudget.objects.get(year=2026).amount_sek == Decimal("600000.50")
        event = AuditEvent.objects.filter(action="council_budget.set").order_by("-pk").first()
        assert event is not None
        assert event.before == {"amount_sek": "500000.00"}

    @pytest.mark.parametrize(
        ("amount", "message"),
        [
            (500000.0, "Ange beloppet som ett exakt decimaltal, inte som flyttal."),
            (Decimal("-1"), "Beloppet kan inte vara negativt."),
            ("fem kronor", "Ange ett belopp i kronor, till exempel 150000."),
            (Decimal("1.005"), "Ange beloppet med högst två decimaler (ören)."),
        ],
    )
    def test_refuses_floats_negative_and_inexact_amounts(self, in_tenant_a, admin, amount, message):
        with pytest.raises(ValidationError) as info:
            services.budget_set(year=2026, amount_sek=amount, by=admin)

        assert errors_of(info) == {"amount_sek": [message]}
        assert not CouncilBudget.objects.exists()


class TestMeetingCreate:
    def test_plans_a_meeting_and_audits_it(self, in_tenant_a, coach):
        meeting = services.meeting_create(
            held_on=DAY, title="  Idérådet   mars ", location="Rum 4", by=coach
        )

        assert (meeting.title, meeting.status, meeting.created_by_id) == (
            "Idérådet mars",
            "planned",
            coach.pk,
        )
        assert AuditEvent.objects.filter(
            action="meeting.created", object_id=str(meeting.pk)
        ).exists()

    def test_refuses_a_meeting_without_title_or_date(self, in_tenant_a, coach):
        with pytest.raises(ValidationError) as info:
            services.meeting_create(held_on=None, title=" ", by=coach)  # type: ignore[arg-type]

        assert set(errors_of(info)) == {"title", "held_on"}


class TestMeetingDelete:
    def test_refuses_a_meeting_with_decisions_because_they_are_public_records(
        self, in_tenant_a, admin
    ):
        decided = make.item(admin)
        make.decide(admin, decided)

        with pytest.raises(ValidationError) as info:
            services.meeting_delete(meeting=decided.meeting, by=admin)

        assert "meeting" in errors_of(info)
        assert Meeting.objects.filter(pk=decided.meeting_id).exists()

    def test_deletes_a_meeting_without_decisions_with_its_agenda(self, in_tenant_a, coach):
        undecided = make.item(coach)

        services.meeting_delete(meeting=undecided.meeting, by=coach)

        assert not Meeting.objects.exists()
        assert not AgendaItem.objects.exists()


class TestAgendaItemAdd:
    def test_records_where_the_idea_stands_and_puts_it_last(self, in_tenant_a, coach):
        meeting = make.meeting(coach)
        first_idea = make.idea_in("screening", coach)
        second_idea = make.idea_in("refinement", coach)

        first = make.item(coach, at=meeting, idea=first_idea)
        second = make.item(coach, at=meeting, idea=second_idea)

        second_idea.refresh_from_db()
        assert (first.position, second.position) == (1, 2)
        assert second.stage_when_set.key == "refinement"
        assert second.stage_changed_at_when_set == second_idea.stage_changed_at
        event = AuditEvent.objects.get(action="agenda_item.added", object_id=str(second.pk))
        assert event.after["idea"] == second_idea.registration_number

    def test_reads_the_stage_from_the_database_not_from_a_stale_instance(self, in_tenant_a, coach):
        idea = make.idea_in("screening", coach)
        stale_copy = Idea.objects.get(pk=idea.pk)
        idea_services.idea_move(idea=idea, to_stage=stage("refinement"), by=coach)

        added = make.item(coach, idea=stale_copy)

        assert added.stage_when_set.key == "refinement"

    @pytest.mark.parametrize("closed", ["declined", "parked"])
    def test_refuses_a_closed_idea(self, in_tenant_a, coach, closed):
        idea = make_idea()
        idea_services.idea_move(idea=idea, to_stage=stage(closed), by=coach, reason="Nej.")

        with pytest.raises(ValidationError) as info:
            make.item(coach, idea=idea)

        assert errors_of(info)["idea"][0].startswith("Idén är avslutad")

    def test_refuses_a_merged_idea_and_names_the_one_to_take_up(self, in_tenant_a, coach):
        duplicate, original = make_idea(), make_idea()
        idea_services.idea_merge(duplicate=duplicate, into=original, by=coach)

        with pytest.raises(ValidationError) as info:
            make.item(coach, idea=duplicate)

        assert errors_of(info) == {
            "idea": [
                f"Idén är sammanslagen med {original.registration_number}; ta upp den i stället."
            ]
        }

    def test_refuses_the_same_idea_twice_on_one_agenda(self, in_tenant_a, coach):
        first = make.item(coach)

        with pytest.raises(ValidationError) as info:
            make.item(coach, at=first.meeting, idea=first.idea)

        assert errors_of(info) == {"idea": ["Idén finns redan på dagordningen (§ 1)."]}

    def test_refuses_a_blank_memo(self, in_tenant_a, coach):
        with pytest.raises(ValidationError) as info:
            services.agenda_item_add(
                meeting=make.meeting(coach), idea=make_idea(), preparation_memo="  ", by=coach
            )

        assert "preparation_memo" in errors_of(info)

    def test_refuses_a_held_meeting(self, in_tenant_a, coach):
        meeting = make.meeting(coach)
        services.meeting_update(meeting=meeting, status="held", by=coach)

        with pytest.raises(ValidationError) as info:
            make.item(coach, at=meeting)

        assert "meeting" in errors_of(info)


class TestAgendaOrder:
    def test_removing_an_item_moves_the_ones_after_it_up(self, in_tenant_a, coach):
        meeting = make.meeting(coach)
        first, second, third = (make.item(coach, at=meeting) for _ in range(3))

        services.agenda_item_remove(item=first, by=coach)

        positions = dict(AgendaItem.objects.values_list("pk", "position"))
        assert positions == {second.pk: 1, third.pk: 2}
        assert AuditEvent.objects.filter(action="agenda_item.removed").count() == 1

    def test_a_decided_item_is_not_removed(self, in_tenant_a, admin):
        decided = make.item(admin)
        decision = make.decide(admin, decided)

        with pytest.raises(ValidationError) as info:
            services.agenda_item_remove(item=decided, by=admin)

        assert errors_of(info) == {
            "item": [f"Ärendet har ett beslut ({decision.registration_number}) och tas inte bort."]
        }

    def test_reorders_the_agenda(self, in_tenant_a, coach):
        meeting = make.meeting(coach)
        first, second, third = (make.item(coach, at=meeting) for _ in range(3))

        services.agenda_reorder(meeting=meeting, item_ids=[third.pk, first.pk, second.pk], by=coach)

        order = list(AgendaItem.objects.order_by("position").values_list("pk", flat=True))
        assert order == [third.pk, first.pk, second.pk]
        event = AuditEvent.objects.get(action="agenda.reordered")
        assert event.after == {"order": [third.pk, first.pk, second.pk]}

    @pytest.mark.parametrize("which", ["missing", "repeated", "foreign"])
    def test_refuses_an_order_that_is_not_every_item_once(self, in_tenant_a, coach, which):
        meeting = make.meeting(coach)
        first, second = make.item(coach, at=meeting), make.item(coach, at=meeting)
        other = make.item(coach)
        ids = {
            "missing": [first.pk],
            "repeated": [first.pk, first.pk, second.pk],
            "foreign": [first.pk, second.pk, other.pk],
        }[which]

        with pytest.raises(ValidationError) as info:
            services.agenda_reorder(meeting=meeting, item_ids=ids, by=coach)

        assert "item_ids" in errors_of(info)


class TestMinutesSave:
    def test_saves_the_minutes_and_audits_the_change(self, in_tenant_a, coach):
        meeting = make.meeting(coach)

        services.minutes_save(meeting=meeting, minutes=" Närvarande: alla. ", by=coach)

        meeting.refresh_from_db()
        assert meeting.minutes == "Närvarande: alla."
        event = AuditEvent.objects.get(action="meeting.minutes_saved")
        assert (event.before, event.after) == ({"minutes": ""}, {"minutes": "Närvarande: alla."})


class TestDecisionRecord:
    def test_gives_the_next_number_of_the_year_and_moves_the_idea(self, in_tenant_a, admin):
        services.budget_set(year=2026, amount_sek=Decimal("100000"), by=admin)
        item = make.item(admin)

        decision = make.decide(
            admin, item, amount_granted_sek=Decimal("25000"), rationale="Testa i tre enheter."
        )

        assert decision.registration_number == "BES-2026-0001"
        assert (decision.registration_year, decision.registration_sequence) == (2026, 1)
        item.idea.refresh_from_db()
        assert item.idea.stage.key == "test"
        change = StageChange.objects.filter(idea=item.idea).latest("at")
        assert change.reason == "Idérådets beslut BES-2026-0001: Testa i tre enheter."
        assert change.moved_by_id == admin.pk

    def test_numbers_follow_each_other_per_year_of_the_decision(self, in_tenant_a, admin):
        meeting = make.meeting(admin)
        first = make.decide(admin, make.item(admin, at=meeting))
        second = make.decide(admin, make.item(admin, at=meeting))
        earlier_year = make.decide(
            admin, make.item(admin, at=meeting), decided_on=datetime.date(2025, 12, 30)
        )

        assert [first.registration_number, second.registration_number] == [
            "BES-2026-0001",
            "BES-2026-0002",
        ]
        assert earlier_year.registration_number == "BES-2025-0001"

    def test_is_audited_with_the_move(self, in_tenant_a, admin):
        services.budget_set(year=2026, amount_sek=Decimal("100000"), by=admin)
        decision = make.decide(admin, make.item(admin), amount_granted_sek="1500.50")

        event = AuditEvent.objects.get(action="decision.recorded", object_id=str(decision.pk))
        assert event.actor_id == admin.pk
        assert event.before == {"stage": "screening"}
        assert event.after["stage"] == "test"
        assert event.after["registration_number"] == "BES-2026-0001"
        assert event.after["amount_granted_sek"] == "1500.50"

    @pytest.mark.parametrize(
        ("kind", "target"),
        [
            ("fund_test", "test"),
            ("pilot", "test"),
            ("broaden", "refinement"),
            ("implement", "implemented"),
            ("decline", "declined"),
            ("park", "parked"),
        ],
    )
    def test_each_kind_moves_the_idea_to_its_stage(self, in_tenant_a, admin, kind, target):
        idea = make.idea_in("evaluation", admin)
        make.evaluated_trial(idea)  # implementing may need an evaluation

        make.decide(admin, make.item(admin, idea=idea), kind=kind)

        idea.refresh_from_db()
        assert idea.stage.key == target

    def test_an_idea_already_in_the_target_stage_stays_without_a_new_move(self, in_tenant_a, admin):
        idea = make.idea_in("test", admin)
        moves = StageChange.objects.filter(idea=idea).count()

        make.decide(admin, make.item(admin, idea=idea), kind="pilot")

        idea.refresh_from_db()
        assert idea.stage.key == "test"
        assert StageChange.objects.filter(idea=idea).count() == moves

    def test_stores_money_as_decimal_never_float(self, in_tenant_a, admin):
        services.budget_set(year=2026, amount_sek=Decimal("100000"), by=admin)

        decision = make.decide(admin, make.item(admin), amount_granted_sek="0.10")
        decision.refresh_from_db()

        assert isinstance(decision.amount_granted_sek, Decimal)
        assert decision.amount_granted_sek == Decimal("0.10")

    def test_refuses_a_float_amount_explicitly(self, in_tenant_a, admin):
        item = make.item(admin)

        with pytest.raises(ValidationError) as info:
            make.decide(admin, item, amount_granted_sek=0.1)

        assert errors_of(info) == {
            "amount_granted_sek": ["Ange beloppet som ett exakt decimaltal, inte som flyttal."]
        }
        assert not Decision.objects.exists()

    def test_refuses_a_negative_amount(self, in_tenant_a, admin):
        with pytest.raises(ValidationError) as info:
            make.decide(admin, make.item(admin), amount_granted_sek=Decimal("-1"))

        assert errors_of(info) == {"amount_granted_sek": ["Beloppet kan inte vara negativt."]}

    def test_refuses_a_blank_rationale(self, in_tenant_a, admin):
        with pytest.raises(ValidationError) as info:
            make.decide(admin, make.item(admin), rationale="   ")

        assert errors_of(info) == {
            "rationale": ["Skriv en motivering; beslutet är en allmän handling."]
        }

    @pytest.mark.parametrize("kind", ["decline", "park"])
    def test_refuses_an_amount_when_declining_or_parking(self, in_tenant_a, admin, kind):
        with pytest.raises(ValidationError) as info:
            make.decide(admin, make.item(admin), kind=kind, amount_granted_sek=Decimal("10"))

        assert errors_of(info) == {
            "amount_granted_sek": [
                "Ett beslut att avslå eller parkera beviljar inget belopp; ange 0."
            ]
        }

    def test_refuses_an_idea_that_moved_since_the_agenda_was_set_and_says_where_it_is(
        self, in_tenant_a, admin
    ):
        item = make.item(admin)
        idea_services.idea_move(idea=item.idea, to_stage=stage("refinement"), by=admin)
        item.idea.refresh_from_db()
        moved_at = timezone.localtime(item.idea.stage_changed_at).strftime("%Y-%m-%d %H:%M")

        with pytest.raises(ValidationError) as info:
            make.decide(admin, item)

        assert errors_of(info) == {
            "agenda_item": [
                "Idén har flyttats sedan den sattes upp på dagordningen: den är nu i steget "
                f"Förädling (flyttad {moved_at}), inte i Beredning. Bered ärendet på nytt."
            ]
        }
        assert not Decision.objects.exists()

    def test_refuses_an_idea_that_moved_away_and_back_since(self, in_tenant_a, admin):
        item = make.item(admin)
        idea_services.idea_move(idea=item.idea, to_stage=stage("refinement"), by=admin)
        idea_services.idea_move(idea=item.idea, to_stage=stage("screening"), by=admin)

        with pytest.raises(ValidationError) as info:
            make.decide(admin, item)

        [message] = errors_of(info)["agenda_item"]
        assert "flyttades till steget Beredning igen" in message

    def test_refuses_a_second_decision_on_the_same_item(self, in_tenant_a, admin):
        item = make.item(admin)
        make.decide(admin, item, kind="broaden")

        with pytest.raises(ValidationError) as info:
            make.decide(admin, item, kind="broaden")

        assert errors_of(info) == {"agenda_item": ["Ärendet är redan beslutat: BES-2026-0001."]}
        assert Decision.objects.count() == 1


class TestDecisionBudget:
    @pytest.fixture
    def budget_mostly_granted(self, in_tenant_a, admin):
        """A budget of 500 000 kr for 2026, of which 400 000 kr is granted."""
        services.budget_set(year=2026, amount_sek=Decimal("500000"), by=admin)
        make.decide(admin, make.item(admin), amount_granted_sek=Decimal("400000"))

    def test_refuses_a_grant_over_the_remaining_budget_without_a_reason(
        self, in_tenant_a, admin, budget_mostly_granted
    ):
        with pytest.raises(ValidationError) as info:
            make.decide(admin, make.item(admin), amount_granted_sek=Decimal("150000"))

        assert errors_of(info) == {
            "budget_override_reason": [
                "Beviljat belopp 150 000 kr överskrider återstående budget 100 000 kr "
                "(budget 500 000 kr, beviljat 400 000 kr). Ange ett skäl för att överskrida."
            ]
        }
        assert Decision.objects.count() == 1

    def test_accepts_it_with_a_reason_and_keeps_the_reason(
        self, in_tenant_a, admin, budget_mostly_granted
    ):
        decision = make.decide(
            admin,
            make.item(admin),
            amount_granted_sek=Decimal("150000"),
            budget_override_reason="Extra medel från kommunstyrelsen.",
        )

        assert decision.budget_override_reason == "Extra medel från kommunstyrelsen."
        event = AuditEvent.objects.get(action="decision.recorded", object_id=str(decision.pk))
        assert event.after["over_budget"] is True

    def test_a_grant_of_exactly_what_remains_needs_no_reason(
        self, in_tenant_a, admin, budget_mostly_granted
    ):
        decision = make.decide(admin, make.item(admin), amount_granted_sek=Decimal("100000"))

        assert decision.amount_granted_sek == Decimal("100000")

    def test_a_year_without_budget_leaves_nothing_to_grant(self, in_tenant_a, admin):
        with pytest.raises(ValidationError) as info:
            make.decide(admin, make.item(admin), amount_granted_sek=Decimal("1"))

        assert errors_of(info)["budget_override_reason"] == [
            "Beviljat belopp 1 kr överskrider återstående budget 0 kr "
            "(budget 0 kr, beviljat 0 kr). Ange ett skäl för att överskrida."
        ]

    def test_a_decision_without_money_needs_no_budget(self, in_tenant_a, admin):
        decision = make.decide(admin, make.item(admin), kind="decline", amount_granted_sek="0")

        assert decision.amount_granted_sek == 0

    def test_grants_of_another_year_do_not_count(self, in_tenant_a, admin):
        services.budget_set(year=2026, amount_sek=Decimal("100000"), by=admin)
        services.budget_set(year=2025, amount_sek=Decimal("900000"), by=admin)
        make.decide(
            admin,
            make.item(admin),
            amount_granted_sek=Decimal("900000"),
            decided_on=datetime.date(2025, 12, 1),
        )

        decision = make.decide(admin, make.item(admin), amount_granted_sek=Decimal("100000"))

        assert decision.registration_number == "BES-2026-0001"


class TestDecisionIsOneTransaction:
    def test_a_refused_move_leaves_no_decision_and_gives_the_number_back(self, in_tenant_a, admin):
        item = make.item(admin)
        # A stage no longer in use: idea_move refuses to move the idea there.
        test_stage = stage("test")
        test_stage.is_active = False
        test_stage.save()

        with pytest.raises(ValidationError) as info:
            make.decide(admin, item, kind="fund_test")

        assert errors_of(info) == {
            "kind": ["Idén kan inte flyttas till steget Test: Steget Test används inte."]
        }
        assert not Decision.objects.exists()
        assert not AuditEvent.objects.filter(action="decision.recorded").exists()
        counter = RegistrationCounter.objects.filter(series="decision", year=2026).first()
        assert counter is None or counter.last_number == 0
        test_stage.is_active = True
        test_stage.save()
        assert make.decide(admin, item, kind="fund_test").registration_number == "BES-2026-0001"

    def test_a_move_refused_for_want_of_an_evaluation_rolls_back_everything(
        self, in_tenant_a, admin
    ):
        item = make.item(admin, idea=make.idea_in("evaluation", admin))

        with pytest.raises(ValidationError) as error:
            make.decide(admin, item, kind="implement")

        assert "utvärdering" in str(error.value)
        item.idea.refresh_from_db()
        assert item.idea.stage.key == "evaluation"
        assert not Decision.objects.exists()
        trials_make.evaluate(trials_make.plan(item.idea, by=admin), by=admin)
        assert make.decide(admin, item, kind="implement").registration_number == "BES-2026-0001"

    def test_nothing_is_mailed_when_the_decision_fails(
        self, in_tenant_a, admin, django_capture_on_commit_callbacks
    ):
        item = make.item(admin)
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
            make.decide(admin, item, rationale="")

        assert callbacks == []


class TestDecisionMail:
    def test_the_submitting_staff_member_is_told_the_decision_number_amount_and_rationale(
        self, in_tenant_a, admin, django_capture_on_commit_callbacks
    ):
        submitter = PersonFactory(full_name="Sara Inlämnare", email="sara@example.org")
        services.budget_set(year=2026, amount_sek=Decimal("500000"), by=admin)
        item = make.item(admin, idea=make.idea_in("screening", admin, submitted_by=submitter))
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            make.decide(
                admin,
                item,
                amount_granted_sek=Decimal("150000"),
                rationale="Testa i tre enheter under våren.",
            )

        [message] = [m for m in mail.outbox if "Idérådet har fattat beslut" in str(m.body)]
        assert message.to == ["sara@example.org"]
        assert "IDE-2026-0001" in message.subject  # the idea's number names the mail
        assert "Finansiera test" in message.subject
        assert "Hej Sara!" in message.body
        assert "Diarienummer: BES-2026-0001" in message.body
        assert "Beviljat belopp: 150 000 kr" in message.body
        assert "Testa i tre enheter under våren." in message.body
        assert "/portal/beslut/BES-2026-0001/" in message.body
        assert Decision.objects.get().submitter_notified_at is not None

    def test_a_submitter_who_reads_english_gets_english_amounts(
        self, in_tenant_a, admin, django_capture_on_commit_callbacks
    ):
        submitter = PersonFactory(email="eve@example.org", preferred_language="en")
        services.budget_set(year=2026, amount_sek=Decimal("500000"), by=admin)
        item = make.item(admin, idea=make.idea_in("screening", admin, submitted_by=submitter))
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            make.decide(admin, item, amount_granted_sek=Decimal("150000.50"))

        [message] = [m for m in mail.outbox if m.to == ["eve@example.org"]]
        assert "SEK 150,000.50" in message.body

    def test_a_confirmed_portal_contact_is_told_too(
        self, in_tenant_a, admin, django_capture_on_commit_callbacks
    ):
        contact = make_contact(name="Ivar Invånare", email="ivar@example.org")
        idea = make_idea(contact=contact, submitted_by=None, audience="citizen")
        item = make.item(admin, idea=idea)
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            make.decide(admin, item, kind="park", rationale="Vi väntar på nästa år.")

        decision_mails = [m for m in mail.outbox if "Idérådet har fattat beslut" in str(m.body)]
        assert [m.to for m in decision_mails] == [["ivar@example.org"]]
        assert f"/portal/folj/{contact.access_token}/" in decision_mails[0].body

    def test_an_unconfirmed_contact_gets_nothing(
        self, in_tenant_a, admin, django_capture_on_commit_callbacks
    ):
        contact = make_contact(confirmed_at=None)
        item = make.item(admin, idea=make_idea(contact=contact, audience="citizen"))
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            make.decide(admin, item, kind="park", rationale="Inte nu.")

        assert not [m for m in mail.outbox if "Idérådet har fattat beslut" in str(m.body)]

    def test_a_retried_task_sends_no_second_mail(self, in_tenant_a, admin):
        decision = make.decide(admin, make.item(admin), kind="broaden")
        mail.outbox.clear()

        assert notifications.decision_notify(decision_id=decision.pk) is True
        assert notifications.decision_notify(decision_id=decision.pk) is False

        assert len(mail.outbox) == 1

    def test_the_mail_task_is_routed_to_the_mail_queue(self, settings):
        assert settings.CELERY_TASK_ROUTES["council.*"] == {"queue": "mail"}


class TestOneMailPerDecision:
    def test_the_citizen_gets_one_mail_about_their_own_idea_and_followers_the_move(
        self, in_tenant_a, admin, django_capture_on_commit_callbacks
    ):
        citizen = make_contact(name="Ivar Invånare", email="ivar@example.org")
        follower = make_contact(name="Frida Följare", email="frida@example.org")
        idea = make_idea(contact=citizen, submitted_by=None, audience="citizen")
        idea_services.follow_add(idea=idea, contact=follower)
        item = make.item(admin, idea=idea)
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            make.decide(admin, item, kind="park", rationale="Vi väntar på nästa år.")

        to_citizen = [m for m in mail.outbox if m.to == ["ivar@example.org"]]
        to_follower = [m for m in mail.outbox if m.to == ["frida@example.org"]]
        assert len(to_citizen) == 1
        assert "om din idé" in to_citizen[0].body
        assert "som du bevakar" not in to_citizen[0].body
        assert len(to_follower) == 1
        assert "som du bevakar" in to_follower[0].body

    def test_a_move_without_a_decision_speaks_to_the_submitter_of_their_own_idea(
        self, in_tenant_a, admin, django_capture_on_commit_callbacks
    ):
        citizen = make_contact(name="Ivar Invånare", email="ivar@example.org")
        idea = make_idea(contact=citizen, submitted_by=None, audience="citizen")
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            idea_services.idea_move(idea=idea, to_stage=stage("screening"), by=admin)

        [message] = mail.outbox
        assert "Din idé" in message.body
        assert "som du bevakar" not in message.body


class TestBudgetYearLock:
    """Grants from one year's budget queue behind each other, within one organisation only."""

    def lock_in_another_connection(self, schema: str, year: int) -> bool:
        """Try to take the budget lock from a second connection; False if it waits over 1 s."""
        outcome: list[bool] = []

        def attempt() -> None:
            try:
                with schema_context(schema), transaction.atomic():
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL lock_timeout = '1s'")
                    services._lock_budget_year(year)
                outcome.append(True)
            except OperationalError:
                outcome.append(False)
            finally:
                connection.close()

        thread = threading.Thread(target=attempt)
        thread.start()
        thread.join()
        return outcome == [True]

    def test_a_held_year_blocks_the_same_organisation_but_not_another(self, tenant_a, tenant_b):
        with schema_context(tenant_a.schema_name):
            services._lock_budget_year(2026)

            assert not self.lock_in_another_connection(tenant_a.schema_name, 2026)
            assert self.lock_in_another_connection(tenant_b.schema_name, 2026)
            assert self.lock_in_another_connection(tenant_a.schema_name, 2027)
