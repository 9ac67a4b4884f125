"""The index follows every change; an engine outage delays indexing but loses nothing."""
from base_documentaire import indexing
from base_documentaire.documents import indexable_notices, notice_document, notice_schema
from base_documentaire.models import Exemplaire, Fichier, NoticeFichier, NoticeLien, PendingIndexUpdate
from base_documentaire.vocabulary import VocabularyLabels
from search.engines.base import SearchQuery
from tests.base_documentaire.conftest import make_notice, stored_pdf

DEAD_ENGINE = {"BACKEND": "search.engines.opensearch.OpenSearchEngine", "URL": "http://127.0.0.1:9",
               "INDEX_PREFIX": "x", "TIMEOUT": 1}


def dead(engine_setting):
    """The same cluster engine on a port nobody listens on (the embedded engine cannot be down:
    an unreachable OpenSearch stands in for it)."""
    if "URL" not in engine_setting:
        return DEAD_ENGINE
    return {**engine_setting, "URL": "http://127.0.0.1:9", "TIMEOUT": 1}


def found(engine, text):
    return [hit.id for hit in engine.search(notice_schema(), SearchQuery(text=text)).hits]


def test_publish_edit_unpublish_delete_follow_the_index(search_index, vocabulary):
    notice = make_notice("Jardins partagés en pied d'immeuble")
    indexing.sync(refresh=True)
    assert found(search_index, "jardins") == [str(notice.pk)]

    notice.titre = "Potagers partagés en pied d'immeuble"
    notice.save_revision().publish()
    indexing.sync(refresh=True)
    assert found(search_index, "jardins") == [] and found(search_index, "potagers") == [str(notice.pk)]

    notice.unpublish()
    indexing.sync(refresh=True)
    assert found(search_index, "potagers") == []

    notice.save_revision().publish()
    notice.delete()
    indexing.sync(refresh=True)
    assert found(search_index, "potagers") == []


def test_save_succeeds_when_engine_is_down_and_is_indexed_when_it_returns(search_index, settings):
    live_engine = settings.CRPV_SEARCH_ENGINE
    settings.CRPV_SEARCH_ENGINE = dead(live_engine)
    notice = make_notice("Maisons de santé pluriprofessionnelles")
    report = indexing.sync()
    assert report.failed == 1
    pending = PendingIndexUpdate.objects.get(notice_id=notice.pk)
    assert pending.attempts == 1 and "ConnectionError" in pending.last_error
    assert indexing.backlog()[0] == 1

    settings.CRPV_SEARCH_ENGINE = live_engine
    assert indexing.sync(refresh=True).indexed == 1
    assert not PendingIndexUpdate.objects.exists()
    assert found(search_index, "pluriprofessionnelles") == [str(notice.pk)]


def test_health_reports_the_index_backlog(client, search_index, settings):
    settings.CRPV_SEARCH_ENGINE = dead(settings.CRPV_SEARCH_ENGINE)
    make_notice("Notice en attente d'indexation")
    indexing.sync()
    body = client.get("/sante/").json()
    assert body["checks"]["search"]["status"] == "down"
    assert body["index_backlog"]["pending"] == 1


def test_rebuild_reindexes_everything(search_index, notices):
    search_index.drop(notice_schema())
    assert indexing.rebuild() == 3
    assert found(search_index, "guide") == [str(notices["egalite"].pk)]


NEW_NOTICE_FORM = {
    "titre": "Notice saisie pendant une panne", "type_document": "rapport", "langue": "fre",
    "auteurs-TOTAL_FORMS": "0", "auteurs-INITIAL_FORMS": "0", "fichiers-TOTAL_FORMS": "0",
    "fichiers-INITIAL_FORMS": "0", "liens-TOTAL_FORMS": "0", "liens-INITIAL_FORMS": "0",
    "exemplaires-TOTAL_FORMS": "0", "exemplaires-INITIAL_FORMS": "0", "action-publish": "action-publish",
}
WARNING = "moteur de recherche est indisponible"


def _messages_after_creating_a_notice(admin_client):
    response = admin_client.post("/admin/snippets/base_documentaire/notice/add/", NEW_NOTICE_FORM, follow=True)
    assert response.status_code == 200
    return " ".join(str(message) for message in response.context["messages"])


def test_admin_warns_when_the_engine_is_down(admin_client, settings, search_index):
    settings.CRPV_SEARCH_ENGINE = DEAD_ENGINE
    assert WARNING in _messages_after_creating_a_notice(admin_client)
    assert PendingIndexUpdate.objects.count() == 1  # saved, and queued for indexing


def test_admin_does_not_warn_when_the_engine_answers(admin_client, search_index):
    assert WARNING not in _messages_after_creating_a_notice(admin_client)


def test_rebuild_command_reports_progress(search_index, notices):
    from io import StringIO

    from django.core.management import call_command

    class Terminal(StringIO):
        def isatty(self):
            return True

    output, terminal = StringIO(), Terminal()
    call_command("rebuild_index", stdout=output, stderr=terminal)
    assert "3/3" in terminal.getvalue()  # the bar, on a terminal's error stream only
    assert "3 notices indexées" in output.getvalue() and "3/3" not in output.getvalue()
    assert found(search_index, "emploi") == [str(notices["emploi"].pk)]


def test_sync_command_drains_the_backlog(search_index, settings):
    from io import StringIO

    from django.core.management import call_command

    live_engine = settings.CRPV_SEARCH_ENGINE
    settings.CRPV_SEARCH_ENGINE = dead(live_engine)
    make_notice("Mise à jour en attente")
    indexing.sync()
    settings.CRPV_SEARCH_ENGINE = live_engine
    output = StringIO()
    call_command("sync_index", stdout=output)
    assert indexing.backlog()[0] == 0
    assert "0 mises à jour en attente" in output.getvalue()



def _rich_notice(title, vocabulary, contributeurs):
    notice = make_notice(title, themes=[vocabulary["sante"]], territoires=[vocabulary["montpellier"]],
                         auteurs=["Villes et Territoires Occitanie"], contributeur=contributeurs["vto"],
                         publish=False)
    public, private = stored_pdf(f"{title}.pdf"), stored_pdf(f"{title}-interne.pdf", prive=True)
    Fichier.objects.filter(pk=public.pk).update(texte="Texte intégral du rapport")
    Fichier.objects.filter(pk=private.pk).update(texte="Note interne confidentielle")
    notice.fichiers = [NoticeFichier(fichier=public), NoticeFichier(fichier=private)]
    notice.mots_cles.add("jardins")
    notice.contributeurs_associes = [contributeurs["resovilles"]]
    notice.liens = [NoticeLien(url="https://example.org/rapport", libelle="Rapport")]
    notice.exemplaires = [Exemplaire(cote="PV 12", localisation=contributeurs["vto"])]
    notice.save_revision().publish()
    return notice


def test_index_documents_carry_every_relation_read_in_a_fixed_number_of_queries(
        db, vocabulary, contributeurs, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    one = [_rich_notice("Rapport 1", vocabulary, contributeurs)]
    with CaptureQueriesContext(connection) as for_one:
        indexable_notices([notice.pk for notice in one])
    many = one + [_rich_notice(f"Rapport {n}", vocabulary, contributeurs) for n in range(2, 21)]
    draft = make_notice("Brouillon", publish=False)
    with django_assert_max_num_queries(len(for_one)):
        loaded = indexable_notices([notice.pk for notice in many] + [draft.pk])

    assert [notice.pk for notice in loaded] == [notice.pk for notice in many]  # the draft is not indexed
    document = notice_document(loaded[0], VocabularyLabels())
    assert document["auteurs"] == "Villes et Territoires Occitanie" and document["mots_cles"] == "jardins"
    assert document["texte"] == "Texte intégral du rapport"  # the private file's text is not indexed
    assert document["contributeur"] == ["Villes et Territoires Occitanie", "RésO Villes"]
    assert document["territoire"] and document["theme"] and document["disponibilite"] == ["En ligne", "En prêt"]
