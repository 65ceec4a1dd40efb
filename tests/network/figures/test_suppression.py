"""The national equality funnel: no group under 5 is shown, and no hidden one can be worked out."""

from __future__ import annotations

import datetime

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from network.figures import dimensions as d
from network.figures import selectors, tables
from network.figures.models import NATIONAL, AreaMonthCount
from shared.core.suppression import MIN_GROUP

MONTH = datetime.date(2025, 3, 1)
counts = st.integers(min_value=0, max_value=12)


def store(by_gender: list[int], by_audience_share: list[int]) -> None:
    """Kept national rows for each funnel step: groups by gender, the same total by audience."""
    rows = []
    for n, step in enumerate(d.FUNNEL_STEPS):
        genders = [max(0, value - n) for value in by_gender]  # fewer at each later step
        total = sum(genders)
        audiences = [0, 0, 0, 0]
        remaining = total
        for i, share in enumerate(by_audience_share[:3]):
            audiences[i] = min(remaining, share)
            remaining -= audiences[i]
        audiences[3] = remaining
        rows.append(
            AreaMonthCount(
                area=NATIONAL, month=MONTH, dimension=d.FUNNEL, key=step, group="", value=total
            )
        )
        for group, value in zip(selectors.GENDERS, genders, strict=True):
            rows.append(
                AreaMonthCount(
                    area=NATIONAL,
                    month=MONTH,
                    dimension=d.FUNNEL,
                    key=step,
                    group=f"gender:{group}",
                    value=value,
                )
            )
        for group, value in zip(selectors.AUDIENCES, audiences, strict=True):
            rows.append(
                AreaMonthCount(
                    area=NATIONAL,
                    month=MONTH,
                    dimension=d.FUNNEL,
                    key=step,
                    group=f"audience:{group}",
                    value=value,
                )
            )
    AreaMonthCount.objects.bulk_create([r for r in rows if r.value])


def assert_nothing_small_is_shown_or_derivable(splits: list[selectors.EqualitySplit]) -> None:
    for split in splits:
        for row in split.rows:
            shown = [c.value for c in (row.total, *row.cells) if not c.suppressed]
            assert all(v == 0 or v >= MIN_GROUP for v in shown), (split.dimension, row.step)
            hidden = [c for c in row.cells if c.suppressed]
            if not row.total.suppressed:
                # One hidden cell beside a shown total is the total minus the others.
                assert len(hidden) != 1, (split.dimension, row.step)


class TestTheEqualityFunnel:
    @given(
        by_gender=st.lists(counts, min_size=4, max_size=4),
        by_audience=st.lists(counts, min_size=3, max_size=3),
    )
    @settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    def test_shows_no_cell_under_five_and_none_that_follows_from_the_total(
        self, db, by_gender, by_audience
    ):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            store(by_gender, by_audience)
            assert_nothing_small_is_shown_or_derivable(selectors.equality(selectors.Scope()))
            transaction.set_rollback(True)

    def test_hides_a_small_group_and_a_second_one_beside_it(self, db):  # type: ignore[no-untyped-def]
        store([12, 3, 0, 7], [22, 0, 0])
        submitted = selectors.equality(selectors.Scope())[0].rows[0]
        assert submitted.total.value == 22
        assert [c.suppressed for c in submitted.cells] == [False, True, False, True]
        assert [c.reason for c in submitted.cells if c.suppressed] == ["small", "secondary"]

    def test_the_table_and_its_downloads_show_words_where_a_figure_is_hidden(self, db):  # type: ignore[no-untyped-def]
        store([12, 3, 0, 7], [22, 0, 0])
        report = tables.report("equality", selectors.Scope())
        first_row = report.tables[0].rows[1]  # gender: man
        assert isinstance(first_row[2], tables.Suppressed)
