"""Publishing from the lock's own pages, and similar work elsewhere on the idea pages."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from network.exchange.models import Publication
from tenants.sharing import services
from tests.network.exchange import make

pytestmark = pytest.mark.django_db


class TestPublishPage:
    def test_a_coach_reads_what_would_be_shared_and_publishes_it(
        self, tenant_a, member_of, client_for
    ):
        coach = member_of(tenant_a, "coach")
        with schema_context(tenant_a.schema_name):
            need = make.need(coach)
        client = client_for(tenant_a, person=coach)

        preview = client.get(f"/natverk/publicera/need/{need.pk}/").content.decode()
        response = client.post(
            f"/natverk/publicera/need/{need.pk}/",
            {"contact_role": "Äldreomsorgens utvecklingsgrupp", "show_contact_name": "on"},
        )
        detail = client.get(f"/behov/{need.pk}/").content.decode()

        assert "Inga personuppgifter följer med" in preview
        assert need.title in preview
        assert response.status_code == 302
        publication = Publication.objects.get()
        assert publication.contact_name == coach.full_name
        assert "Publicerat i nätverket sedan" in detail

    def test_staff_may_not_publish(self, tenant_a, member_of, client_for):
        staff = member_of(tenant_a, "staff")
        with schema_context(tenant_a.schema_name):
            need = make.need(staff)
        client = client_for(tenant_a, person=staff)

        assert client.get(f"/natverk/publicera/need/{need.pk}/").status_code == 403
        assert client.post(f"/natverk/publicera/need/{need.pk}/", {}).status_code == 403
        assert not Publication.objects.exists()

    def test_an_idea_before_test_is_refused_on_the_page(self, tenant_a, member_of, client_for):
        from tests import factories

        coach = member_of(tenant_a, "coach")
        with schema_context(tenant_a.schema_name):
            idea = factories.make_idea()
        client = client_for(tenant_a, person=coach)

        response = client.post(f"/natverk/publicera/idea/{idea.pk}/", {})

        assert response.status_code == 400
        assert "nått test" in response.content.decode()
        assert not Publication.objects.exists()

    def test_withdrawing_takes_it_off_the_network(self, tenant_a, member_of, client_for):
        coach = member_of(tenant_a, "coach")
        with schema_context(tenant_a.schema_name):
            method = make.method(coach)
            services.publication_publish(kind="method", source_id=method.pk, by=coach)
        client = client_for(tenant_a, person=coach)

        response = client.post(f"/natverk/publicera/method/{method.pk}/avpublicera/")

        assert response.status_code == 302
        assert Publication.objects.get().status == "withdrawn"


class TestSimilarWorkElsewhere:
    def test_the_idea_page_lists_other_organisations_published_items(
        self, tenant_a, tenant_b, member_of, client_for
    ):
        coach_a = member_of(tenant_a, "coach")
        with schema_context(tenant_a.schema_name):
            idea = make.idea_at_test(coach_a)
            services.publication_publish(kind="idea", source_id=idea.pk, by=coach_a)
        coach_b = member_of(tenant_b, "coach")
        with schema_context(tenant_b.schema_name):
            own = make.idea_at_test(coach_b, title="Fikaträffar på distans för äldre")
        client = client_for(tenant_b, person=coach_b)

        page = client.get(f"/idéer/{own.pk}/").content.decode()

        assert "Liknande arbete på andra håll" in page
        assert "Digitala fikaträffar för äldre" in page
        assert "Alfa kommun" in page
