"""Each host reaches exactly one place: the public site, one organisation, or a 404."""

import pytest

pytestmark = pytest.mark.django_db


class TestHostRouting:
    def test_a_known_tenant_host_serves_that_organisation(self, tenant_a, member_of, client_for):
        response = client_for(tenant_a, person=member_of(tenant_a, "admin")).get("/")

        assert response.status_code == 200
        assert response.context["tenant"].slug == "alfa"
        assert "Alfa kommun" in response.content.decode()

    def test_an_unknown_host_gets_a_404_page_not_the_public_site_or_a_tenant(
        self, tenant_a, client_for
    ):
        for host in ["okand.localhost", "alfa.localhost.evil.localhost", "omega.localhost"]:
            response = client_for().get("/", HTTP_HOST=host)
            body = response.content.decode()
            assert response.status_code == 404, host
            assert "Sidan finns inte" in body
            assert "Alfa kommun" not in body

    def test_the_base_domain_serves_the_public_site(self, tenant_a, client_for):
        response = client_for().get("/")

        assert response.status_code == 200
        assert response.context["is_public_site"]

    def test_the_public_directory_lists_organisations_with_their_municipalities(
        self, tenant_a, tenant_b, client_for
    ):
        body = client_for().get("/organisationer/").content.decode()

        assert "Alfa kommun" in body
        assert "Eksjö" in body
        assert "Beta kommungrupp" in body
        assert "Mullsjö, Habo" in body

    def test_the_public_directory_api_names_no_people(self, tenant_a, member_of, client_for):
        member_of(tenant_a, person__email="hemlig@example.org")

        response = client_for().get("/api/v1/organizations/")

        assert {o["slug"] for o in response.json()} >= {"alfa", "beta"}
        assert "hemlig@example.org" not in response.content.decode()

    def test_tenant_pages_are_not_served_on_the_public_site(self, client_for):
        assert client_for().get("/behov/").status_code == 404

    def test_the_platform_admin_is_not_served_on_a_tenant_host(self, tenant_a, client_for):
        assert client_for(tenant_a).get("/admin/").status_code == 404


class TestHealthEndpoints:
    @pytest.mark.parametrize("host", ["10.1.2.3", "idesluss-web-7d9f", "unknown.example"])
    def test_liveness_answers_without_a_tenant_host(self, client, host):
        response = client.get("/healthz", HTTP_HOST=host)

        assert response.status_code == 200
        assert response.json() == {"status": "ok"}

    def test_readiness_checks_the_database(self, client):
        response = client.get("/readyz", HTTP_HOST="10.1.2.3")

        assert response.status_code == 200
        assert response.json()["checks"] == {"database": True}

    def test_readiness_does_not_depend_on_the_broker(self, client, settings):
        # A broker outage must not take every web pod out of service (decision 0013).
        from config.celery import app

        settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
        app.conf.broker_url = settings.CELERY_BROKER_URL
        try:
            response = client.get("/readyz", HTTP_HOST="10.1.2.3")
        finally:
            app.conf.broker_url = None

        assert response.status_code == 200
        assert response.json()["checks"] == {"database": True}

    def test_the_broker_check_reports_an_unreachable_broker(self, client, settings):
        from config.celery import app

        settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
        app.conf.broker_url = settings.CELERY_BROKER_URL
        try:
            response = client.get("/healthz/broker", HTTP_HOST="10.1.2.3")
        finally:
            app.conf.broker_url = None

        assert response.status_code == 503
        assert response.json()["broker"] is False

    def test_the_broker_check_says_tasks_run_in_process_without_a_broker(self, client):
        response = client.get("/healthz/broker", HTTP_HOST="10.1.2.3")

        assert response.status_code == 200
        assert response.json() == {
            "status": "eager",
            "broker": None,
            "workers": 0,
            "queues": {},
            "unconfirmed_mails": 0,
        }
