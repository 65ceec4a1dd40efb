from shared.core import geography


class TestGeography:
    def test_ships_sweden_s_290_municipalities_and_21_counties(self):
        assert len(geography.municipalities()) == 290
        assert len(geography.counties()) == 21

    def test_keeps_leading_zeros_and_matches_scb_s_national_total(self):
        assert geography.municipalities()["0687"].name == "Tranås"
        assert sum(m.population for m in geography.municipalities().values()) == 10_587_710

    def test_names_the_codes_that_are_not_municipalities(self):
        assert geography.unknown_codes(["0687", "687", "9999"]) == ["687", "9999"]

    def test_counts_each_municipality_once(self):
        assert geography.population_of(["0512", "0512"]) == 3_626
