"""The joint budget is shared exactly to the öre, whichever split is chosen."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from network.pilots import costs, selectors, services
from network.pilots.models import CostSplit
from tests.network.pilots import make


class TestSplitOre:
    @given(
        total=st.integers(min_value=0, max_value=10**14),
        weights=st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=30),
    )
    def test_the_shares_add_up_to_the_total_exactly(self, total, weights):
        shares = costs.split_ore(total, dict(enumerate(weights)))

        assert sum(shares.values()) == total
        assert all(share >= 0 for share in shares.values())

    @given(
        total=st.integers(min_value=0, max_value=10**12),
        weights=st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=20),
    )
    def test_no_share_is_more_than_one_öre_from_its_exact_part(self, total, weights):
        shares = costs.split_ore(total, dict(enumerate(weights)))

        for key, weight in enumerate(weights):
            exact = Decimal(total) * weight / sum(weights)
            assert abs(shares[key] - exact) < 1

    def test_three_equal_parts_of_100_kronor_are_3334_3333_3333_öre(self):
        assert costs.split_ore(10_000, {"a": 1, "b": 1, "c": 1}) == {
            "a": 3334,
            "b": 3333,
            "c": 3333,
        }

    def test_per_inhabitant_a_partner_serving_no_inhabitants_carries_no_share(self):
        parties = [
            costs.Party(participant_id=1, population=99_000, share_basis_points=None),
            costs.Party(participant_id=2, population=1_000, share_basis_points=None),
            costs.Party(participant_id=3, population=0, share_basis_points=None),
        ]

        weights = costs.weights_for(CostSplit.PER_INHABITANT, parties)

        assert costs.split_ore(100_000_00, weights) == {1: 99_000_00, 2: 1_000_00, 3: 0}


@pytest.mark.django_db
class TestCostSplitSet:
    def running(self, *organizations):
        pilot = make.pilot(*organizations)
        for organization, amount in zip(
            organizations, ("100000", "50000.01", "0.02"), strict=False
        ):
            make.council_decides(organization, pilot, amount=amount)
        return pilot

    def test_custom_shares_must_add_up_to_exactly_100_percent(self, tenant_a, tenant_b, tenant_c):
        pilot = self.running(tenant_a, tenant_b, tenant_c)
        ids = [p.pk for p in pilot.participants.order_by("pk")]

        with pytest.raises(ValidationError, match=r"99\.99"):
            services.cost_split_set(
                pilot_id=pilot.pk,
                organization=tenant_a,
                split=CostSplit.CUSTOM,
                shares_percent=dict(
                    zip(ids, map(Decimal, ("33.33", "33.33", "33.33")), strict=True)
                ),
                by=make.person(tenant_a),
            )

        services.cost_split_set(
            pilot_id=pilot.pk,
            organization=tenant_a,
            split=CostSplit.CUSTOM,
            shares_percent=dict(zip(ids, map(Decimal, ("50", "33.34", "16.66")), strict=True)),
            by=make.person(tenant_a),
        )
        view = selectors.pilot_for(pk=pilot.pk, organization=tenant_b)
        assert view is not None
        budget = selectors.budget_of(view=view)

        assert budget.total_sek == Decimal("150000.03")
        assert sum(line.share_sek for line in budget.lines) == budget.total_sek
        assert [line.share_percent for line in budget.lines] == [
            Decimal("50.00"),
            Decimal("33.34"),
            Decimal("16.66"),
        ]

    @pytest.mark.parametrize("split", [CostSplit.EQUAL, CostSplit.PER_INHABITANT])
    def test_each_split_shares_the_joint_budget_exactly(self, tenant_a, tenant_b, tenant_c, split):
        pilot = self.running(tenant_a, tenant_b, tenant_c)
        services.cost_split_set(
            pilot_id=pilot.pk, organization=tenant_a, split=split, by=make.person(tenant_a)
        )
        view = selectors.pilot_for(pk=pilot.pk, organization=tenant_c)
        assert view is not None

        budget = selectors.budget_of(view=view)

        assert sum(line.share_sek for line in budget.lines) == budget.total_sek
        mine = budget.line_of(view.me)
        assert mine is not None
        assert mine.committed_sek == Decimal("0.02")

    def test_only_the_owner_sets_the_split(self, tenant_a, tenant_b):
        pilot = self.running(tenant_a, tenant_b)

        with pytest.raises(ValidationError, match="ägare"):
            services.cost_split_set(
                pilot_id=pilot.pk,
                organization=tenant_b,
                split=CostSplit.EQUAL,
                by=make.person(tenant_b),
            )
