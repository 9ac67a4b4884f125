"""The search index follows what partners do, and an engine outage loses no partner's save."""
from base_documentaire import indexing
from base_documentaire.models import Notice, PendingIndexUpdate
from reseau.api import deletion
from tests.base_documentaire.conftest import make_notice
from tests.base_documentaire.test_indexing import DEAD_ENGINE, found

from .test_status import moderate


def test_validated_notice_is_searchable_and_deleted_one_leaves_the_index(api, partner, search_index, vocabulary,
                                                                        moderator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api.post("notices/", {"id": "j-1", "titre": "Jardins partagés en pied d'immeuble"})
    indexing.sync(refresh=True)
    assert found(search_index, "jardins") == []  # a submission is not public
    notice = Notice.objects.get(external_id="j-1")
    with django_capture_on_commit_callbacks(execute=True):
        moderate(notice, moderator, "approve")
    indexing.sync(refresh=True)
    assert found(search_index, "jardins") == [str(notice.pk)]

    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete("notices/j-1/").status_code == 202  # published: the documentalist decides
    indexing.sync(refresh=True)
    assert found(search_index, "jardins") == [str(notice.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        deletion.approve(deletion.pending(notice).pk, moderator)
    indexing.sync(refresh=True)
    assert found(search_index, "jardins") == []


def test_engine_down_loses_no_save_and_the_index_catches_up(api, partner, search_index, vocabulary, settings,
                                                           django_capture_on_commit_callbacks):
    published = make_notice("Potagers urbains", contributeur=partner[0].contributeur, external_id="p-1")
    indexing.sync(refresh=True)
    assert found(search_index, "potagers") == [str(published.pk)]
    live_engine, settings.CRPV_SEARCH_ENGINE = settings.CRPV_SEARCH_ENGINE, DEAD_ENGINE

    with django_capture_on_commit_callbacks(execute=True):
        created = api.post("notices/", {"id": "p-2", "titre": "Maisons de santé pluriprofessionnelles"})
        requested = api.delete("notices/p-1/")
        deletion.approve(deletion.pending(published).pk, partner[0].user)  # the documentalist's approval
    assert created.status_code == 201 and requested.status_code == 202
    assert not Notice.objects.filter(pk=published.pk).exists()
    assert Notice.objects.filter(external_id="p-2").exists()
    pending = PendingIndexUpdate.objects.get(notice_id=published.pk)
    assert pending.attempts >= 1 and "ConnectionError" in pending.last_error

    settings.CRPV_SEARCH_ENGINE = live_engine
    indexing.sync(refresh=True)
    assert found(search_index, "potagers") == [] and not PendingIndexUpdate.objects.exists()
