"""The layer the editorial apps share: hierarchy widening, related-content lists, listing filters."""
import pytest
from django.test import RequestFactory

from base_documentaire.models import Territoire, Theme
from ressources.listing import VocabularyFilterForm, paginate
from ressources.notice_source import NOTICES
from ressources.related import RelatedSource, register, related_content, sources
from ressources.vocabulary import (territory_ids_with_ancestors, territory_ids_with_descendants,
                                   theme_ids_with_narrower)

from .conftest import make_notice


@pytest.fixture
def qpv(vocabulary):
    quartier = Territoire.objects.create(niveau="qpv", code="QN03404M", nom="Mosson")
    quartier.parents.set([vocabulary["montpellier"]])
    return quartier


def test_a_broad_theme_includes_its_narrower_themes(vocabulary):
    v = vocabulary
    mentale = Theme.objects.create(nom="Santé mentale", parent=v["sante"])
    assert theme_ids_with_narrower([v["cohesion"].pk]) == {v["cohesion"].pk, v["sante"].pk, mentale.pk}
    assert theme_ids_with_narrower([v["emploi"].pk]) == {v["emploi"].pk}


def test_a_region_contains_its_departements_communes_and_qpv(vocabulary, qpv):
    v = vocabulary
    below = territory_ids_with_descendants([v["occitanie"].pk])
    assert below == {v["occitanie"].pk, v["herault"].pk, v["montpellier"].pk, qpv.pk}
    assert v["bretagne"].pk not in below
    assert territory_ids_with_ancestors([qpv.pk]) == {qpv.pk, v["montpellier"].pk, v["herault"].pk,
                                                       v["occitanie"].pk}


def test_related_notices_include_those_of_the_territories_below(vocabulary, qpv, documentary_page):
    v = vocabulary
    in_qpv = make_notice("Diagnostic du quartier de la Mosson", territoires=[qpv], annee=2022)
    make_notice("Rennes, quartiers prioritaires", territoires=[v["bretagne"]], annee=2023)
    make_notice("Brouillon à Montpellier", territoires=[v["montpellier"]], publish=False)

    lists = related_content(territory_ids=[v["herault"].pk], only={"notices"})

    assert [item.title for item in lists[0].items] == [in_qpv.titre]
    assert lists[0].items[0].url == documentary_page.notice_url(in_qpv)
    assert "territoire=H%C3%A9rault" in lists[0].see_all_url


def test_theme_and_territory_selections_must_both_match(vocabulary, documentary_page):
    v = vocabulary
    make_notice("Santé à Montpellier", themes=[v["sante"]], territoires=[v["montpellier"]])
    make_notice("Santé en Bretagne", themes=[v["sante"]], territoires=[v["bretagne"]])
    make_notice("Emploi à Montpellier", themes=[v["emploi"]], territoires=[v["montpellier"]])

    lists = related_content(theme_ids=[v["cohesion"].pk], territory_ids=[v["occitanie"].pk], only={"notices"})

    assert [item.title for item in lists[0].items] == ["Santé à Montpellier"]
    assert lists[0].total == 1


def test_an_object_never_lists_itself(vocabulary, documentary_page):
    v = vocabulary
    notice = make_notice("Seule notice sur la santé", themes=[v["sante"]])
    assert related_content(theme_ids=[v["sante"].pk], exclude=notice, only={"notices"}) == []
    assert related_content() == []


def test_a_publication_does_not_list_its_own_notice(vocabulary, documentary_page):
    from types import SimpleNamespace

    v = vocabulary
    own = make_notice("Notice de la publication", themes=[v["sante"]])
    other = make_notice("Autre notice", themes=[v["sante"]])
    page = SimpleNamespace(notice_id=own.pk)  # what a publication page holds of its notice

    lists = related_content(theme_ids=[v["sante"].pk], exclude=page, only={"notices"})
    assert [item.title for item in lists[0].items] == [other.titre]


def test_sources_are_listed_in_their_order(db):
    calls = []
    source = RelatedSource(key="test-source", label="Test", order=1,
                           find=lambda themes, territories, limit, exclude: (calls.append(limit) or [], 0))
    register(source)
    try:
        assert sources()[0] is source
        assert NOTICES in sources()
        related_content(theme_ids=[1], limit=3, only={"test-source"})
        assert calls == [3]
    finally:
        from ressources import related

        related._sources.pop("test-source")


class TestVocabularyFilterForm:
    @pytest.fixture
    def tagged(self, vocabulary, qpv, documentary_page):
        from base_documentaire.models import Notice

        v = vocabulary
        make_notice("Mosson", themes=[v["sante"]], territoires=[qpv])
        make_notice("Bretagne", themes=[v["emploi"]], territoires=[v["bretagne"]])
        return Notice.objects.filter(live=True)

    def form(self, queryset, query):
        return VocabularyFilterForm(RequestFactory().get("/", query).GET, queryset=queryset)

    def test_offers_used_terms_and_everything_above_them(self, tagged):
        form = VocabularyFilterForm(queryset=tagged)
        assert [value for value, _ in form.fields["theme"].choices] == [
            "Cohésion sociale", "Emploi et développement économique", "Santé"]
        assert [value for value, _ in form.fields["territoire"].choices] == [
            "Bretagne", "Occitanie", "Hérault", "Montpellier (34)", "Mosson (QN03404M)"]

    def test_a_broad_selection_includes_what_is_below(self, tagged):
        assert [n.titre for n in self.form(tagged, {"theme": "Cohésion sociale"}).filter(tagged)] == ["Mosson"]
        assert [n.titre for n in self.form(tagged, {"territoire": "Occitanie"}).filter(tagged)] == ["Mosson"]
        both = self.form(tagged, {"theme": ["Santé", "Emploi et développement économique"]}).filter(tagged)
        assert {n.titre for n in both} == {"Mosson", "Bretagne"}

    def test_an_unknown_value_is_an_error_in_french_and_filters_nothing(self, tagged):
        form = self.form(tagged, {"theme": "<script>alert(1)</script>"})
        assert set(form.filter(tagged)) == set(tagged)
        assert "Sélectionnez un choix valide" in str(form.errors["theme"])


def test_paginate_answers_bad_page_numbers_with_a_real_page():
    items = list(range(45))
    factory = RequestFactory()
    assert paginate(factory.get("/", {"page": "abc"}), items).number == 1
    assert paginate(factory.get("/", {"page": "99"}), items).number == 3
    assert list(paginate(factory.get("/", {"page": "2"}), items)) == list(range(20, 40))
