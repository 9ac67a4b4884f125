"""The thesaurus' SKOS export and import in the admin (with the permission rule), the related
terms on the theme's edit form, and the search engines after an import."""
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from rdflib import Graph
from rdflib.namespace import SKOS

from base_documentaire import indexing
from base_documentaire.documents import notice_schema
from base_documentaire.models import Theme
from base_documentaire.skos_import import import_thesaurus
from search.engines.base import SearchQuery

LISTING = "/admin/snippets/base_documentaire/theme/"
EXPORT = LISTING + "skos/export/{}/"
IMPORT = LISTING + "skos/import/"
CHOOSER = "/admin/snippets/choose/base_documentaire/theme/"
TURTLE = ("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <http://vocab.example.net/> .\n"
          'ex:a a skos:Concept ; skos:prefLabel "Sport"@fr ; skos:altLabel "Activités physiques"@fr ;'
          " skos:related ex:b .\n"
          'ex:b a skos:Concept ; skos:prefLabel "Santé"@fr .\n')


@pytest.fixture
def themes(db):
    sante = Theme.objects.create(nom="Santé")
    emploi = Theme.objects.create(nom="Emploi")
    sante.associes.add(emploi)
    return {"sante": sante, "emploi": emploi}


def editor(django_user_model, *codenames):
    """A user with admin access and the given permissions on themes."""
    user = django_user_model.objects.create_user(f"user-{'-'.join(codenames) or 'none'}", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"),
                              *Permission.objects.filter(content_type__app_label="base_documentaire",
                                                         codename__in=codenames))
    return user


def upload(text, name="thesaurus.ttl"):
    return SimpleUploadedFile(name, text.encode("utf-8") if isinstance(text, str) else text)


def text_of(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


# -- Export and import through the admin ----------------------------------------------------------


def test_listing_offers_the_skos_export_and_import(admin_client, themes):
    links = {a["href"] for a in BeautifulSoup(admin_client.get(LISTING).content, "html.parser").find_all("a")
             if a.get("href")}
    assert {EXPORT.format("turtle"), EXPORT.format("xml"), IMPORT} <= links


@pytest.mark.parametrize("fmt, media_type, extension, parser", [
    ("turtle", "text/turtle; charset=utf-8", "ttl", "turtle"),
    ("xml", "application/rdf+xml; charset=utf-8", "rdf", "xml")])
def test_download(admin_client, themes, fmt, media_type, extension, parser):
    response = admin_client.get(EXPORT.format(fmt))
    assert response.status_code == 200 and response["Content-Type"] == media_type
    assert response["Content-Disposition"] == f'attachment; filename="thesaurus.{extension}"'
    graph = Graph().parse(data=response.content, format=parser)
    assert {str(o) for o in graph.objects(None, SKOS.prefLabel)} == {"Santé", "Emploi"}


def test_unknown_export_format_is_not_found(admin_client, themes):
    assert admin_client.get(EXPORT.format("json")).status_code == 404


def test_upload_imports_and_shows_the_french_report(admin_client, themes):
    response = admin_client.post(IMPORT, {"fichier": upload(TURTLE)})
    assert response.status_code == 200
    text = text_of(response)
    assert "Bilan de l'import" in text
    assert "Thèmes : 1 créé(s), 1 mis à jour, 0 inchangé(s), 0 avertissement(s)." in text
    assert "Santé (termes associés)" in text
    sport = Theme.objects.get(nom="Sport")
    assert sport.synonym_list() == ["Activités physiques"]
    assert {t.nom for t in themes["sante"].associes.all()} == {"Emploi", "Sport"}
    again = text_of(admin_client.post(IMPORT, {"fichier": upload(TURTLE)}))  # idempotent
    assert "Thèmes : 0 créé(s), 0 mis à jour, 2 inchangé(s), 0 avertissement(s)." in again


def test_upload_dry_run_saves_nothing(admin_client, themes):
    text = text_of(admin_client.post(IMPORT, {"fichier": upload(TURTLE), "simulation": "on"}))
    assert "Bilan de la simulation : rien n'a été enregistré" in text and "1 créé(s)" in text
    assert not Theme.objects.filter(nom="Sport").exists()


@pytest.mark.parametrize("content, message", [
    (b"", "Le fichier soumis est vide."),  # Django's own check of an empty upload
    (b"id,titre\n1,Rapport\n", "Ce fichier n'est ni du RDF/XML ni du Turtle"),
    (b"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<http://x/a> skos:prefLabel \"Sport\" ;",
     "Turtle mal formé"),
])
def test_a_bad_upload_is_a_french_form_error_and_changes_nothing(admin_client, themes, content, message):
    response = admin_client.post(IMPORT, {"fichier": upload(content)})
    assert response.status_code == 200
    assert message in text_of(response)
    assert sorted(Theme.objects.values_list("nom", flat=True)) == ["Emploi", "Santé"]


def test_an_upload_over_the_limit_is_refused(admin_client, themes, monkeypatch):
    from base_documentaire import skos_parsing

    monkeypatch.setattr(skos_parsing, "MAX_BYTES", 1024 * 1024)
    response = admin_client.post(IMPORT, {"fichier": upload(b"#" * (1024 * 1024 + 1))})
    assert "Le fichier dépasse 1 Mio" in text_of(response)


def test_import_form_get(admin_client, themes):
    response = admin_client.get(IMPORT)
    assert response.status_code == 200
    assert "Fichier SKOS" in text_of(response) and "10 Mio au plus" in text_of(response)


# -- Permissions ----------------------------------------------------------------------------------


def refused(response):
    """Wagtail's answer to a PermissionDenied in the admin: back to the dashboard, with its message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_without_theme_permission_export_and_import_are_refused(client, django_user_model, themes):
    client.force_login(editor(django_user_model))
    assert refused(client.get(EXPORT.format("turtle")))
    assert refused(client.get(IMPORT))
    assert refused(client.post(IMPORT, {"fichier": upload(TURTLE)}))
    assert not Theme.objects.filter(nom="Sport").exists()
    dashboard = client.get("/admin/")
    assert "Désolé, vous n'avez pas les autorisations pour accéder à cette zone." in text_of(dashboard)


def test_viewing_themes_allows_the_export_only(client, django_user_model, themes):
    client.force_login(editor(django_user_model, "view_theme"))
    listing = client.get(LISTING).content.decode()
    assert EXPORT.format("turtle") in listing and IMPORT not in listing
    assert client.get(EXPORT.format("xml")).status_code == 200
    assert refused(client.post(IMPORT, {"fichier": upload(TURTLE)}))
    assert not Theme.objects.filter(nom="Sport").exists()


def test_adding_and_changing_themes_allows_the_import(client, django_user_model, themes):
    client.force_login(editor(django_user_model, "view_theme", "add_theme", "change_theme"))
    assert IMPORT in client.get(LISTING).content.decode()
    assert client.post(IMPORT, {"fichier": upload(TURTLE)}).status_code == 200
    assert Theme.objects.filter(nom="Sport").exists()


# -- Related terms on the edit form -----------------------------------------------------------------


def test_edit_form_lists_only_the_chosen_related_terms_and_a_chooser(admin_client, themes):
    Theme.objects.bulk_create(Theme(nom=f"Thème {n}", slug=f"theme-{n}") for n in range(500))
    response = admin_client.get(f"{LISTING}edit/{themes['sante'].pk}/")
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.find(attrs={"data-controller": "related-terms-chooser"})
    assert field["data-related-terms-chooser-url-value"] == CHOOSER
    boxes = field.find_all("input", attrs={"name": "associes"})
    assert [(box["value"], box.has_attr("checked")) for box in boxes] == [(str(themes["emploi"].pk), True)]
    assert "Emploi" in field.get_text() and "Ajouter des termes associés" in field.get_text()
    assert "Thème 250" not in response.content.decode()  # neither here nor in the broader term's field
    assert "related-terms-chooser.js" in response.content.decode()


def test_chooser_offers_the_multiple_selection_the_widget_opens(admin_client, themes):
    response = admin_client.get(CHOOSER, {"multiple": 1})
    assert response.status_code == 200
    assert "data-multiple-choice-select" in response.json()["html"]


def edit_data(theme, associes):
    return {"nom": theme.nom, "parent": "", "synonymes": theme.synonymes, "note": theme.note,
            "associes": [str(t.pk) for t in associes]}


def test_saving_related_terms_links_both_ways_and_unticking_removes(admin_client, themes):
    sport = Theme.objects.create(nom="Sport")
    url = f"{LISTING}edit/{themes['sante'].pk}/"
    assert admin_client.post(url, edit_data(themes["sante"], [themes["emploi"], sport])).status_code == 302
    assert {t.nom for t in themes["sante"].associes.all()} == {"Emploi", "Sport"}
    assert [t.nom for t in sport.associes.all()] == ["Santé"]
    admin_client.post(url, edit_data(themes["sante"], [sport]))  # Emploi unticked
    assert [t.nom for t in themes["sante"].associes.all()] == ["Sport"]
    assert not themes["emploi"].associes.exists()


# -- The engines after an import -------------------------------------------------------------------


def test_the_chooser_finds_the_themes_an_import_created(admin_client, themes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(IMPORT, {"fichier": upload(TURTLE)})
    results = admin_client.get(f"{CHOOSER}results/", {"q": "Spor"})
    assert "Sport" in results.content.decode()


def test_search_engines_get_the_new_synonyms_with_one_rebuild(notices, search_index, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    """A notice on "Emploi et développement économique" is found by a synonym the import adds,
    on every engine; the index is rebuilt once for the whole import, not once per theme."""
    rebuilds = []
    original = indexing.rebuild
    monkeypatch.setattr(indexing, "rebuild", lambda *a, **k: rebuilds.append(1) or original(*a, **k))

    def found(text):
        return [hit.id for hit in search_index.search(notice_schema(), SearchQuery(text=text)).hits]

    assert found("DevEco") == []
    turtle = ("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <http://vocab.example.net/> .\n"
              'ex:e a skos:Concept ; skos:prefLabel "Emploi et développement économique"@fr ;'
              ' skos:altLabel "DevEco"@fr .\n'
              'ex:s a skos:Concept ; skos:prefLabel "Sport"@fr ; skos:altLabel "APS"@fr .\n'
              'ex:c a skos:Concept ; skos:prefLabel "Culture"@fr ; skos:altLabel "Arts"@fr .\n')
    with django_capture_on_commit_callbacks(execute=True):
        import_thesaurus(io.BytesIO(turtle.encode()))
    indexing.sync(refresh=True)
    assert rebuilds == [1]
    assert found("DevEco") == [str(notices["emploi"].pk)]
