"""A territory's aliases are synonyms of its label in the search engines' analysers, as a theme's synonyms are:
a search for « Cité des 4000 » finds the notices indexed with the QPV « Les Quatre Mille (QN09301M) », on the
embedded engine, OpenSearch and Elasticsearch; an alias added, changed or removed rebuilds the index (its
analysers) once the change commits."""
import pytest
from django.db import transaction

from base_documentaire import indexing, vocabulary
from base_documentaire.documents import notice_schema
from base_documentaire.models import Territoire, Theme
from search.engines.base import SearchQuery

from .conftest import make_notice


def found(engine, text):
    return [hit.id for hit in engine.search(notice_schema(), SearchQuery(text=text)).hits]


@pytest.fixture
def quatre_mille(db):
    commune = Territoire.objects.create(niveau="commune", code="93027", nom="La Courneuve")
    qpv = Territoire.objects.create(niveau="qpv", code="QN09301M", nom="Les Quatre Mille",
                                    synonymes="Cité des 4000\n\nles 4000, La Courneuve")
    qpv.parents.set([commune])
    return qpv


def test_synonym_groups_hold_themes_then_territories_folded_once(db):
    Theme.objects.create(nom="Quartiers prioritaires", synonymes="QPV")
    Territoire.objects.create(niveau="commune", code="95268", nom="Garges-lès-Gonesse",
                              synonymes="Garges les Gonesse\nGARGES-LES-GONESSE (95)\nGarges")
    Territoire.objects.create(niveau="commune", code="95585", nom="Sarcelles", synonymes="sarcelles (95)")
    assert vocabulary.synonym_groups() == (
        ("Quartiers prioritaires", "QPV"),
        ("Garges-lès-Gonesse (95)", "Garges les Gonesse", "Garges"),  # the label folded again is left out
    )  # Sarcelles' only alias is its label: no group


def test_an_alias_finds_the_notices_of_its_territory(search_index, quatre_mille, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice = make_notice("Rénovation urbaine et relogement", territoires=[quatre_mille])
        make_notice("Jardins partagés", territoires=[Territoire.objects.get(code="93027")])
    indexing.rebuild()
    search_index.refresh(notice_schema())
    assert found(search_index, "Cité des 4000") == [str(notice.pk)]
    assert found(search_index, "cite des 4000 relogement") == [str(notice.pk)]
    assert found(search_index, "les 4000, La Courneuve") == [str(notice.pk)]
    assert found(search_index, "Quatre Mille") == [str(notice.pk)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the rebuild waits for a real commit
def test_a_new_alias_rebuilds_the_analysers_once_it_commits(search_index, quatre_mille):
    notice = make_notice("Rénovation urbaine et relogement", territoires=[quatre_mille])
    indexing.rebuild()
    search_index.refresh(notice_schema())
    assert found(search_index, "Barre Balzac") == []

    with transaction.atomic():
        quatre_mille.synonymes += "\nBarre Balzac"
        quatre_mille.save()
        Territoire.objects.create(niveau="commune", code="93066", nom="Saint-Denis", synonymes="Saint-Denis (93)\nSDN")
    search_index.refresh(notice_schema())
    assert found(search_index, "Barre Balzac") == [str(notice.pk)]

    quatre_mille.synonymes = "Cité des 4000"
    quatre_mille.save()
    search_index.refresh(notice_schema())
    assert found(search_index, "Barre Balzac") == []
    assert found(search_index, "Cité des 4000") == [str(notice.pk)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_rebuild_per_transaction_and_none_outside_the_aliases(quatre_mille, monkeypatch):
    from base_documentaire import tasks

    rebuilt, enqueue = [], type(tasks.rebuild_index_task).enqueue

    def counted(task, *args, **kwargs):
        if task.func is tasks.rebuild_index_task.func:
            rebuilt.append(task)
            return None
        return enqueue(task, *args, **kwargs)
    monkeypatch.setattr(type(tasks.rebuild_index_task), "enqueue", counted)
    with transaction.atomic():
        quatre_mille.code = "QN09301X"
        quatre_mille.save()
        Territoire.objects.create(niveau="commune", code="93066", nom="Saint-Denis")
    assert rebuilt == []
    with transaction.atomic():
        Territoire.objects.create(niveau="commune", code="93048", nom="Montreuil", synonymes="Montreuil-sous-Bois")
        quatre_mille.delete()
    assert len(rebuilt) == 1
