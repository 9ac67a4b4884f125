"""The dashboard's figures on the seed's 112 requests of 2023 (and 116 of 2022) are the report's."""
from decimal import Decimal

import pytest

from infodoc import seed_figures, stats
from infodoc.models import TypeStructure

VILLE, INSTITUTION, ASSOCIATION = (str(TypeStructure.VILLE.label), str(TypeStructure.INSTITUTION.label),
                                   str(TypeStructure.ASSOCIATION.label))


@pytest.fixture
def seed_years(territories):
    seed_figures.build_year(2022)
    seed_figures.build_year(2023)
    return [territory.pk for territory in seed_figures.centre_territories()]


def shares(parts):
    return {part.label: (part.count, part.percent) for part in parts}


def test_counts_and_previous_year(seed_years):
    rapport = stats.rapport_annuel(2023, seed_years)
    assert (rapport.total, rapport.previous_total, rapport.difference) == (112, 116, -4)
    assert rapport.evolution == Decimal("-3.4")  # -4 / 116 = -3.448…


def test_shares_by_requester_type(seed_years):
    types = shares(stats.rapport_annuel(2023, seed_years).types)
    assert types[VILLE] == (50, Decimal("44.6"))
    assert types[INSTITUTION] == (21, Decimal("18.8"))  # 18.75 rounded half up
    assert types[ASSOCIATION] == (15, Decimal("13.4"))
    assert shares(stats.rapport_annuel(2022, seed_years).types)[INSTITUTION] == (12, Decimal("10.3"))
    assert sum(count for count, _ in types.values()) == 112


def test_shares_by_theme_count_a_request_in_each_of_its_themes(seed_years):
    themes = shares(stats.rapport_annuel(2023, seed_years).themes)
    assert themes["Ingénierie, évaluation et observation"] == (21, Decimal("18.8"))
    assert themes["Égalité femmes-hommes"] == (21, Decimal("18.8"))
    assert themes["Jeunesse"] == (7, Decimal("6.3"))  # 6.25: half up, not half even
    assert themes["Contrats de ville"] == (20, Decimal("17.9"))
    assert sum(count for count, _ in themes.values()) == 118  # six requests carry two themes


def test_territories_grouped_by_epci_and_share_outside_the_centre(seed_years):
    rapport = stats.rapport_annuel(2023, seed_years)
    territories = shares(rapport.territoires)
    assert territories["CA de Cergy-Pontoise"] == (9, Decimal("8.0"))  # Cergy 6 + Pontoise 3
    assert territories["CA Roissy Pays de France"] == (11, Decimal("9.8"))
    assert territories["Val-d'Oise"] == (12, Decimal("10.7"))  # the département itself
    assert "Cergy (95)" not in territories
    assert (rapport.hors_territoire.count, rapport.hors_territoire.percent) == (29, Decimal("25.9"))


def test_median_time_to_answer(seed_years):
    rapport = stats.rapport_annuel(2023, seed_years)
    # Delays 1..10 days repeated: 12 ones, 12 twos, 11 of each other value; the 56th and 57th are 5.
    assert (rapport.answered, rapport.median_days) == (112, Decimal("5.0"))


def test_without_centre_territories_the_outside_share_is_not_computed(seed_years):
    assert stats.rapport_annuel(2023, []).hors_territoire is None


def test_rounding_is_half_up_with_one_decimal():
    assert stats.percent(1, 8) == Decimal("12.5")
    assert stats.percent(1, 16) == Decimal("6.3")  # 6.25
    assert stats.percent(0, 0) == Decimal("0.0")
