"""Exports of notices (RIS, BibTeX, CSL-JSON, CSV), read back with real parsers, and round trips."""
import csv
import io
import json
import types
from datetime import date

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares

from base_documentaire import exporters
from base_documentaire.importers.csv_format import COLUMNS
from base_documentaire.importers.service import import_file
from base_documentaire.models import Contributeur, Notice, NoticeAuteur, NoticeFichier, NoticeLien, Territoire, Theme

from .conftest import stored_pdf


@pytest.fixture(autouse=True)
def clean_index(search_index):
    return search_index


@pytest.fixture
def vocab(db):
    return {
        "sante": Theme.objects.create(nom="Santé"),
        "emploi": Theme.objects.create(nom="Emploi"),
        "herault": Territoire.objects.create(niveau="departement", code="34", nom="Hérault"),
        "montpellier": Territoire.objects.create(niveau="commune", code="34172", nom="Montpellier"),
    }


@pytest.fixture
def crpv(db):
    return Contributeur.objects.create(code="crpv", nom="CRPV Occitanie")


def publish(titre, *, auteurs=(), themes=(), territoires=(), liens=(), tags=(), **fields):
    notice = Notice(titre=titre, **fields)
    notice.auteurs = [NoticeAuteur(nom=nom, nature=nature, role=role, sort_order=index)
                      for index, (nom, nature, role) in enumerate(auteurs)]
    notice.liens = [NoticeLien(url=url) for url in liens]
    notice.themes = list(themes)
    notice.territoires = list(territoires)
    notice.mots_cles.set(list(tags))
    notice.save()
    notice.save_revision().publish()
    return Notice.objects.get(pk=notice.pk)


TRICKY = 'Coûts & bénéfices : 50 % des {quartiers} à 100 $ #1 sur_2 ^ ~ \\ "guillemets"'


@pytest.fixture
def notices(vocab, crpv):
    rapport = publish(
        "Diagnostic santé des quartiers", sous_titre="Édition 2021", type_document="rapport", annee=2021,
        date_publication=date(2021, 6, 30), editeur="ARS Occitanie", lieu_edition="Montpellier",
        collection="Études régionales", collation="84 p.", langue="fre", resume="Un résumé.\nSur deux lignes.",
        auteurs=[("Dupont, Jean", "personne", ""), ("Agence régionale de santé", "collectivite", ""),
                 ("Bernard, Paul", "personne", "éditeur scientifique")],
        themes=[vocab["sante"]], territoires=[vocab["montpellier"]], liens=["https://ars.example/diag"],
        tags=["jeunesse"], contributeur=crpv, external_id="R1")
    livre = publish("Habiter les grands ensembles", type_document="ouvrage", annee=2019, isbn="978-2-7297-1234-5",
                    editeur="PUL", auteurs=[("Lefebvre, Claire", "personne", "")], langue="fre",
                    contributeur=crpv, external_id="L1")
    article = publish("La santé mentale des jeunes", type_document="article", annee=2021, issn="0035-2985",
                      collection="Revue française des affaires sociales", collation="p. 45-67", langue="eng",
                      auteurs=[("Martin, Léa", "personne", ""), ("Platon", "personne", "")],
                      themes=[vocab["sante"], vocab["emploi"]], territoires=[vocab["herault"]])
    actes = publish("Actes des rencontres", type_document="actes", annee=2020,
                    auteurs=[("Réseau national, centres de ressources", "collectivite", "")])
    autre = publish(TRICKY, type_document="video", annee=2018, resume="=SOMME(A1:A2)",
                    auteurs=[("Dupont, Jean", "personne", "")])
    homonyme = publish("Diagnostic santé bis", type_document="rapport", annee=2021,
                       auteurs=[("Dupont, Jean", "personne", "")])
    return types.SimpleNamespace(rapport=rapport, livre=livre, article=article, actes=actes, autre=autre,
                                 homonyme=homonyme, all=Notice.objects.order_by("pk"))


# -- RIS ----------------------------------------------------------------------------------------

def test_ris_export_reads_back_with_rispy(notices):
    text = "".join(exporters.iter_ris(notices.all))
    records = rispy.loads(text)

    assert len(records) == 6
    by_title = {record["title"]: record for record in records}
    rapport = by_title["Diagnostic santé des quartiers : Édition 2021"]
    assert rapport["type_of_reference"] == "RPRT"
    assert rapport["authors"] == ["Dupont, Jean", "Agence régionale de santé"]
    assert rapport["secondary_authors"] == ["Bernard, Paul"]
    assert rapport["year"] == "2021" and rapport["date"] == "2021/06/30/"
    assert rapport["keywords"] == ["Santé", "Montpellier (34)", "jeunesse"]
    assert rapport["urls"] == ["https://ars.example/diag"]
    assert rapport["publisher"] == "ARS Occitanie" and rapport["place_published"] == "Montpellier"
    assert rapport["id"] == "R1"
    assert rapport["abstract"] == "Un résumé. Sur deux lignes."
    types_ = {record["title"]: record["type_of_reference"] for record in records}
    assert types_["Habiter les grands ensembles"] == "BOOK"
    assert types_["La santé mentale des jeunes"] == "JOUR"
    assert types_["Actes des rencontres"] == "CONF"
    assert types_[TRICKY] == "VIDEO"
    assert by_title["La santé mentale des jeunes"]["start_page"] == "45"
    assert text.count("ER  - ") == 6 and "\r\n" in text


def test_ris_export_imports_back(notices, crpv, vocab):
    partner = Contributeur.objects.create(code="partenaire", nom="Partenaire")
    path = io.BytesIO("".join(exporters.iter_ris(notices.all)).encode())
    from base_documentaire.importers import ris_format
    from base_documentaire.importers.service import import_records

    report = import_records(ris_format.parse(path.getvalue()), contributeur=partner)
    assert report.created == 6 and not report.rejected
    copy = Notice.objects.get(contributeur=partner, external_id="R1")
    assert copy.type_document_id == "rapport" and copy.annee == 2021 and copy.date_publication == date(2021, 6, 30)
    assert [(a.nom, a.nature) for a in copy.auteurs.all()] == [
        ("Dupont, Jean", "personne"), ("Agence régionale de santé", "collectivite"), ("Bernard, Paul", "personne")]
    assert list(copy.themes.all()) == [vocab["sante"]] and list(copy.territoires.all()) == [vocab["montpellier"]]
    assert list(copy.mots_cles.names()) == ["jeunesse"]
    assert copy.collection == "Études régionales" and copy.collation == "84 p."
    video = Notice.objects.get(contributeur=partner, titre=TRICKY)
    assert video.type_document_id == "video"


# -- BibTeX -------------------------------------------------------------------------------------

def parse_bibtex(text):
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.SeparateCoAuthors(), middlewares.LatexDecodingMiddleware()])
    assert not library.failed_blocks
    return library


def test_bibtex_export_reads_back_with_bibtexparser(notices):
    library = parse_bibtex("".join(exporters.iter_bibtex(notices.all)))

    entries = {entry.key: entry for entry in library.entries}
    assert len(entries) == 6  # unique keys
    kinds = {entry.fields_dict["title"].value: entry.entry_type for entry in library.entries}
    assert kinds["Diagnostic santé des quartiers"] == "techreport"
    assert kinds["Habiter les grands ensembles"] == "book"
    assert kinds["La santé mentale des jeunes"] == "article"
    assert kinds["Actes des rencontres"] == "inproceedings"
    rapport = next(e for e in library.entries if e.fields_dict["title"].value == "Diagnostic santé des quartiers")
    assert rapport.fields_dict["author"].value == ["Dupont, Jean", "{Agence régionale de santé}"]
    assert rapport.fields_dict["editor"].value == ["Bernard, Paul"]
    assert rapport.fields_dict["year"].value == "2021"
    assert rapport.fields_dict["institution"].value == "ARS Occitanie"
    assert rapport.fields_dict["url"].value == "https://ars.example/diag"
    article = next(e for e in library.entries if e.entry_type == "article")
    assert article.fields_dict["journal"].value == "Revue française des affaires sociales"
    actes = next(e for e in library.entries if e.entry_type == "inproceedings")
    assert actes.fields_dict["author"].value == ["{Réseau national, centres de ressources}"]


def test_bibtex_escapes_special_characters_and_braces(notices):
    text = "".join(exporters.iter_bibtex([notices.autre]))
    assert r"\{quartiers\}" in text and r"\&" in text and r"50 \%" in text and r"\$" in text
    entry = parse_bibtex(text).entries[0]
    assert entry.entry_type == "misc"
    title = entry.fields_dict["title"].value
    assert title.startswith("Coûts & bénéfices : 50 % des {quartiers} à 100 $ #1 sur_2")
    assert title.endswith('\\ "guillemets"')


def test_bibtex_citation_keys_are_unique_and_ascii(notices):
    keys = [entry.key for entry in parse_bibtex("".join(exporters.iter_bibtex(notices.all))).entries]
    assert len(set(keys)) == len(keys)
    assert all(key.isascii() and key.replace("_", "").isalnum() for key in keys)
    # Two notices by Dupont in 2021 whose titles start alike: the second key gets a suffix.
    dupont = sorted(key for key in keys if key.startswith("Dupont2021"))
    assert dupont == ["Dupont2021Diagnostic", "Dupont2021Diagnostica"]


# -- CSL-JSON -----------------------------------------------------------------------------------

def test_csl_json_export(notices):
    items = json.loads("".join(exporters.iter_csl_json(notices.all)))

    assert len(items) == 6 and len({item["id"] for item in items}) == 6
    by_title = {item["title"]: item for item in items}
    rapport = by_title["Diagnostic santé des quartiers : Édition 2021"]
    assert rapport["type"] == "report"
    assert rapport["author"] == [{"family": "Dupont", "given": "Jean"}, {"literal": "Agence régionale de santé"}]
    assert rapport["editor"] == [{"family": "Bernard", "given": "Paul"}]
    assert rapport["issued"] == {"date-parts": [[2021, 6, 30]]}
    assert rapport["publisher"] == "ARS Occitanie" and rapport["publisher-place"] == "Montpellier"
    assert rapport["collection-title"] == "Études régionales" and rapport["number-of-pages"] == "84"
    assert rapport["language"] == "fr" and rapport["URL"] == "https://ars.example/diag"
    assert by_title["Habiter les grands ensembles"]["type"] == "book"
    article = by_title["La santé mentale des jeunes"]
    assert article["type"] == "article-journal"
    assert article["container-title"] == "Revue française des affaires sociales"
    assert article["issued"] == {"date-parts": [[2021]]} and article["page"] == "45-67"
    assert article["author"] == [{"family": "Martin", "given": "Léa"}, {"literal": "Platon"}]
    assert by_title["Actes des rencontres"]["type"] == "paper-conference"
    assert by_title["Actes des rencontres"]["author"] == [{"literal": "Réseau national, centres de ressources"}]
    assert by_title[TRICKY]["type"] == "motion_picture"


def test_empty_exports_are_valid(db):
    assert json.loads("".join(exporters.iter_csl_json(Notice.objects.none()))) == []
    assert rispy.loads("".join(exporters.iter_ris([]))) == []
    assert "".join(exporters.iter_bibtex([])) == ""
    assert list(csv.reader(io.StringIO("".join(exporters.iter_csv([]))))) == [list(exporters.CSV_COLUMNS)]


# -- CSV ----------------------------------------------------------------------------------------

def test_csv_export_has_the_import_columns(notices):
    rows = list(csv.DictReader(io.StringIO("".join(exporters.iter_csv(notices.all)))))

    assert list(rows[0].keys())[:len(COLUMNS)] == list(COLUMNS)
    rapport = next(row for row in rows if row["id"] == "R1")
    assert rapport["auteurs"] == "Dupont, Jean | Agence régionale de santé | Bernard, Paul"
    assert (rapport["type"], rapport["annee"], rapport["langue"]) == ("rapport", "2021", "fre")
    assert rapport["themes"] == "Santé" and rapport["territoires"] == "Montpellier (34)"
    assert rapport["resume"] == "Un résumé.\nSur deux lignes."
    article = next(row for row in rows if row["titre"] == "La santé mentale des jeunes")
    assert article["auteurs"] == "Martin, Léa | Platon [personne]"
    actes = next(row for row in rows if row["titre"] == "Actes des rencontres")
    assert actes["auteurs"] == "Réseau national, centres de ressources [collectivité]"
    video = next(row for row in rows if row["type"] == "video")
    assert video["resume"] == "'=SOMME(A1:A2)"  # a spreadsheet must not run it


def test_csv_round_trip(notices, vocab, tmp_path):
    partner = Contributeur.objects.create(code="partenaire", nom="Partenaire")
    path = tmp_path / "export.csv"
    path.write_text("".join(exporters.iter_csv(notices.all, bom=True)), encoding="utf-8")

    report = import_file(path, contributeur=partner)

    assert report.created == 6 and not report.rejected and not report.unknown_terms
    fields = ("titre", "sous_titre", "resume", "type_document", "annee", "langue", "editeur", "lieu_edition",
              "collection", "collation", "isbn", "issn")
    for original in notices.all.filter(contributeur=None) | notices.all.filter(contributeur__code="crpv"):
        copy = Notice.objects.get(contributeur=partner, external_id=original.external_id or f"notice-{original.pk}")
        assert [getattr(copy, name) for name in fields] == [getattr(original, name) for name in fields]
        assert [(a.nom, a.nature) for a in copy.auteurs.all()] == [(a.nom, a.nature) for a in original.auteurs.all()]
        assert set(copy.themes.all()) == set(original.themes.all())
        assert set(copy.territoires.all()) == set(original.territoires.all())
        assert set(copy.mots_cles.names()) == set(original.mots_cles.names())
        assert [link.url for link in copy.liens.all()] == [link.url for link in original.liens.all()]

    again = import_file(path, contributeur=partner)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)


SITE = "https://crpv.example.org"


@pytest.fixture
def site_address(settings, documentary_page):
    settings.WAGTAILADMIN_BASE_URL = SITE
    return documentary_page


def test_exports_carry_the_permalink_and_the_public_files_absolute_addresses(notices, site_address, client):
    public, private = stored_pdf("public.pdf"), stored_pdf("prive.pdf", prive=True)
    NoticeFichier.objects.create(notice=notices.livre, fichier=private, sort_order=0)
    NoticeFichier.objects.create(notice=notices.rapport, fichier=public, sort_order=0)
    permalink = SITE + site_address.notice_url(notices.rapport)
    file_url = SITE + public.url  # Wagtail's serve view: checked, and lasting (a signed S3 URL expires)
    assert permalink.startswith(f"{SITE}/") and permalink.endswith(f"/notices/{notices.rapport.pk}/")
    served = client.get(file_url.removeprefix(SITE))
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"%PDF")

    rows = {row["id"]: row for row in csv.DictReader(io.StringIO("".join(exporters.iter_csv(notices.all))))}
    assert (rows["R1"]["pdf"], rows["R1"]["permalien"]) == (file_url, permalink)
    assert rows["L1"]["pdf"] == ""  # its only file is private
    ris = "".join(exporters.iter_ris([notices.rapport]))
    assert f"UR  - {permalink}\r\n" in ris and f"L1  - {file_url}\r\n" in ris
    assert "prive" not in "".join(exporters.iter_ris(notices.all))
    assert "".join(exporters.iter_csv(notices.all, include_private=True)).count("prive") == 1
    without_link = next(notice for notice in notices.all if not notice.liens.exists())
    expected = SITE + site_address.notice_url(without_link)
    assert exporters.csl_item(without_link, page=site_address)["URL"] == expected
    assert f"url = {{{expected}}}" in exporters._bibtex_entry(without_link, "k", site_address)


@pytest.mark.parametrize("format", ["ris", "csv"])
def test_exports_with_permalinks_import_back_unchanged(notices, site_address, tmp_path, format):
    partner = Contributeur.objects.create(nom="Partenaire", code="partenaire")
    path = tmp_path / f"export.{format}"
    path.write_text("".join(exporters.EXPORT_FORMATS[format][0](notices.all)), encoding="utf-8")
    report = import_file(path, contributeur=partner)
    assert report.created == 6 and not report.rejected
    assert not [message for _line, message in report.warnings if "ignorée" in message]  # "permalien" is known
    assert not NoticeLien.objects.filter(url__startswith=SITE).exists()  # the permalink is not a link
    again = import_file(path, contributeur=partner)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)


def test_exports_stream_a_queryset_in_a_bounded_number_of_queries(notices, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        chunks = exporters.iter_csv(Notice.objects.all())
        assert next(chunks).startswith("id,titre")
        assert len(list(chunks)) == 6
    content, content_type, extension = exporters.export(Notice.objects.all(), "bibtex")
    assert content_type.startswith("application/x-bibtex") and extension == "bib"
    assert "".join(content).count("@") == 6
