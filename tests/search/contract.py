"""The search engine contract: what the product relies on, run against every engine.

An engine's test file subclasses ``EngineContract`` and provides the ``engine`` fixture
(see test_embedded_contract.py, test_opensearch_contract.py). What an engine cannot do is
marked there as an expected failure, visibly.
"""
import uuid

import pytest

from search.engines.base import IndexSchema, SearchQuery, SearchResults

SYNONYMS = (
    ("qpv", "quartier prioritaire", "quartiers prioritaires de la politique de la ville"),
    ("gusp", "gestion urbaine et sociale de proximité"),
    ("ess", "économie sociale et solidaire"),
)

DOCUMENTS = [
    {"id": "1", "titre": "L'égalité femmes-hommes dans les quartiers prioritaires",
     "resume": "Guide pour intégrer l'égalité entre les femmes et les hommes dans les contrats de ville.",
     "auteurs": "Pôle ressources ville et développement social", "texte": "",
     "theme": ["Égalité femmes-hommes", "Cohésion sociale"], "territoire": ["Val-d'Oise", "Île-de-France"],
     "type": ["Guide"], "annee": ["2023"], "contributeur": ["PRVDS"], "disponibilite": ["En ligne"],
     "date": 2023},
    {"id": "2", "titre": "Emploi des jeunes et insertion professionnelle",
     "resume": "Actes de la journée sur l'emploi des jeunes des quartiers.",
     "auteurs": "RésO Villes", "texte": "Les missions locales accompagnent les jeunes vers l'emploi.",
     "theme": ["Emploi et développement économique", "Jeunesse"], "territoire": ["Bretagne"],
     "type": ["Actes"], "annee": ["2021"], "contributeur": ["RESOVILLES"], "disponibilite": ["En ligne", "En prêt"],
     "date": 2021},
    {"id": "3", "titre": "Santé mentale et précarité",
     "resume": "Dossier thématique sur la santé mentale des habitants.",
     "auteurs": "Villes et Territoires Occitanie", "texte": "Les conseils locaux de santé mentale se développent.",
     "theme": ["Santé"], "territoire": ["Occitanie"],
     "type": ["Dossier thématique"], "annee": ["2018"], "contributeur": ["VTO"], "disponibilite": ["En prêt"],
     "date": 2018},
    {"id": "4", "titre": "Santé et alimentation dans les quartiers",
     "resume": "Ateliers cuisine et accès à une alimentation de qualité.",
     "auteurs": "Villes et Territoires Occitanie", "texte": "",
     "theme": ["Santé", "Alimentation"], "territoire": ["Occitanie"],
     "type": ["Fiche expérience"], "annee": ["2020"], "contributeur": ["VTO"], "disponibilite": ["En ligne"],
     "date": 2020},
    {"id": "5", "titre": "Conseils citoyens : bilan et perspectives",
     "resume": "Le conseil citoyen, instance de participation des habitants.",
     "auteurs": "RésO Villes", "texte": "",
     "theme": ["Participation des habitants et conseils citoyens"], "territoire": ["Pays de la Loire"],
     "type": ["Synthèse"], "annee": ["2019"], "contributeur": ["RESOVILLES"], "disponibilite": ["En ligne"],
     "date": 2019},
    {"id": "6", "titre": "Économie sociale et solidaire en territoire rural",
     "resume": "Le conseil municipal et les citoyens soutiennent l'ESS locale.",
     "auteurs": "Réseau rural", "texte": "",
     "theme": ["Emploi et développement économique"], "territoire": ["Bretagne"],
     "type": ["Rapport d'étude"], "annee": ["2017"], "contributeur": ["RESOVILLES"], "disponibilite": ["En ligne"],
     "date": None},
    {"id": "7", "titre": "Economie circulaire <script>alert(1)</script> et réemploi",
     "resume": "Recycleries et ressourceries dans la gestion urbaine et sociale de proximité.",
     "auteurs": "Ademe", "texte": "",
     "theme": ["Transition écologique"], "territoire": ["Occitanie"],
     "type": ["Guide"], "annee": ["2022"], "contributeur": ["VTO"], "disponibilite": ["En ligne"],
     "date": 2022},
]

BAD_INPUTS = ['"((( OR', "AND NOT (", "NEAR(a b)", '"', "-", "*", "é*", "title:foo", "a:b:c", "(", ")", "{}[]^~",
              "\\", "' OR 1=1 --", "<script>alert(1)</script>", "x" * 5000, "-santé", "   ", "\x00\x01", "🙂"]


def ids(results):
    return [hit.id for hit in results.hits]


def contract_schema(**changes):
    """The index shape every contract test uses; ``changes`` override single options."""
    options = dict(
        name=f"contract-{uuid.uuid4().hex[:10]}",
        text_fields={"titre": 3.0, "auteurs": 2.0, "resume": 1.5, "texte": 1.0},
        keyword_fields=("theme", "territoire", "type", "annee", "contributeur", "disponibilite"),
        highlight_fields=("titre", "resume", "texte"),
        sort_fields=("date", "titre"),
        synonyms=SYNONYMS,
    )
    return IndexSchema(**{**options, **changes})


class EngineContract:
    """Subclasses provide an ``engine`` fixture returning a ready SearchEngine."""

    @pytest.fixture
    def schema(self, engine):
        schema = contract_schema()
        engine.ensure_index(schema)
        yield schema
        engine.drop(schema)

    @pytest.fixture
    def indexed(self, engine, schema):
        engine.index(schema, [dict(doc) for doc in DOCUMENTS])
        engine.refresh(schema)
        return schema

    def search(self, engine, schema, text="", **options):
        results = engine.search(schema, SearchQuery(text=text, **options))
        assert isinstance(results, SearchResults)
        return results

    # French text ----------------------------------------------------------------
    def test_finds_a_word_with_or_without_accents(self, engine, indexed):
        assert "1" in ids(self.search(engine, indexed, "égalité"))
        assert "1" in ids(self.search(engine, indexed, "egalite"))
        assert "1" in ids(self.search(engine, indexed, "EGALITE"))

    def test_singular_finds_plural(self, engine, indexed):
        assert "1" in ids(self.search(engine, indexed, "quartier prioritaire"))

    def test_elision(self, engine, indexed):
        assert "2" in ids(self.search(engine, indexed, "l'emploi"))
        assert "2" in ids(self.search(engine, indexed, "emploi"))

    def test_all_words_must_match(self, engine, indexed):
        assert ids(self.search(engine, indexed, "santé alimentation")) == ["4"]

    def test_thesaurus_synonyms_and_acronyms(self, engine, indexed):
        assert "1" in ids(self.search(engine, indexed, "QPV"))
        assert "7" in ids(self.search(engine, indexed, "GUSP"))
        assert "6" in ids(self.search(engine, indexed, "ESS"))

    def test_territory_labels_and_their_aliases(self, engine):
        """A territory's group: its label (code in parentheses), aliases with digits, hyphens, a comma."""
        groups = (("Les Quatre Mille (QN09301M)", "Cité des 4000", "La Courneuve, Quatre Mille"),
                  ("Saint-Quentin-en-Yvelines (78)", "SQY"))
        schema = contract_schema(synonyms=SYNONYMS + groups)
        engine.ensure_index(schema)
        try:
            engine.index(schema, [
                {**DOCUMENTS[4], "id": "q", "titre": "Rénovation urbaine", "resume": "Les Quatre Mille (QN09301M)"},
                {**DOCUMENTS[4], "id": "s", "titre": "Mobilités", "resume": "Saint-Quentin-en-Yvelines (78)"},
                {**DOCUMENTS[4], "id": "c", "titre": "Jardins", "resume": "La Courneuve"}])
            engine.refresh(schema)
            assert ids(self.search(engine, schema, "cité des 4000")) == ["q"]
            assert ids(self.search(engine, schema, '"Cite des 4000"')) == ["q"]
            assert ids(self.search(engine, schema, "SQY")) == ["s"]
            assert ids(self.search(engine, schema, "la courneuve quatre mille")) == ["q"]
            assert ids(self.search(engine, schema, "La Courneuve")) == ["c"]  # the comma split no alias in two
        finally:
            engine.drop(schema)

    def test_phrase_search(self, engine, indexed):
        found = ids(self.search(engine, indexed, '"conseil citoyen"'))
        assert "5" in found
        assert "6" not in found  # "conseil" and "citoyens" appear, but not side by side

    def test_exclusion_with_minus(self, engine, indexed):
        found = ids(self.search(engine, indexed, "santé -mentale"))
        assert found == ["4"]

    def test_title_matches_rank_first(self, engine, indexed):
        assert ids(self.search(engine, indexed, "santé"))[0] in {"3", "4"}

    def test_full_text_is_searched(self, engine, indexed):
        assert ids(self.search(engine, indexed, "missions locales")) == ["2"]

    @pytest.mark.parametrize("text", BAD_INPUTS)
    def test_any_input_is_answered_never_raised(self, engine, indexed, text):
        results = self.search(engine, indexed, text)
        assert results.total >= 0

    def test_empty_text_matches_everything(self, engine, indexed):
        assert self.search(engine, indexed, "").total == len(DOCUMENTS)

    # Filters and facets ------------------------------------------------------------
    def test_filters_or_within_a_field_and_across_fields(self, engine, indexed):
        both = self.search(engine, indexed, filters={"territoire": ["Occitanie", "Bretagne"]})
        assert sorted(ids(both)) == ["2", "3", "4", "6", "7"]
        narrowed = self.search(engine, indexed, filters={"territoire": ["Occitanie", "Bretagne"], "type": ["Guide"]})
        assert ids(narrowed) == ["7"]

    def test_filter_values_match_exactly_with_accents_and_apostrophes(self, engine, indexed):
        assert ids(self.search(engine, indexed, filters={"territoire": ["Val-d'Oise"]})) == ["1"]
        assert ids(self.search(engine, indexed, filters={"territoire": ["val-d'oise"]})) == []

    def test_facet_counts(self, engine, indexed):
        results = self.search(engine, indexed, "", facets=("contributeur", "disponibilite"))
        assert results.facets["contributeur"] == [("RESOVILLES", 3), ("VTO", 3), ("PRVDS", 1)]
        assert dict(results.facets["disponibilite"]) == {"En ligne": 6, "En prêt": 2}

    def test_facet_counts_follow_the_text_query(self, engine, indexed):
        results = self.search(engine, indexed, "santé", facets=("theme",))
        assert dict(results.facets["theme"]) == {"Santé": 2, "Alimentation": 1}

    def test_multi_select_facet_ignores_its_own_filter(self, engine, indexed):
        results = self.search(engine, indexed, filters={"contributeur": ["VTO"]}, facets=("contributeur", "type"))
        assert results.total == 3
        assert dict(results.facets["contributeur"]) == {"RESOVILLES": 3, "VTO": 3, "PRVDS": 1}
        assert dict(results.facets["type"]) == {"Dossier thématique": 1, "Fiche expérience": 1, "Guide": 1}

    def test_range_filter(self, engine, indexed):
        found = self.search(engine, indexed, ranges={"date": (2019, 2021)})
        assert sorted(ids(found)) == ["2", "4", "5"]
        assert sorted(ids(self.search(engine, indexed, ranges={"date": (2022, None)}))) == ["1", "7"]

    # Sort and pagination -------------------------------------------------------------
    def test_sort_by_date_descending_puts_missing_dates_last(self, engine, indexed):
        assert ids(self.search(engine, indexed, sort="-date", limit=10)) == ["1", "7", "2", "4", "5", "3", "6"]
        assert ids(self.search(engine, indexed, sort="date", limit=10)) == ["3", "5", "4", "2", "7", "1", "6"]

    def test_sort_by_title_ignores_accents_and_case(self, engine, indexed):
        titles = ids(self.search(engine, indexed, sort="titre", limit=10))
        assert titles == ["5", "7", "6", "2", "1", "4", "3"]

    def test_pagination(self, engine, indexed):
        first = self.search(engine, indexed, sort="-date", offset=0, limit=3)
        second = self.search(engine, indexed, sort="-date", offset=3, limit=3)
        assert first.total == second.total == len(DOCUMENTS)
        assert ids(first) == ["1", "7", "2"] and ids(second) == ["4", "5", "3"]
        assert ids(self.search(engine, indexed, sort="-date", offset=100, limit=3)) == []

    # Highlights --------------------------------------------------------------------
    def test_highlights_mark_matches_in_title_and_abstract(self, engine, indexed):
        hit = self.search(engine, indexed, "egalite").hits[0]
        assert hit.id == "1"
        # An engine may mark "L'égalité" whole (elided article) or "égalité" alone.
        assert "égalité</mark>" in " ".join(hit.highlights["titre"])
        assert "égalité</mark>" in " ".join(hit.highlights["resume"])

    def test_highlights_are_html_escaped(self, engine, indexed):
        hit = self.search(engine, indexed, "circulaire").hits[0]
        fragment = " ".join(hit.highlights["titre"])
        assert "<script>" not in fragment and "&lt;script&gt;" in fragment
        assert "<mark>circulaire</mark>" in fragment

    def test_highlight_in_very_long_text(self, engine, schema):
        filler = "Le renouvellement urbain transforme les quartiers. " * 40_000  # ~2 million characters
        long_doc = {**DOCUMENTS[0], "id": "long", "titre": "Rapport très long", "resume": "",
                    "texte": filler + "Une conclusion sur la biodiversité urbaine."}
        engine.index(schema, [long_doc])
        engine.refresh(schema)
        hit = self.search(engine, schema, "biodiversité").hits[0]
        assert hit.id == "long"
        assert "<mark>biodiversité</mark>" in " ".join(hit.highlights["texte"])
        assert len(" ".join(hit.highlights["texte"])) < 2000

    # Document lifecycle ---------------------------------------------------------------
    def test_reindexing_a_document_replaces_it(self, engine, indexed):
        engine.index(indexed, [{**DOCUMENTS[2], "titre": "Bien-être et précarité", "texte": "", "resume": ""}])
        engine.refresh(indexed)
        assert "3" not in ids(self.search(engine, indexed, "mentale"))
        assert ids(self.search(engine, indexed, "bien-être")) == ["3"]
        assert engine.count(indexed) == len(DOCUMENTS)

    def test_one_batch_edits_the_latest_document_and_adds_a_new_one(self, engine, indexed):
        """What the outbox sends when the newest notice is edited and another created meanwhile."""
        latest = DOCUMENTS[-1]
        engine.index(indexed, [{**latest, "titre": "Jardins partagés"}, {"id": "new", "titre": "Potagers urbains"}])
        engine.refresh(indexed)
        assert ids(self.search(engine, indexed, "jardins")) == [latest["id"]]
        assert ids(self.search(engine, indexed, "potagers")) == ["new"]
        assert engine.count(indexed) == len(DOCUMENTS) + 1

    def test_delete(self, engine, indexed):
        engine.delete(indexed, ["3", "unknown"])
        engine.refresh(indexed)
        assert "3" not in ids(self.search(engine, indexed, "santé"))
        assert engine.count(indexed) == len(DOCUMENTS) - 1

    def test_rebuild_replaces_the_whole_index(self, engine, indexed):
        seen = []
        total = engine.rebuild(indexed, iter([dict(doc) for doc in DOCUMENTS[:3]]), progress=seen.append)
        engine.refresh(indexed)
        assert total == 3 and seen and seen[-1] == 3
        assert engine.count(indexed) == 3
        assert ids(self.search(engine, indexed, "alimentation")) == []
        assert "1" in ids(self.search(engine, indexed, "qpv"))  # synonyms survive the rebuild

    def test_more_like_this(self, engine, indexed):
        similar = engine.more_like_this(indexed, "3", limit=3)
        assert "3" not in similar
        assert similar[0] == "4"

    def test_suggest_completes_title_words(self, engine, indexed):
        suggestions = engine.suggest(indexed, "quart")
        assert "L'égalité femmes-hommes dans les quartiers prioritaires" in suggestions
        assert engine.suggest(indexed, "zzzz") == []
