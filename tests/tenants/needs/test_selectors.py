"""Reads on the needs bank: filtered lists with counts, one need, counts, tags, history."""

import pytest
from django_tenants.utils import tenant_context

from tenants.needs import selectors, services
from tenants.needs.models import Need
from tests.tenants import rows

pytestmark = pytest.mark.django_db


def titles(needs):
    return [need.title for need in needs]


class TestNeedList:
    def test_lists_the_newest_need_first(self, tenant_a):
        with tenant_context(tenant_a):
            rows.need(title="Först")
            rows.need(title="Sedan")

            assert titles(selectors.need_list()) == ["Sedan", "Först"]

    def test_filters_by_status(self, tenant_a):
        with tenant_context(tenant_a):
            rows.need(title="Öppet")
            rows.need(title="Löst", status="solved")

            assert titles(selectors.need_list(status="solved")) == ["Löst"]

    def test_filters_by_tag_in_any_letter_case(self, tenant_a):
        with tenant_context(tenant_a):
            rows.need(title="Mat", tags=["mat", "skola"])
            rows.need(title="Vård", tags=["vård"])

            assert titles(selectors.need_list(tag=" Skola ")) == ["Mat"]

    def test_filters_by_where_the_need_comes_from(self, tenant_a):
        with tenant_context(tenant_a):
            rows.need(title="Internt")
            rows.need(title="Från en invånare", source="citizen")

            assert titles(selectors.need_list(source="citizen")) == ["Från en invånare"]

    @pytest.mark.parametrize(
        "words", ["parkbelysning", "MÖRKT", "gatukontoret", "barnfamiljer"], ids=str
    )
    def test_searches_title_description_unit_and_who_is_affected(self, tenant_a, words):
        with tenant_context(tenant_a):
            rows.need(
                title="Parkbelysning",
                description="Det är mörkt i parken",
                unit="Gatukontoret",
                affected="Barnfamiljer",
            )
            rows.need(title="Något annat")

            assert titles(selectors.need_list(q=words)) == ["Parkbelysning"]

    def test_combines_filters(self, tenant_a):
        with tenant_context(tenant_a):
            rows.need(title="Ja", status="open", tags=["mat"], source="citizen")
            rows.need(title="Fel status", status="solved", tags=["mat"], source="citizen")
            rows.need(title="Fel tagg", status="open", tags=["vård"], source="citizen")

            found = selectors.need_list(status="open", tag="mat", source="citizen", q="ja")

            assert titles(found) == ["Ja"]

    def test_counts_linked_ideas_and_calls_without_multiplying_them(self, tenant_a):
        with tenant_context(tenant_a):
            linked = rows.need(title="Kopplat")
            rows.need(title="Ensamt")
            for _ in range(2):
                rows.idea(needs=[linked])
            for _ in range(3):
                rows.call(needs=[linked])

            counts = {n.title: (n.idea_count, n.call_count) for n in selectors.need_list()}

        assert counts == {"Kopplat": (2, 3), "Ensamt": (0, 0)}

    def test_reads_a_page_of_needs_and_their_counts_in_one_query(
        self, tenant_a, django_assert_num_queries
    ):
        with tenant_context(tenant_a):
            for _ in range(25):
                rows.idea(needs=[rows.need()])

            # The search path is set only when the schema changes (TENANT_LIMIT_SET_CALLS).
            with django_assert_num_queries(1):
                counts = [(n.idea_count, n.call_count) for n in selectors.need_list()]

        assert counts == [(1, 0)] * 25


class TestNeedGet:
    def test_returns_the_need_with_its_ideas_and_calls(self, tenant_a, django_assert_num_queries):
        with tenant_context(tenant_a):
            need = rows.need()
            idea = rows.idea(needs=[need], title="Idén")
            call = rows.call(needs=[need], title="Utlysningen")
            rows.idea(call=call)

            with django_assert_num_queries(3):  # the need, its ideas, its calls
                found = selectors.need_get(pk=need.pk)
                linked_ideas = [(i.title, i.stage.key) for i in found.ideas.all()]
                linked_calls = [(c.title, c.idea_count, c.state) for c in found.calls.all()]

        assert linked_ideas == [("Idén", idea.stage.key)]
        assert linked_calls == [("Utlysningen", 1, "open")]
        assert (found.idea_count, found.call_count) == (1, 1)

    def test_raises_does_not_exist_for_an_unknown_need(self, tenant_a):
        with tenant_context(tenant_a), pytest.raises(Need.DoesNotExist):
            selectors.need_get(pk=987654)


class TestNeedCountsByStatus:
    def test_counts_every_status_even_those_without_needs(self, tenant_a):
        with tenant_context(tenant_a):
            rows.need()
            rows.need()
            rows.need(status="solved")

            assert selectors.need_counts_by_status() == {
                "open": 2,
                "being_addressed": 0,
                "solved": 1,
                "withdrawn": 0,
            }


class TestNeedTags:
    def test_lists_every_tag_in_use_once_alphabetically(self, tenant_a):
        with tenant_context(tenant_a):
            rows.need(tags=["skola", "mat"])
            rows.need(tags=["mat", "äldre"])
            rows.need()

            assert selectors.need_tags() == ["mat", "skola", "äldre"]


class TestNeedHistory:
    def test_tells_what_happened_to_the_need_oldest_first(self, tenant_a, member_of):
        admin = member_of(tenant_a, "admin")
        with tenant_context(tenant_a):
            need = services.need_submit(title="T", description="D", by=admin)
            other = services.need_submit(title="Annat", description="D", by=admin)
            services.need_set_status(need=need, status="withdrawn", by=admin, reason="Dubblett")
            services.need_set_status(need=other, status="solved", by=admin)

            history = list(selectors.need_history(need=need))

        assert [entry.action for entry in history] == ["need.submitted", "need.status_changed"]
        assert history[1].after["reason"] == "Dubblett"
        assert history[1].actor == admin

    def test_does_not_show_the_history_of_another_organisations_need_with_the_same_id(
        self, tenant_a, tenant_b, member_of
    ):
        with tenant_context(tenant_b):
            theirs = services.need_submit(title="B", description="D")
        with tenant_context(tenant_a):
            mine = rows.need(pk=theirs.pk)

            assert list(selectors.need_history(need=mine)) == []
