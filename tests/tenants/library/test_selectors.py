"""Reading the library: by kind, search, counts of ideas and trials, one method in full."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.library import selectors
from tests.factories import make_idea
from tests.tenants.library.make import method
from tests.tenants.trials.make import plan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_tenant_a")]


class TestMethodList:
    def test_lists_by_kind_then_title_with_idea_and_trial_counts(self, coach):
        bench = method(kind="testbed", title="Solgården")
        design = method(kind="method", title="Tjänstedesign")
        canvas = method(kind="method", title="Affärsmodell")
        idea = make_idea()
        design.ideas.add(idea, make_idea())
        plan(idea, coach, methods=[design, bench])

        found = list(selectors.method_list())

        assert [(m.title, m.idea_count, m.trial_count) for m in found] == [
            ("Affärsmodell", 0, 0),
            ("Tjänstedesign", 2, 1),
            ("Solgården", 0, 1),
        ]
        assert canvas.pk == found[0].pk

    @pytest.mark.parametrize(
        ("filters", "expected"),
        [
            ({"kind": "testbed"}, ["Solgården"]),
            ({"q": "äldreboende"}, ["Solgården"]),
            ({"q": "lerum"}, ["Solgården"]),
            ({"q": "DESIGN"}, ["Tjänstedesign"]),
            ({"q": "  "}, ["Tjänstedesign", "Solgården"]),
        ],
    )
    def test_filters_by_kind_and_search_words(self, filters, expected):
        method(kind="testbed", title="Solgården", description="Ett äldreboende.", location="Lerum")
        method(kind="method", title="Tjänstedesign")

        assert [m.title for m in selectors.method_list(**filters)] == expected

    def test_costs_one_query_however_many_methods(self):
        for n in range(5):
            method(title=f"Metod {n}").ideas.add(make_idea())

        with CaptureQueriesContext(connection) as captured:
            counts = [m.idea_count for m in selectors.method_list()]

        assert counts == [1] * 5
        assert len(captured.captured_queries) == 1


class TestMethodGet:
    def test_gives_the_ideas_and_trials_that_use_it_in_three_queries(self, coach):
        design = method()
        idea = make_idea(title="Lådcyklar")
        design.ideas.add(idea)
        plan(idea, coach, title="Cykeltest", methods=[design])

        with CaptureQueriesContext(connection) as captured:
            found = selectors.method_get(pk=design.pk)
            ideas = [(i.title, i.stage.key) for i in found.ideas.all()]
            trials = [(t.title, t.idea.registration_number) for t in found.trials.all()]

        assert ideas == [("Lådcyklar", "received")]
        assert trials == [("Cykeltest", idea.registration_number)]
        assert len(captured.captured_queries) == 3
