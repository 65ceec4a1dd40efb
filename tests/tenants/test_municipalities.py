"""In a group of municipalities, members, ideas and needs belong to one of its municipalities."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_tenants.utils import tenant_context

from shared.accounts import services as account_services
from shared.accounts.models import Membership
from shared.core.models import AuditEntry
from tenants.ideas import selectors as idea_selectors
from tenants.needs import selectors as need_selectors
from tenants.needs import services as need_services
from tests.factories import make_idea

pytestmark = pytest.mark.django_db

MULLSJO, HABO = "0642", "0643"  # the session group beta serves both


def membership(person, organization) -> Membership:
    return Membership.objects.get(person=person, organization=organization)


def member_in(member_of, organization, role: str = "staff", home: str = ""):
    person = member_of(organization, role)
    if home:
        account_services.membership_set_home_municipality(
            membership=membership(person, organization), municipality_code=home
        )
    return person


class TestMembershipHomeMunicipality:
    def test_records_one_of_the_groups_municipalities_in_the_audit_log(self, tenant_b, member_of):
        person = member_of(tenant_b)

        account_services.membership_set_home_municipality(
            membership=membership(person, tenant_b), municipality_code=HABO, by=person
        )

        assert membership(person, tenant_b).home_municipality_code == HABO
        assert AuditEntry.objects.filter(
            organization=tenant_b, action="membership.home_municipality_changed"
        ).exists()

    def test_refuses_a_municipality_the_organisation_does_not_serve(self, tenant_b, member_of):
        person = member_of(tenant_b)

        with pytest.raises(ValidationError) as error:
            account_services.membership_set_home_municipality(
                membership=membership(person, tenant_b), municipality_code="0687"
            )

        assert "home_municipality_code" in error.value.message_dict
        assert membership(person, tenant_b).home_municipality_code == ""

    def test_admins_set_it_on_the_members_page_of_a_group(self, tenant_b, member_of, client_for):
        admin = member_of(tenant_b, "admin")
        person = member_of(tenant_b)
        page = client_for(tenant_b, person=admin)

        listing = page.get(reverse("members")).content.decode()
        response = page.post(
            reverse("member-municipality", args=[membership(person, tenant_b).pk]),
            {"home_municipality_code": MULLSJO},
        )

        assert "Mullsjö" in listing
        assert response.status_code == 302
        assert membership(person, tenant_b).home_municipality_code == MULLSJO


class TestIdeaMunicipality:
    def test_an_idea_in_a_group_concerns_the_submitters_home_municipality_by_default(
        self, tenant_b, member_of
    ):
        person = member_in(member_of, tenant_b, home=HABO)

        with tenant_context(tenant_b):
            idea = make_idea(submitted_by=person)

        assert idea.municipality_code == HABO

    def test_a_chosen_municipality_wins_over_the_home_one(self, tenant_b, member_of):
        person = member_in(member_of, tenant_b, home=HABO)

        with tenant_context(tenant_b):
            idea = make_idea(submitted_by=person, municipality_code=MULLSJO)

        assert idea.municipality_code == MULLSJO

    def test_refuses_a_municipality_outside_the_group_and_any_in_a_single_municipality(
        self, tenant_a, tenant_b
    ):
        with tenant_context(tenant_b), pytest.raises(ValidationError) as outside:
            make_idea(municipality_code="0687")
        with tenant_context(tenant_a), pytest.raises(ValidationError) as single:
            make_idea(municipality_code=MULLSJO)

        assert "municipality_code" in outside.value.message_dict
        assert "municipality_code" in single.value.message_dict

    def test_the_list_filters_by_municipality(self, tenant_b):
        with tenant_context(tenant_b):
            in_habo = make_idea(municipality_code=HABO)
            make_idea(municipality_code=MULLSJO)

            found = idea_selectors.idea_list(
                filters=idea_selectors.IdeaFilters(municipality_code=HABO)
            )

            assert [idea.pk for idea in found] == [in_habo.pk]

    def test_staff_of_a_group_choose_the_municipality_and_see_it_in_the_list(
        self, tenant_b, member_of, client_for
    ):
        person = member_in(member_of, tenant_b, home=MULLSJO)
        page = client_for(tenant_b, person=person)

        form = page.get(reverse("idea-new")).content.decode()
        page.post(
            reverse("idea-new"),
            {
                "title": "Samåkning till Habo",
                "description": "En app för samåkning.",
                "audience": "staff",
                "municipality_code": HABO,
            },
        )
        listing = page.get(reverse("ideas"), {"municipality": HABO}).content.decode()

        assert f'<option value="{MULLSJO}" selected>Mullsjö</option>' in form
        assert "Samåkning till Habo" in listing
        assert "<td>Habo</td>" in listing

    def test_a_single_municipality_is_never_asked(self, tenant_a, member_of, client_for):
        page = client_for(tenant_a, person=member_of(tenant_a))

        assert 'name="municipality_code"' not in page.get(reverse("idea-new")).content.decode()
        assert 'name="municipality"' not in page.get(reverse("ideas")).content.decode()


class TestNeedMunicipality:
    def test_a_need_defaults_to_the_home_municipality_and_filters_by_it(self, tenant_b, member_of):
        person = member_in(member_of, tenant_b, home=MULLSJO)

        with tenant_context(tenant_b):
            need = need_services.need_submit(
                title="Skolskjuts", description="Långa resor.", by=person
            )
            need_services.need_submit(
                title="Bredband", description="Gles landsbygd.", by=person, municipality_code=HABO
            )
            found = list(need_selectors.need_list(municipality_code=MULLSJO))

        assert need.municipality_code == MULLSJO
        assert [n.pk for n in found] == [need.pk]

    def test_the_needs_bank_of_a_group_offers_the_choice_and_shows_the_column(
        self, tenant_b, member_of, client_for
    ):
        person = member_in(member_of, tenant_b, home=HABO)
        page = client_for(tenant_b, person=person)

        response = page.post(
            reverse("needs"),
            {
                "title": "Färdtjänst",
                "description": "Svårt att boka.",
                "source": "staff",
                "municipality_code": MULLSJO,
            },
        )
        listing = page.get(reverse("needs")).content.decode()

        assert response.status_code == 302
        assert "<td>Mullsjö</td>" in listing
