"""Small-number suppression, cell by cell: the boundaries and the second hidden cell."""

from shared.core.suppression import MIN_GROUP, Cell, SuppressionReason, suppress

SMALL = Cell(None, suppressed=True, reason=SuppressionReason.SMALL)
SECONDARY = Cell(None, suppressed=True, reason=SuppressionReason.SECONDARY)


class TestSuppress:
    def test_shows_zero_and_min_group_and_hides_one_to_min_group_minus_one(self):
        total, cells = suppress(total=20, values=[0, 1, MIN_GROUP - 1, MIN_GROUP, 10])

        assert total == Cell(20)
        assert cells == (Cell(0), SMALL, SMALL, Cell(MIN_GROUP), Cell(10))

    def test_a_total_of_min_group_is_shown_and_one_below_is_hidden(self):
        assert suppress(total=MIN_GROUP, values=[MIN_GROUP])[0] == Cell(MIN_GROUP)
        assert suppress(total=MIN_GROUP - 1, values=[MIN_GROUP - 1])[0] == SMALL
        assert suppress(total=1, values=[1])[0] == SMALL
        assert suppress(total=0, values=[0])[0] == Cell(0)

    def test_one_hidden_cell_beside_a_shown_total_hides_the_smallest_other_non_zero_cell(self):
        total, cells = suppress(total=23, values=[2, 0, 9, 6, 6])

        assert total == Cell(23)
        assert cells == (SMALL, Cell(0), Cell(9), SECONDARY, Cell(6))

    def test_two_hidden_cells_need_no_third(self):
        _total, cells = suppress(total=14, values=[2, 3, 9])

        assert cells == (SMALL, SMALL, Cell(9))

    def test_a_hidden_total_needs_no_second_cell(self):
        total, cells = suppress(total=4, values=[1, 0, 3])

        assert total == SMALL
        assert cells == (SMALL, Cell(0), SMALL)

    def test_with_nothing_else_to_hide_the_single_hidden_cell_stays_alone(self):
        # Only zeros beside it: the total already equals the hidden cell, and it is small.
        total, cells = suppress(total=3, values=[3, 0])

        assert (total, cells) == (SMALL, (SMALL, Cell(0)))

    def test_min_group_is_a_parameter(self):
        total, cells = suppress(total=12, values=[2, 10], min_group=3)

        assert total == Cell(12)
        assert cells == (SMALL, SECONDARY)
        assert suppress(total=2, values=[2], min_group=2)[1] == (Cell(2),)
