"""Small-number suppression for published aggregates (k-anonymity by cells).

Used by an organisation's equality analysis and by the national figures: a
group of 1 to ``min_group - 1`` is never shown, and a second cell is hidden
where the first could otherwise be worked out from the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_GROUP = 5


class SuppressionReason:
    SMALL = "small"  # 1 to min_group - 1 ideas
    SECONDARY = "secondary"  # hidden so that a small group cannot be worked out by subtraction


@dataclass(frozen=True)
class Cell:
    """One figure of the equality analysis; a suppressed cell carries no value at all."""

    value: int | None
    suppressed: bool = False
    reason: str | None = None


def suppress(
    *,
    total: int,
    values: Sequence[int],
    min_group: int = MIN_GROUP,
    small_within: Sequence[bool] = (),
    total_small_within: bool = False,
) -> tuple[Cell, tuple[Cell, ...]]:
    """Return the total and the cells of one split row with small groups hidden.

    - A group of 1 to ``min_group - 1`` ideas is hidden (reason "small"); 0 and
      ``min_group`` or more are shown. The total follows the same rule.
    - A figure that sums parts a reader can ask for on their own (the months
      of a period) is hidden as small when one of its parts is small
      (``small_within``, per value; ``total_small_within``): otherwise the
      small part is the difference of two figures shown for two periods.
    - If exactly one cell of the row is hidden and the total is shown, that
      cell could be worked out as the total minus the others, so the smallest
      of the other non-zero cells is hidden too (reason "secondary"; on a tie
      the first in the row's order). With the total shown at ``min_group`` or
      more and one hidden cell below it, such a cell always exists.
    """
    total_cell = (
        Cell(None, suppressed=True, reason=SuppressionReason.SMALL)
        if 0 < total < min_group or total_small_within
        else Cell(total)
    )
    within = [*small_within, *[False] * (len(values) - len(small_within))]
    small = [0 < value < min_group or within[i] for i, value in enumerate(values)]
    hidden = {index for index, is_small in enumerate(small) if is_small}
    secondary: set[int] = set()
    if len(hidden) == 1 and not total_cell.suppressed:
        candidates = [
            (value, index)
            for index, value in enumerate(values)
            if index not in hidden and value > 0
        ]
        if candidates:
            secondary.add(min(candidates)[1])
    cells = tuple(
        Cell(None, suppressed=True, reason=SuppressionReason.SMALL)
        if index in hidden
        else Cell(None, suppressed=True, reason=SuppressionReason.SECONDARY)
        if index in secondary
        else Cell(value)
        for index, value in enumerate(values)
    )
    return total_cell, cells
