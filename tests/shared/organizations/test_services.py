import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import schema_context, schema_exists

from shared.core.models import AuditEntry
from shared.organizations import schemas, services
from shared.organizations.models import (
    Domain,
    Organization,
    OrganizationStatus,
    ServedMunicipality,
)
from tenants.needs.models import Need

pytestmark = pytest.mark.django_db

TRANAS_GROUP = ["0687", "0513", "0604", "0512"]


def provision(**overrides):
    arguments = {
        "name": "Idésluss Tranås",
        "slug": "tranas-test",
        "kind": "municipality_group",
        "municipality_codes": TRANAS_GROUP,
    }
    arguments.update(overrides)
    return services.organization_provision(**arguments)


def nothing_left_of(slug: str) -> bool:
    return (
        not Organization.objects.filter(slug=slug).exists()
        and not Domain.objects.filter(domain__startswith=f"{slug}.").exists()
        and not schema_exists(services.schema_name_for(slug))
    )


class TestOrganizationProvision:
    @pytest.mark.parametrize("strategy", schemas.STRATEGIES)
    def test_creates_a_working_tenant_with_schema_domain_and_derived_figures(self, strategy):
        organization = provision(strategy=strategy)

        assert schema_exists("tranas_test")
        assert organization.domains.get().domain == "tranas-test.localhost"
        # Tranås 18,604 + Kinda 9,957 + Aneby 6,797 + Ydre 3,626 (SCB, 31 Dec 2024).
        assert organization.population == 38_984
        assert organization.county_code == "06"
        with schema_context(organization.schema_name):
            Need.objects.create(title="Behov", description="Fungerar")
            assert Need.objects.count() == 1

    def test_records_the_provisioning_in_the_audit_log(self):
        organization = provision()

        assert AuditEntry.objects.filter(
            organization=organization, action="organization.provisioned"
        ).exists()

    def test_refuses_a_duplicate_slug_and_leaves_the_first_untouched(self):
        provision()

        with pytest.raises(ValidationError) as error:
            provision(name="Another")

        assert "slug" in error.value.message_dict
        assert Organization.objects.filter(slug="tranas-test").count() == 1

    def test_refuses_unknown_municipality_codes_naming_them(self):
        with pytest.raises(ValidationError) as error:
            provision(municipality_codes=["0687", "9999"])

        assert "9999" in error.value.message_dict["municipality_codes"][0]
        assert nothing_left_of("tranas-test")

    @pytest.mark.parametrize("domain", ["not a domain", "-bad-.localhost", "a..b", "localhost"])
    def test_refuses_a_bad_domain(self, domain):
        with pytest.raises(ValidationError) as error:
            provision(domain=domain)

        assert "domain" in error.value.message_dict
        assert nothing_left_of("tranas-test")

    @pytest.mark.parametrize("slug", ["Tranås", "1abc", "a", "www", "with space", "ends-"])
    def test_refuses_a_bad_slug(self, slug):
        with pytest.raises(ValidationError) as error:
            provision(slug=slug)

        assert "slug" in error.value.message_dict

    def test_reports_every_problem_at_once(self):
        with pytest.raises(ValidationError) as error:
            provision(name=" ", slug="1", kind="castle", municipality_codes=["0000"])

        assert set(error.value.message_dict) == {"name", "slug", "kind", "municipality_codes"}

    def test_a_municipality_names_exactly_one_code(self):
        with pytest.raises(ValidationError) as error:
            provision(kind="municipality")

        assert "municipality_codes" in error.value.message_dict

    def test_a_failure_while_creating_tables_leaves_no_schema_no_row_and_no_domain(
        self, monkeypatch
    ):
        real_create = schemas.schema_create

        def create_then_fail(**kwargs):
            real_create(**kwargs)
            assert schema_exists("tranas_test")  # the schema was really made…
            raise RuntimeError("disk full")

        monkeypatch.setattr(schemas, "schema_create", create_then_fail)

        with pytest.raises(RuntimeError):
            provision()

        connection.set_schema_to_public()
        assert nothing_left_of("tranas-test")  # …and is gone with the rest


class TestOrganizationArchive:
    def test_keeps_the_schema_and_its_rows(self):
        organization = provision()
        with schema_context(organization.schema_name):
            Need.objects.create(title="Kvar", description="Finns kvar efter arkivering")

        services.organization_archive(organization=organization)

        organization.refresh_from_db()
        assert organization.status == OrganizationStatus.ARCHIVED
        with schema_context(organization.schema_name):
            assert Need.objects.filter(title="Kvar").exists()

    def test_is_refused_for_the_platforms_own_row(self):
        platform = Organization.objects.get(schema_name="public")

        with pytest.raises(ValidationError):
            services.organization_archive(organization=platform)


class TestProvisioningRequest:
    def test_runs_as_a_task_after_commit_and_records_success(
        self, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            request = services.provisioning_request_create(
                name="Lerum", slug="lerum-test", kind="municipality", municipality_codes=["1441"]
            )

        request.refresh_from_db()
        assert request.status == "succeeded"
        assert request.progress_percent == 100
        assert request.organization.slug == "lerum-test"
        assert schema_exists("lerum_test")

    def test_is_refused_up_front_when_the_input_is_bad(self):
        with pytest.raises(ValidationError):
            services.provisioning_request_create(
                name="X", slug="x-test", kind="municipality", municipality_codes=["12"]
            )

    def test_records_a_failure_that_came_up_after_it_was_queued(self):
        request = services.provisioning_request_create(
            name="Lerum", slug="lerum-test", kind="municipality", municipality_codes=["1441"]
        )
        provision(slug="lerum-test", kind="municipality", municipality_codes=["1441"])

        result = services.provisioning_request_run(request_id=request.pk)

        assert result.status == "failed"
        assert "lerum-test" in result.error
        assert result.finished_at is not None

    def test_running_it_twice_creates_one_organisation(self):
        request = services.provisioning_request_create(
            name="Lerum", slug="lerum-test", kind="municipality", municipality_codes=["1441"]
        )

        services.provisioning_request_run(request_id=request.pk)
        again = services.provisioning_request_run(request_id=request.pk)

        assert again.status == "succeeded"
        assert Organization.objects.filter(slug="lerum-test").count() == 1


class TestOneOrganisationPerMunicipality:
    def test_refuses_a_second_organisation_for_a_served_municipality_naming_it_and_its_server(
        self,
    ):
        provision()

        with pytest.raises(ValidationError) as error:
            provision(slug="kinda-test", kind="municipality", municipality_codes=["0513"])

        message = error.value.message_dict["municipality_codes"][0]
        assert "Kinda (0513)" in message
        assert "Idésluss Tranås" in message
        assert nothing_left_of("kinda-test")

    def test_reports_the_served_municipality_together_with_every_other_problem(self):
        provision()

        with pytest.raises(ValidationError) as error:
            provision(name=" ", slug="www", municipality_codes=["0687", "0680"])

        assert set(error.value.message_dict) == {"name", "slug", "municipality_codes"}

    def test_a_partner_may_name_a_served_municipality(self):
        provision()

        partner = provision(slug="inkubator-test", kind="partner", municipality_codes=["0687"])

        assert partner.served_municipalities.count() == 0

    def test_records_the_served_municipalities_in_a_table_the_database_keeps_unique(self):
        organization = provision()

        assert sorted(
            ServedMunicipality.objects.filter(organization=organization).values_list(
                "municipality_code", flat=True
            )
        ) == sorted(TRANAS_GROUP)
        with pytest.raises(IntegrityError), transaction.atomic():
            ServedMunicipality.objects.create(
                municipality_code="0687", organization=Organization.objects.get(slug="alfa")
            )

    def test_archiving_frees_the_municipalities_and_reactivating_takes_them_back_if_free(self):
        first = provision()
        services.organization_archive(organization=first)

        second = provision(slug="tranas-ny", name="Nya Tranås")
        with pytest.raises(ValidationError) as error:
            services.organization_set_status(organization=first, status=OrganizationStatus.ACTIVE)

        assert "Nya Tranås" in error.value.message_dict["municipality_codes"][0]
        first.refresh_from_db()
        assert first.status == OrganizationStatus.ARCHIVED
        assert second.served_municipalities.count() == 4
