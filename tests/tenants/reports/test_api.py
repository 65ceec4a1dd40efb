"""The reports API: who may read it, what it counts, and how many queries it takes."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from tests.factories import api_token_for
from tests.tenants.reports import make
from tests.tenants.reports.conftest import YEAR
from tests.tenants.reports.make import IdeaSpec

pytestmark = pytest.mark.django_db

DASHBOARD = f"/api/v1/reports/dashboard/?year={YEAR}"
EQUALITY = f"/api/v1/reports/equality/?from={YEAR}-01-01&to={YEAR}-12-31"
READERS = ["admin", "coach", "council_member", "viewer"]
# Every statement of one dashboard request, django-tenants' SET search_path included:
# two SETs, the domain, the session, the person, the membership, nine report queries.
DASHBOARD_MAX_STATEMENTS = 15


def _error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message"} <= set(body["error"])
    return body["error"]


@pytest.fixture
def api(tenant_a, member_of, client_for):  # type: ignore[no-untyped-def]
    def make_client(role: str = "viewer") -> Any:
        return client_for(tenant_a, person=member_of(tenant_a, role))

    return make_client


class TestWhoMayRead:
    @pytest.mark.parametrize("role", READERS)
    @pytest.mark.parametrize("url", [DASHBOARD, EQUALITY])
    def test_roles_with_reports_view(self, api, sample, role, url):
        assert api(role).get(url).status_code == 200

    @pytest.mark.parametrize("url", [DASHBOARD, EQUALITY])
    def test_staff_without_reports_view_get_403(self, api, sample, url):
        response = api("staff").get(url)

        assert response.status_code == 403
        assert _error(response)["message"] == "Din roll ger inte behörighet till detta."

    @pytest.mark.parametrize("url", [DASHBOARD, EQUALITY])
    def test_a_person_of_another_organisation_gets_403_with_a_session(
        self, tenant_a, tenant_b, member_of, client_for, sample, url
    ):
        stranger = member_of(tenant_b, "admin")

        response = client_for(tenant_a, person=stranger).get(url)

        assert response.status_code == 403
        assert _error(response)["message"] == "Du är inte medlem i den här organisationen."

    @pytest.mark.parametrize("url", [DASHBOARD, EQUALITY])
    def test_a_person_of_another_organisation_gets_403_with_a_token(
        self, tenant_a, tenant_b, member_of, client_for, sample, url
    ):
        token = api_token_for(member_of(tenant_b, "admin"))

        response = client_for(tenant_a).get(url, HTTP_AUTHORIZATION=f"Token {token.key}")

        assert response.status_code == 403

    def test_a_token_of_a_viewer_reads(self, tenant_a, viewer, client_for, sample):
        token = api_token_for(viewer)

        response = client_for(tenant_a).get(DASHBOARD, HTTP_AUTHORIZATION=f"Token {token.key}")

        assert response.status_code == 200

    def test_nobody_logged_in_is_refused(self, tenant_a, client_for):
        assert client_for(tenant_a).get(DASHBOARD).status_code in (401, 403)


class TestDashboardApi:
    def test_returns_the_figures_with_sek_as_decimal_strings(self, api, sample):
        body = api().get(DASHBOARD).json()

        assert body["period_from"] == f"{YEAR}-01-01"
        assert body["period_to"] == f"{YEAR}-12-31"
        ideas = body["ideas"]
        assert ideas["total"] == 16
        assert {s["key"]: s["ideas"] for s in ideas["by_stage"]}["screening"] == 6
        assert {s["audience"]: s["ideas"] for s in ideas["by_source"]} == {
            "staff": 10,
            "citizen": 6,
            "business": 0,
            "association": 0,
        }
        assert {c["title"]: c["ideas"] for c in ideas["by_call"]} == {
            sample["call"].title: 7,
            "Utan utlysning (öppet inflöde)": 9,
        }
        assert body["lead_times"] == [
            {
                "from_stage": "received",
                "from_stage_name": "Inkommen",
                "to_stage": "screening",
                "to_stage_name": "Beredning",
                "moves": 6,
                "median_days": 4.0,
                "p90_days": 4.0,
            }
        ]
        decisions = body["decisions"]
        assert decisions["total"] == 7
        assert decisions["granted_sek"] == "25003.00"
        assert decisions["budget"] == {
            "year": YEAR,
            "budget_sek": "100000.00",
            "granted_sek": "25003.00",
            "decisions": 7,
            "remaining_sek": "74997.00",
        }
        fund_test = next(d for d in decisions["by_kind"] if d["kind"] == "fund_test")
        assert fund_test == {
            "kind": "fund_test",
            "label": "Finansiera test",
            "decisions": 6,
            "granted_sek": "15003.00",
        }
        assert body["trials"]["total"]["total"] == 1
        assert body["activities"]["managers_trained"] == 2

    def test_another_organisations_ideas_are_never_counted(self, api, tenant_b, people, sample):
        with tenant_context(tenant_b):
            make.clear()
            make.ideas(
                [IdeaSpec(created_at=make.at(datetime.date(YEAR, 5, 5))) for _ in range(5)],
                submitted_by=people[0],
            )
            make.budget(YEAR, 1)

        body = api().get(DASHBOARD).json()

        assert body["ideas"]["total"] == 16
        assert body["decisions"]["budget"]["budget_sek"] == "100000.00"
        equality = api().get(EQUALITY).json()
        assert equality["by_gender"]["rows"][0]["total"]["value"] == 16

    def test_refuses_a_year_with_a_period(self, api, sample):
        response = api().get(f"/api/v1/reports/dashboard/?year={YEAR}&to={YEAR}-02-01")

        assert response.status_code == 400
        assert _error(response)["message"]

    def test_takes_a_fixed_number_of_queries_whatever_the_number_of_ideas(
        self, api, tenant_a, people, sample, django_assert_max_num_queries
    ):
        client = api()
        client.get(DASHBOARD)  # the session and the membership, as any request has them

        with django_assert_max_num_queries(DASHBOARD_MAX_STATEMENTS):
            assert client.get(DASHBOARD).status_code == 200
        with CaptureQueriesContext(connection) as few:
            client.get(DASHBOARD)
        with tenant_context(tenant_a):
            make.ideas(
                [
                    IdeaSpec(
                        created_at=make.at(datetime.date(YEAR, 6, 1)),
                        gender=("woman", "man", "")[n % 3],
                        moves=[("screening", make.at(datetime.date(YEAR, 6, 2)))],
                    )
                    for n in range(200)
                ],
                submitted_by=people[0],
            )
        connection.set_schema_to_public()
        with CaptureQueriesContext(connection) as many:
            body = client.get(DASHBOARD).json()

        assert body["ideas"]["total"] == 216
        # The schema switch depends on what the connection did before, not on the ideas.
        assert _reads(many) == _reads(few)


def _reads(captured: CaptureQueriesContext) -> int:
    """The statements that read data: all but the routing's ``SET search_path``."""
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))


class TestEqualityApi:
    def test_suppresses_small_groups_and_their_sek(self, api, sample):
        body = api().get(EQUALITY).json()

        assert body["min_group"] == 5
        gender = body["by_gender"]
        assert gender["groups"] == ["woman", "man", "other", ""]
        submitted, _coached, _decided, funded, *_rest = gender["rows"]
        assert [g["value"] for g in submitted["groups"]] == [7, None, 0, None]
        assert [g["reason"] for g in submitted["groups"]] == [None, "small", None, "secondary"]
        assert submitted["total"] == {"value": 16, "suppressed": False, "reason": None}
        assert funded["step"] == "funded"
        assert [g["granted_sek"] for g in funded["groups"]] == [None, None, "0.00", "0.00"]
        assert funded["total_granted_sek"] == "25003.00"
        audience = {g["group"]: g for g in body["by_audience"]["rows"][3]["groups"]}
        assert audience["staff"]["value"] == 7
        assert audience["staff"]["granted_sek"] == "25003.00"

    def test_without_dates_covers_this_years_months_that_have_ended(self, api, sample):
        body = api().get("/api/v1/reports/equality/").json()

        from django.utils import timezone

        last_month_end = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        assert body["period_from"] == f"{last_month_end.year}-01-01"
        assert body["period_to"] == last_month_end.isoformat()

    def test_refuses_a_period_in_the_wrong_order(self, api, sample):
        response = api().get(f"/api/v1/reports/equality/?from={YEAR}-06-01&to={YEAR}-01-01")

        assert response.status_code == 400
        assert "Periodens slutdatum ligger före startdatumet." in str(_error(response))

    def test_is_one_aggregate_query(self, api, sample):
        client = api()
        client.get(EQUALITY)

        with CaptureQueriesContext(connection) as captured:
            client.get(EQUALITY)

        funnel = [q for q in captured.captured_queries if "GROUPING SETS" in q["sql"]]
        assert len(funnel) == 1


class TestSchema:
    def test_documents_both_endpoints_with_their_errors(self, tenant_a, client_for):
        schema = client_for(tenant_a).get("/api/schema/?format=json").json()

        for path in ["/api/v1/reports/dashboard/", "/api/v1/reports/equality/"]:
            responses = schema["paths"][path]["get"]["responses"]
            assert {"200", "400", "403"} <= set(responses)
        parameters = schema["paths"]["/api/v1/reports/equality/"]["get"]["parameters"]
        assert {p["name"] for p in parameters} == {"from", "to"}
