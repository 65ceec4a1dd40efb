"""Sharing a joint budget between participants, exactly to the öre.

Amounts are counted in integer öre; each participant gets the whole öre its
weight gives it, and the öre left over go, one each, to the largest
remainders (ties to the earlier participant). The shares always add up to
the total: nothing is lost or made up by rounding.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from network.pilots.models import FULL_SHARE, CostSplit

ORE_PER_KRONA = 100
Key = TypeVar("Key", bound=Hashable)


def ore_of(amount_sek: Decimal) -> int:
    """Kronor with two decimals as whole öre."""
    ore = amount_sek * ORE_PER_KRONA
    if ore != ore.to_integral_value():
        raise ValueError(f"{amount_sek} is not a whole number of öre.")
    return int(ore)


def sek_of(ore: int) -> Decimal:
    """Whole öre as kronor with two decimals."""
    return (Decimal(ore) / ORE_PER_KRONA).quantize(Decimal("0.01"))


def split_ore(total_ore: int, weights: Mapping[Key, int]) -> dict[Key, int]:
    """Share ``total_ore`` by ``weights`` (non-negative integers) by the largest remainder.

    With every weight zero the total is shared equally. The result sums to
    ``total_ore`` exactly.
    """
    if total_ore < 0:
        raise ValueError("A total to share cannot be negative.")
    if any(weight < 0 for weight in weights.values()):
        raise ValueError("Weights cannot be negative.")
    keys = list(weights)
    if not keys:
        return {}
    effective = dict(weights) if sum(weights.values()) > 0 else dict.fromkeys(keys, 1)
    weight_sum = sum(effective.values())
    shares = {key: total_ore * effective[key] // weight_sum for key in keys}
    remainders = {key: total_ore * effective[key] % weight_sum for key in keys}
    left_over = total_ore - sum(shares.values())
    by_remainder = sorted(keys, key=lambda key: (-remainders[key], keys.index(key)))
    for key in by_remainder[:left_over]:
        shares[key] += 1
    return shares


@dataclass(frozen=True)
class Party:
    """What the split needs to know of a participant."""

    participant_id: int
    population: int
    share_basis_points: int | None


def weights_for(split: str, parties: Sequence[Party]) -> dict[int, int]:
    """The weight of each participant under ``split``.

    Per inhabitant, a participant that serves no inhabitants (a partner)
    carries no share; custom shares are used as they are set, so a participant
    leaving makes the others carry its share in proportion.
    """
    if split == CostSplit.PER_INHABITANT:
        return {party.participant_id: party.population for party in parties}
    if split == CostSplit.CUSTOM:
        return {party.participant_id: party.share_basis_points or 0 for party in parties}
    return {party.participant_id: 1 for party in parties}


def percent_of(basis_points: int) -> Decimal:
    """Basis points as a percentage with two decimals (2500 → 25.00)."""
    return (Decimal(basis_points) * 100 / FULL_SHARE).quantize(Decimal("0.01"))


def basis_points_of(percent: Decimal) -> int:
    """A percentage with at most two decimals as basis points (33.34 → 3334)."""
    points = percent * FULL_SHARE / 100
    if points != points.to_integral_value():
        raise ValueError(f"{percent} has more than two decimals.")
    return int(points)
