"""Candidate values stay on their notices: an import never rejects a row for a label nobody
declared (thème, territoire, document type); the notice shows it as written, the documentalist
maps it to a term or creates the term in the admin, and every notice carrying it is updated and
found by the facet on every engine."""
import pytest
from bs4 import BeautifulSoup

from base_documentaire import document_types, indexing
from base_documentaire.documents import notice_schema
from base_documentaire.importers.service import import_file
from base_documentaire.models import Contributeur, Notice, TermeCandidat, Theme, TypeDocument
from search.engines.base import SearchQuery

HEADER = "id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf"
ADMIN = "/admin/snippets/base_documentaire/termecandidat/"


@pytest.fixture(autouse=True)
def types_cache_cleared():
    """Tests here change the types table: the next test must read it again from its database."""
    yield
    document_types.clear()


@pytest.fixture
def catalogue(tmp_path, search_index, documentary_page):
    """A base whose list of types lacks "Recueil", and a CSV holding it and an unknown thème."""
    TypeDocument.objects.filter(code="recueil").delete()
    sante = Theme.objects.create(nom="Santé")
    crpv = Contributeur.objects.create(code="crpv", nom="CRPV Occitanie")
    path = tmp_path / "notices.csv"
    path.write_text("\n".join([
        HEADER,
        "R1,Paroles d'habitants,,Recueil,,2020,Santé | Jardins partagés,,fre,",
        "R2,Témoignages de quartier,,recueil,,2021,Jardins partagés,,fre,",
        "R3,Un rapport ordinaire,,rapport,,2022,Santé,,fre,",
    ]) + "\n", encoding="utf-8")
    report = import_file(path, contributeur=crpv)
    return {"report": report, "sante": sante, "search": search_index,
            "notices": {n.external_id: n for n in Notice.objects.all()}}


def facet(engine, name, value):
    result = engine.search(notice_schema(), SearchQuery(filters={name: [value]}, limit=50))
    return sorted(Notice.objects.get(pk=hit.id).external_id for hit in result.hits)


def test_undeclared_type_and_theme_keep_the_rows_and_their_labels(catalogue, client):
    report, notices = catalogue["report"], catalogue["notices"]
    assert (report.created, report.rejected) == (3, [])
    r1 = notices["R1"]
    assert r1.type_document_id is None and r1.get_type_document_display() == "Recueil"
    assert list(r1.themes.all()) == [catalogue["sante"]]
    assert sorted(r1.pending_labels()) == ["Jardins partagés", "Recueil"]
    # The queue: one candidate per label (case and accents folded), counted on every row.
    queue = {(c.vocabulaire, c.libelle): c.occurrences for c in TermeCandidat.objects.all()}
    assert queue == {("type_document", "Recueil"): 2, ("theme", "Jardins partagés"): 2}
    # The public page shows the type as written and the pending thème.
    html = BeautifulSoup(client.get(f"/base-documentaire/notices/{r1.pk}/").content, "html.parser")
    assert html.select_one(".notice .meta").get_text(strip=True).startswith("Recueil")
    assert "Jardins partagés" in html.select_one(".pending").get_text() and "en attente" in html.get_text()


def test_candidates_listed_in_the_admin(catalogue, admin_client):
    html = BeautifulSoup(admin_client.get(ADMIN).content, "html.parser")
    text = html.get_text()
    assert "Recueil" in text and "Jardins partagés" in text
    candidate = TermeCandidat.objects.get(libelle="Recueil")
    assert html.find("a", href=f"{ADMIN}map/{candidate.pk}/").get_text(strip=True) == "Rattacher ou créer"
    page = admin_client.get(f"{ADMIN}map/{candidate.pk}/")
    assert page.status_code == 200
    assert "Paroles d'habitants" in BeautifulSoup(page.content, "html.parser").get_text()


def test_mapping_a_theme_candidate_updates_every_notice_and_the_next_imports(catalogue, admin_client, tmp_path):
    candidate = TermeCandidat.objects.get(libelle="Jardins partagés")
    response = admin_client.post(f"{ADMIN}map/{candidate.pk}/", {"terme": catalogue["sante"].pk})
    assert response.status_code == 302
    for key in ("R1", "R2"):
        notice = Notice.objects.get(external_id=key)
        assert catalogue["sante"] in notice.themes.all()
        assert notice.pending_labels(TermeCandidat.Vocabulaire.THEME) == []
        assert notice.live and not notice.has_unpublished_changes  # published again, with a revision
        assert catalogue["sante"].pk in notice.latest_revision.content["themes"]
    assert not TermeCandidat.objects.filter(pk=candidate.pk).exists()
    assert "Jardins partagés" in Theme.objects.get(pk=catalogue["sante"].pk).synonym_list()
    indexing.sync(refresh=True)
    assert facet(catalogue["search"], "theme", "Santé") == ["R1", "R2", "R3"]


def test_promoting_a_type_candidate_creates_the_type_and_updates_the_notices(catalogue, admin_client):
    candidate = TermeCandidat.objects.get(libelle="Recueil")
    assert admin_client.post(f"{ADMIN}promote/{candidate.pk}/").status_code == 302
    created = TypeDocument.objects.get(libelle="Recueil")
    for key in ("R1", "R2"):
        notice = Notice.objects.get(external_id=key)
        assert notice.type_document_id == created.code and notice.pending_labels() == ["Jardins partagés"]
    indexing.sync(refresh=True)
    assert facet(catalogue["search"], "type", "Recueil") == ["R1", "R2"]
    assert document_types.resolve("RECUEIL") == created.code  # the next imports match it


def test_mapping_never_publishes_a_draft(catalogue, admin_client):
    r1 = Notice.objects.get(external_id="R1")
    r1.resume = "Brouillon en cours"
    r1.save_revision()  # an unpublished draft
    r1.refresh_from_db()
    assert r1.has_unpublished_changes
    candidate = TermeCandidat.objects.get(libelle="Recueil")
    admin_client.post(f"{ADMIN}map/{candidate.pk}/", {"terme": TypeDocument.objects.get(code="ouvrage").pk})
    r1.refresh_from_db()
    assert r1.type_document_id == "ouvrage" and r1.resume == ""  # live row: changed, draft not published
    assert r1.has_unpublished_changes
    draft = r1.latest_revision.as_object()
    assert (draft.resume, draft.type_document_id) == ("Brouillon en cours", "ouvrage")
    assert "recueil" in [alias.lower() for alias in TypeDocument.objects.get(code="ouvrage").alias_list()]


def test_a_territory_candidate_cannot_be_promoted_without_its_code(db, admin_client):
    candidate = TermeCandidat.objects.create(vocabulaire="territoire", libelle="Gotham")
    response = admin_client.post(f"{ADMIN}promote/{candidate.pk}/", follow=True)
    assert "code officiel" in response.content.decode()
    assert TermeCandidat.objects.filter(pk=candidate.pk).exists()


def test_deciding_needs_the_permission(catalogue, client, django_user_model):
    user = django_user_model.objects.create_user("lecteur", password="x")
    client.force_login(user)
    candidate = TermeCandidat.objects.get(libelle="Recueil")
    assert client.post(f"{ADMIN}promote/{candidate.pk}/").status_code in (302, 403)
    assert TermeCandidat.objects.filter(pk=candidate.pk).exists()
