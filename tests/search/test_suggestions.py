""""Vouliez-vous dire …": ``suggest_query`` on the three engines (one contract), and the
engine-neutral corrector and display it relies on."""
import uuid

import pytest

from search.engines.base import IndexSchema, SearchQuery
from search.engines.embedded import EmbeddedEngine
from search.spelling import Item, Typed, edit_distance
from search.spelling_display import proposal_text
from tests import services
from tests.search.contract import BAD_INPUTS

SYNONYMS = (("qpv", "quartier prioritaire", "quartiers prioritaires de la politique de la ville"),)

DOCUMENTS = [
    {"id": "1", "titre": "Le renouvellement urbain à Garges-lès-Gonesse", "auteurs": "ANRU",
     "sujets": "Renouvellement urbain ; Garges-lès-Gonesse ; Val-d'Oise", "resume": "Bilan du projet."},
    {"id": "2", "titre": "Renouvellement urbain et participation des habitants", "auteurs": "RésO Villes",
     "sujets": "Renouvellement urbain ; Participation des habitants", "resume": ""},
    {"id": "3", "titre": "Les conseils citoyens de Garges-lès-Gonesse", "auteurs": "Pôle ressources ville",
     "sujets": "Participation des habitants ; Garges-lès-Gonesse ; Villiers-le-Bel (95)", "resume": ""},
    {"id": "4", "titre": "Santé mentale et précarité", "auteurs": "Villes et Territoires Occitanie",
     "sujets": "Santé ; Occitanie", "resume": "Les conseils locaux de santé mentale."},
    {"id": "5", "titre": "L'emploi des jeunes", "auteurs": "RésO Villes",
     "sujets": "Emploi et développement économique ; Bretagne", "resume": ""},
]


def suggestion_schema():
    return IndexSchema(
        name=f"spelling-{uuid.uuid4().hex[:10]}",
        text_fields={"titre": 4.0, "auteurs": 2.0, "sujets": 1.5, "resume": 1.5},
        keyword_fields=("theme",), highlight_fields=("titre", "resume"), sort_fields=("titre",),
        synonyms=SYNONYMS,
    )


class SuggestionContract:
    """Subclasses provide an ``engine`` fixture."""

    @pytest.fixture
    def schema(self, engine):
        schema = suggestion_schema()
        engine.ensure_index(schema)
        engine.index(schema, [dict(document) for document in DOCUMENTS])
        engine.refresh(schema)
        yield schema
        engine.drop(schema)

    def total(self, engine, schema, text):
        return engine.search(schema, SearchQuery(text=text)).total

    def test_corrects_typos_into_the_words_of_the_index(self, engine, schema):
        proposal = engine.suggest_query(schema, "renouvelement urbin")
        assert proposal == "renouvellement urbain"
        assert self.total(engine, schema, "renouvelement urbin") == 0
        assert self.total(engine, schema, proposal) == 2

    def test_a_territory_is_proposed_as_its_label(self, engine, schema):
        assert engine.suggest_query(schema, "Garges les gonnesse") == "Garges-lès-Gonesse"
        assert engine.suggest_query(schema, "garges les gonnesse") == "Garges-lès-Gonesse"

    def test_words_typed_right_are_kept_as_typed(self, engine, schema):
        assert engine.suggest_query(schema, "SANTÉ mantale") == "SANTÉ mentale"
        assert engine.suggest_query(schema, "l'emploi des jaunes") == "l'emploi des jeunes"

    def test_aliases_of_the_thesaurus_are_words_too(self, engine, schema):
        assert engine.suggest_query(schema, "quartier prioritere") == "quartier prioritaire"

    def test_joined_and_split_words(self, engine, schema):
        assert engine.suggest_query(schema, "renouvel lement urbain") == "renouvellement urbain"
        assert engine.suggest_query(schema, "santémentale") == "santé mentale"

    def test_a_commune_label_without_its_department_number(self, engine, schema):
        assert engine.suggest_query(schema, "Villier le bel") == "Villiers-le-Bel"

    def test_quotes_and_other_characters_stay_where_typed(self, engine, schema):
        assert engine.suggest_query(schema, '"renouvelement urbin" -santé') == '"renouvellement urbain" -santé'

    def test_elided_article_is_kept(self, engine, schema):
        assert engine.suggest_query(schema, "l'urbin") == "l'urbain"

    def test_nothing_to_propose(self, engine, schema):
        assert engine.suggest_query(schema, "renouvellement urbain") is None
        assert engine.suggest_query(schema, "xqzwv") is None
        assert engine.suggest_query(schema, "") is None

    def test_any_input_is_answered(self, engine, schema):
        for text in [*BAD_INPUTS, "((( OR", "é" * 1000, "renouvelement " * 100]:
            proposal = engine.suggest_query(schema, text)
            assert proposal is None or isinstance(proposal, str)

    def test_words_of_deleted_documents_are_no_longer_proposed(self, engine, schema):
        engine.delete(schema, ["4"])
        engine.refresh(schema)
        assert engine.suggest_query(schema, "mantale") is None

    def test_new_documents_bring_their_words(self, engine, schema):
        engine.index(schema, [{"id": "9", "titre": "Gestion urbaine de proximité", "auteurs": "", "sujets": "",
                               "resume": ""}])
        engine.refresh(schema)
        assert engine.suggest_query(schema, "gestion urbaine de proximitée") == "gestion urbaine de proximité"

    def test_rebuilt_index_suggests(self, engine, schema):
        engine.rebuild(schema, [dict(document) for document in DOCUMENTS])
        assert engine.suggest_query(schema, "renouvelement urbin") == "renouvellement urbain"


class TestEmbeddedSuggestions(SuggestionContract):
    @pytest.fixture
    def engine(self, tmp_path):
        return EmbeddedEngine(path=tmp_path / "search.sqlite3", index_prefix="test")

    def test_missing_index_proposes_nothing(self, engine):
        assert engine.suggest_query(suggestion_schema(), "renouvelement") is None


    def test_index_built_before_the_spelling_tables(self, engine, schema):
        connection = engine.connection()
        for kind in ("spell_vocab", "grams", "spelling"):
            connection.execute(f'DROP TABLE "test_{schema.name}__v1_{kind}"')
        assert engine.suggest_query(schema, "renouvelement urbin") == "renouvellement urbain"


@pytest.mark.services
class TestClusterSuggestions(SuggestionContract):
    @pytest.fixture(params=list(services.CLUSTER_ENGINES))
    def engine(self, request):
        return services.cluster_engine_instance(request.param)


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("urbain", "urbian") == 1
    assert edit_distance("gonnesse", "gonesse") == 1
    assert edit_distance("abc", "xyz") == 3


def test_display_takes_the_spelling_inside_sentences():
    items = [Item("renouvellement", 0, 0, True)]
    sources = ["Renouvellement urbain", "Bilan du renouvellement urbain"]
    assert proposal_text(Typed("renouvelement"), items, sources) == "renouvellement"
    assert proposal_text(Typed("Renouvelement"), items, sources) == "Renouvellement"
    assert proposal_text(Typed("renouvelement"), items, sources[:1]) == "renouvellement"
