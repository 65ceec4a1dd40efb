"""No name, e-mail or idea text of an organisation reaches a coordinator page, API or export."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from network.figures import services, tables, tasks
from network.figures.models import AreaMonthCount, OrganizationMonthCount
from tests import factories
from tests.network.figures import make
from tests.tenants.reports import make as report_make

CANARIES = (
    "Kanarie Personsson",
    "kanarie.person@example.org",
    "Kanarie Kontaktsson",
    "kanarie.kontakt@example.org",
    "Kanarieidéns hemliga rubrik",
    "Kanarie Deltagare",
)


@pytest.fixture
def seeded(tenant_a, tenant_b):  # type: ignore[no-untyped-def]
    person = factories.MembershipFactory(
        organization=tenant_a,
        role="admin",
        person__full_name=CANARIES[0],
        person__email=CANARIES[1],
    ).person
    with tenant_context(tenant_a):
        contact = factories.make_contact(name=CANARIES[2], email=CANARIES[3])
        for n in range(6):
            idea = make.submit(by=person, gender="woman")
            idea.title = f"{CANARIES[4]} {n}"
            idea.save(update_fields=["title"])
        make.decide(idea=idea, kind="fund_test", amount=5000, by=person)
        from tenants.ideas import services as idea_services

        idea_services.idea_submit(
            title=CANARIES[4], description=CANARIES[4], audience="citizen", contact=contact
        )
        report_make.activity(
            "training",
            datetime.date(2025, 3, 1),
            participants=[("manager", True, person), ("manager", True, None)],
        )
        from tenants.activities.models import Participant

        Participant.objects.filter(person__isnull=True).update(name=CANARIES[5])
    tasks.figures_recount_fan_out()
    return person


def texts_of(response) -> str:  # type: ignore[no-untyped-def]
    content = response.content
    if content[:2] == b"PK":  # xlsx: the shared strings and sheets of the workbook
        with zipfile.ZipFile(io.BytesIO(content)) as workbook:
            return " ".join(
                workbook.read(name).decode("utf-8", "replace") for name in workbook.namelist()
            )
    return content.decode("utf-8", "replace")


class TestTheCoordinatorSees:
    def test_no_personal_data_on_any_page_api_answer_or_export(self, seeded):  # type: ignore[no-untyped-def]
        coordinator = factories.PersonFactory(platform_role="national_coordinator")
        client = Client(HTTP_HOST="localhost")
        client.force_login(coordinator)
        _token, key = services.coordinator_token_create(person=coordinator, name="Skanning")
        urls = [
            "/statistik/",
            "/statistik/lan/01/",
            "/statistik/karta/",
            "/statistik/rapport/",
            "/api/v1/figures/national/",
            "/api/v1/figures/counties/",
            "/api/v1/figures/schema/",
            *(
                f"/statistik/export/{name}.{fmt}"
                for name in tables.REPORT_NAMES
                for fmt in ("csv", "xlsx")
            ),
            *(f"/api/v1/figures/tables/{name}/" for name in tables.REPORT_NAMES),
        ]
        seen = 0
        for url in urls:
            response = client.get(url, HTTP_AUTHORIZATION=f"Token {key}" if "/api/" in url else "")
            assert response.status_code == 200, url
            body = texts_of(response)
            seen += "Alfa kommun" in body
            for canary in CANARIES:
                assert canary not in body, (url, canary)
        # The scan reads real pages: the figures are there, only the people are not.
        assert seen > 0
        assert OrganizationMonthCount.objects.filter(
            organization=seeded.memberships.get().organization
        ).exists()

    def test_no_text_from_an_organisation_in_the_kept_tables(self, seeded):  # type: ignore[no-untyped-def]
        for model in (OrganizationMonthCount, AreaMonthCount):
            for row in model.objects.values_list("dimension", "key", "group"):
                for canary in CANARIES:
                    assert all(canary not in value for value in row)


class TestTheCsvExport:
    def test_is_semicolon_separated_utf8_with_a_byte_order_mark(self, seeded):  # type: ignore[no-untyped-def]
        coordinator = factories.PersonFactory(platform_role="national_coordinator")
        client = Client(HTTP_HOST="localhost")
        client.force_login(coordinator)
        response = client.get("/statistik/export/headline.csv")
        assert response.content.startswith("\ufeff".encode())
        first = response.content.decode("utf-8-sig").splitlines()[0]
        assert first.count(";") == 1
        assert "Inkomna idéer;7" in response.content.decode("utf-8-sig")
