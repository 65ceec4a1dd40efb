"""An organisation shapes its own pipeline."""

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from tenants.audit.models import AuditEvent
from tenants.ideas import services as ideas_services
from tenants.ideas import stages
from tenants.ideas.models import Stage
from tests.factories import make_idea

pytestmark = pytest.mark.django_db


def update(stage, by, **changes):
    values = {
        "name_sv": stage.name_sv,
        "name_en": stage.name_en,
        "position": stage.position,
        "is_active": stage.is_active,
        **changes,
    }
    return stages.stage_update(stage=stage, by=by, **values)


class TestStageUpdate:
    def test_renames_and_reorders_with_before_and_after_in_the_audit_log(self, tenant_a, member_of):
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a):
            screening = Stage.objects.get(key="screening")
            update(screening, admin, name_sv="Prövning", position=15)

            event = AuditEvent.objects.get(action="stage.updated")
            assert Stage.objects.get(key="screening").name_sv == "Prövning"
        assert (event.before["name_sv"], event.after["name_sv"]) == ("Beredning", "Prövning")

    def test_another_organisations_stages_are_untouched(self, tenant_a, tenant_b, member_of):
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a):
            update(Stage.objects.get(key="screening"), admin, name_sv="Prövning")
        with tenant_context(tenant_b):
            assert Stage.objects.get(key="screening").name_sv == "Beredning"

    def test_refuses_to_retire_a_stage_that_holds_ideas(self, tenant_a, member_of):
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a):
            make_idea()  # lands in the entry stage
            with pytest.raises(ValidationError) as error:
                update(Stage.objects.get(is_entry=True), admin, is_active=False)
            assert "is_active" in error.value.message_dict
            with pytest.raises(ValidationError):
                update(Stage.objects.get(key="merged"), admin, is_active=False)

    def test_retires_an_empty_stage(self, tenant_a, member_of):
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a):
            update(Stage.objects.get(key="parked"), admin, is_active=False)
            assert not Stage.objects.get(key="parked").is_active


class TestStageCreate:
    def test_adds_a_stage_at_the_end_with_a_key_from_its_name(self, tenant_a, member_of):
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a):
            stage = stages.stage_create(
                name_sv="Skalas upp", name_en="Scaling up", kind="open", by=admin
            )
            assert stage.key == "skalas-upp"
            assert stage.position > max(s.position for s in Stage.objects.exclude(pk=stage.pk))

    def test_refuses_a_duplicate_or_empty_name(self, tenant_a, member_of):
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a), pytest.raises(ValidationError) as error:
            stages.stage_create(name_sv="Test", name_en="", kind="open", by=admin)
        assert set(error.value.message_dict) == {"name_sv", "name_en"}


class TestStageRules:
    """Each rule on its own: a rule taken away fails exactly the test that names it."""

    @pytest.fixture
    def admin(self, tenant_a, member_of):
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a):
            yield admin

    def refusal(self, stage, admin, **changes):
        """The errors of a refused update; the stage and the audit log unchanged."""
        before = Stage.objects.filter(pk=stage.pk).values().get()
        events = AuditEvent.objects.count()
        with pytest.raises(ValidationError) as error:
            update(stage, admin, **changes)
        assert Stage.objects.filter(pk=stage.pk).values().get() == before
        assert AuditEvent.objects.count() == events
        return error.value.message_dict

    def test_a_stage_holding_ideas_is_not_retired_and_says_how_many(self, admin):
        screening = Stage.objects.get(key="screening")
        for title in ("Ett", "Två"):
            idea = make_idea(title=title)
            ideas_services.idea_move(idea=idea, to_stage=screening, by=admin)

        errors = self.refusal(screening, admin, is_active=False)

        assert errors == {"is_active": ["2 idéer står i steget. Flytta dem först."]}

    def test_the_entry_stage_is_not_retired_even_when_empty(self, admin):
        entry = Stage.objects.get(is_entry=True)
        assert not entry.ideas.exists()

        errors = self.refusal(entry, admin, is_active=False)

        assert errors == {
            "is_active": ["Nya idéer hamnar i det här steget; det kan inte tas bort."]
        }

    def test_the_merged_stage_is_not_retired_even_when_empty(self, admin):
        errors = self.refusal(Stage.objects.get(key="merged"), admin, is_active=False)

        assert errors == {"is_active": ["Sammanslagning behöver det här steget."]}

    def test_a_retired_stage_comes_back(self, admin):
        parked = update(Stage.objects.get(key="parked"), admin, is_active=False)

        update(parked, admin, is_active=True)

        assert Stage.objects.get(key="parked").is_active

    def test_a_stage_holding_ideas_may_still_be_renamed(self, admin):
        make_idea()
        entry = Stage.objects.get(is_entry=True)

        update(entry, admin, name_sv="Inkommen")

        assert Stage.objects.get(is_entry=True).name_sv == "Inkommen"

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"name_sv": "  "}, "name_sv"),
            ({"name_en": ""}, "name_en"),
            ({"position": -1}, "position"),
        ],
    )
    def test_an_update_needs_both_names_and_a_position_from_zero(self, admin, changes, field):
        errors = self.refusal(Stage.objects.get(key="screening"), admin, **changes)

        assert set(errors) == {field}

    def test_position_zero_is_allowed(self, admin):
        update(Stage.objects.get(key="screening"), admin, position=0)

        assert Stage.objects.get(key="screening").position == 0

    def test_a_new_stage_needs_a_kind_from_the_list(self, admin):
        with pytest.raises(ValidationError) as error:
            stages.stage_create(name_sv="Skalas upp", name_en="Scaling up", kind="x", by=admin)

        assert set(error.value.message_dict) == {"kind"}
        assert not Stage.objects.filter(key="skalas-upp").exists()

    def test_a_new_stage_may_not_take_an_existing_stages_name(self, admin):
        with pytest.raises(ValidationError) as error:
            stages.stage_create(name_sv="Test", name_en="Trial", kind="open", by=admin)

        assert error.value.message_dict == {"name_sv": ["Det finns redan ett steg med det namnet."]}

    def test_a_new_stage_is_recorded_in_the_audit_log(self, admin):
        stage = stages.stage_create(
            name_sv="Skalas upp", name_en="Scaling up", kind="open", by=admin
        )

        event = AuditEvent.objects.get(action="stage.created")
        assert (event.actor_id, event.object_id) == (admin.pk, str(stage.pk))
        assert event.after["key"] == "skalas-upp"


class TestStageListAll:
    def test_lists_retired_stages_too_in_position_order_then_by_id(self, tenant_a, member_of):
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a):
            update(Stage.objects.get(key="parked"), admin, is_active=False)
            # Two stages on one position: the older one first.
            first = Stage.objects.get(key="screening")
            second = stages.stage_create(
                name_sv="Skalas upp", name_en="Scaling up", kind="open", by=admin
            )
            update(first, admin, position=0)
            update(second, admin, position=0)
            entry = Stage.objects.get(is_entry=True)
            update(entry, admin, position=1)

            listed = stages.stage_list_all()

        assert [s.key for s in listed[:3]] == ["screening", "skalas-upp", entry.key]
        assert "parked" in [s.key for s in listed]
        assert [s.position for s in listed] == sorted(s.position for s in listed)


class TestStageSettingsPage:
    def test_only_admins_reach_it(self, tenant_a, member_of, client_for):
        assert (
            client_for(tenant_a, person=member_of(tenant_a, "coach"))
            .get("/installningar/steg/")
            .status_code
            == 403
        )
        assert (
            client_for(tenant_a, person=member_of(tenant_a, "admin"))
            .get("/installningar/steg/")
            .status_code
            == 200
        )

    def test_a_refused_change_is_shown_by_the_field_and_keeps_the_typed_name(
        self, tenant_a, member_of, client_for
    ):
        client = client_for(tenant_a, person=member_of(tenant_a, "admin"))
        with tenant_context(tenant_a):
            entry = Stage.objects.get(is_entry=True)
            make_idea()
        prefix = f"s{entry.pk}"

        response = client.post(
            "/installningar/steg/",
            {
                "stage": entry.pk,
                f"{prefix}-name_sv": "Ny ingång",
                f"{prefix}-name_en": "In",
                f"{prefix}-position": "10",
            },
        )

        assert response.status_code == 400
        assert "Ny ingång" in response.content.decode()
        assert "det kan inte tas bort" in response.content.decode()
