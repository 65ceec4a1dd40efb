import pytest
from django.core.management import call_command

from shared.accounts.models import Membership, Person, Role
from shared.core import demo
from shared.organizations.models import Organization

pytestmark = pytest.mark.django_db


class TestSeedDemo:
    def test_creates_the_seed_organisations_and_a_person_for_every_role_and_is_safe_twice(self):
        call_command("seed_demo")
        second = demo.demo_seed(log=lambda *_: None)

        assert second == {"organizations": 0, "people": 0, "memberships": 0, "needs": 0}
        tranas = Organization.objects.get(slug="tranas")
        assert tranas.municipality_codes == ["0687", "0513", "0604", "0512"]
        assert Organization.objects.get(slug="akroken").kind == "partner"
        assert set(
            Membership.objects.filter(organization=tranas).values_list("role", flat=True)
        ) == set(Role.values)
        assert Person.objects.get(email="samordnare@example.org").is_national_coordinator
        assert Membership.objects.filter(person__email="flera@example.org").count() == 2
        for slug in ["sundsvallsregionen", "pitea-skelleftea", "orebro", "lerum"]:
            assert Organization.objects.filter(slug=slug, status="active").exists()

    def test_demo_people_can_log_in_with_the_printed_password(self, client_for):
        demo.demo_seed(log=lambda *_: None)
        client = client_for(Organization.objects.get(slug="tranas"))

        response = client.post(
            "/accounts/login/",
            {"username": "admin.tranas@example.org", "password": demo.DEMO_PASSWORD},
        )

        assert response.status_code == 302
