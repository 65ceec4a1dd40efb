"""Platform staff create organisations in the admin; a task does the work and shows progress."""

import pytest
from django.core import mail
from django_tenants.utils import schema_exists

from shared.accounts.models import PlatformRole
from shared.organizations.models import Organization, ProvisioningRequest
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client_for):
    person = PersonFactory(
        platform_role=PlatformRole.PLATFORM_STAFF, is_staff=True, is_superuser=True
    )
    return client_for(person=person)


class TestProvisioningInTheAdmin:
    def test_queues_a_task_and_redirects_to_a_page_that_shows_its_progress(
        self, staff_client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = staff_client.post(
                "/admin/organizations/provisioningrequest/add/",
                {
                    "name": "Ydre kommun",
                    "slug": "ydre-test",
                    "kind": "municipality",
                    "municipality_codes": ["0512"],
                    "domain": "",
                    "admin_email": "anna@ydre.example",
                    "admin_name": "Anna Admin",
                },
            )

        # The work ran after the request's commit, as a task; then the welcome mail, too
        # (and the schema pool's refill, which has no effect here).
        assert [c.__qualname__.split(".")[0] for c in callbacks][:1] == [
            "provisioning_request_create"
        ]
        assert mail.outbox[0].to == ["anna@ydre.example"]
        assert "/accounts/password-reset/" in mail.outbox[0].body
        request = ProvisioningRequest.objects.get(slug="ydre-test")
        assert response.status_code == 302
        assert response["Location"].endswith(f"/provisioningrequest/{request.pk}/change/")
        progress_page = staff_client.get(response["Location"]).content.decode()
        assert 'value="100"' in progress_page
        assert "Klar" in progress_page
        assert schema_exists("ydre_test")

    def test_shows_bad_input_by_its_field_and_creates_nothing(self, staff_client):
        response = staff_client.post(
            "/admin/organizations/provisioningrequest/add/",
            {
                "name": "X",
                "slug": "www",
                "kind": "municipality",
                "municipality_codes": [],
                "domain": "inte en domän",
                "admin_email": "anna@ydre.example",
                "admin_name": "Anna Admin",
            },
        )

        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert set(errors) >= {"slug", "domain"}
        assert not ProvisioningRequest.objects.exists()

    def test_refreshes_the_progress_page_until_the_work_is_finished(self, staff_client):
        request = ProvisioningRequest.objects.create(
            name="Kinda",
            slug="kinda-test",
            kind="municipality",
            municipality_codes=["0513"],
            status="running",
            progress_percent=30,
            step="Skapar schema och tabeller",
        )

        page = staff_client.get(f"/admin/organizations/provisioningrequest/{request.pk}/change/")

        assert 'http-equiv="refresh"' in page.content.decode()
        assert "Skapar schema och tabeller" in page.content.decode()

    def test_organisations_cannot_be_deleted_from_the_admin(self, staff_client, tenant_a):
        response = staff_client.get(f"/admin/organizations/organization/{tenant_a.pk}/delete/")

        assert response.status_code == 403
        assert Organization.objects.filter(pk=tenant_a.pk).exists()

    def test_archiving_in_the_admin_keeps_the_schema(self, staff_client, tenant_a):
        staff_client.post(
            f"/admin/organizations/organization/{tenant_a.pk}/change/",
            {
                "name": tenant_a.name,
                "status": "archived",
                "domains-TOTAL_FORMS": "1",
                "domains-INITIAL_FORMS": "1",
                "domains-0-id": tenant_a.domains.get().pk,
                "domains-0-domain": "alfa.localhost",
                "domains-0-is_primary": "on",
                "domains-0-tenant": tenant_a.pk,
            },
        )

        tenant_a.refresh_from_db()
        assert tenant_a.status == "archived"
        assert schema_exists("alfa")
