"""Import of notices from CSV and RIS files: idempotence, vocabularies, bad rows, files, broken files."""
import io
import random
from pathlib import Path

import pypdf
import pytest
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry

from base_documentaire.documents import notice_schema
from base_documentaire.importers import csv_format, ris_format
from base_documentaire.importers.records import ImportFileError
from base_documentaire.importers.service import import_file
from base_documentaire.models import Contributeur, Fichier, Notice, PendingIndexUpdate, TermeCandidat
from search.engines.base import SearchQuery

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEADER = "id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf"


@pytest.fixture(autouse=True)
def clean_index(search_index):
    """Imports index what they publish: each test starts and ends with an empty index."""
    return search_index


@pytest.fixture
def partner(db):
    return Contributeur.objects.create(code="partenaire", nom="Centre partenaire")


def write(tmp_path, text, name="notices.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def csv_file(tmp_path, *rows, header=HEADER, name="notices.csv"):
    return write(tmp_path, "\n".join([header, *rows]) + "\n", name)


def tiny_pdf(path):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_notices", *[str(arg) for arg in args], stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


# -- CSV: creation, update, idempotence -------------------------------------------------------

GOOD_ROWS = (
    'N1,Diagnostic santé des quartiers,"Un diagnostic, avec une virgule.",rapport,'
    '"Dupont, Jean | Agence régionale de santé",2021,Santé | QPV,Montpellier (34) | Hérault,fre,',
    'N2,Guide de la participation,,Guide,"Martin, Léa",2019,Cohésion sociale,Occitanie,en,',
)


def test_csv_import_creates_published_notices(tmp_path, vocab, crpv):
    report = import_file(csv_file(tmp_path, *GOOD_ROWS), contributeur=crpv)

    assert (report.created, report.updated, report.unchanged, report.rejected) == (2, 0, 0, [])
    notice = Notice.objects.get(contributeur=crpv, external_id="N1")
    assert notice.titre == "Diagnostic santé des quartiers"
    assert notice.resume == "Un diagnostic, avec une virgule."
    assert (notice.type_document_id, notice.annee, notice.langue) == ("rapport", 2021, "fre")
    assert [(a.nom, a.nature) for a in notice.auteurs.all()] == [
        ("Dupont, Jean", "personne"), ("Agence régionale de santé", "collectivite")]
    assert set(notice.themes.all()) == {vocab["sante"], vocab["qpv"]}
    assert set(notice.territoires.all()) == {vocab["montpellier"], vocab["herault"]}
    # Saved and published as in the administration: live, one revision, publication logged.
    assert notice.live and not notice.has_unpublished_changes
    assert notice.live_revision == notice.latest_revision and notice.revisions.count() == 1
    actions = set(ModelLogEntry.objects.filter(object_id=str(notice.pk)).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.publish"} <= actions
    guide = Notice.objects.get(external_id="N2")
    assert (guide.type_document_id, guide.langue) == ("guide", "eng")


def test_notices_are_searchable_when_the_import_returns(tmp_path, vocab, crpv, search_index):
    report = import_file(csv_file(tmp_path, *GOOD_ROWS), contributeur=crpv)

    assert report.index.indexed == 2 and not report.index.failed
    assert not PendingIndexUpdate.objects.exists()
    hits = search_index.search(notice_schema(), SearchQuery(text="participation")).hits
    assert [hit.id for hit in hits] == [str(Notice.objects.get(external_id="N2").pk)]


def test_reimport_updates_and_never_duplicates(tmp_path, vocab, crpv):
    import_file(csv_file(tmp_path, *GOOD_ROWS), contributeur=crpv)
    first = Notice.objects.get(external_id="N1")

    changed = csv_file(tmp_path, 'N1,Diagnostic santé (version 2),,rapport,"Dupont, Jean",2022,Santé,,fre,',
                       GOOD_ROWS[1], name="v2.csv")
    report = import_file(changed, contributeur=crpv)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert Notice.objects.count() == 2
    notice = Notice.objects.get(external_id="N1")
    assert notice.pk == first.pk
    assert (notice.titre, notice.annee, notice.resume) == ("Diagnostic santé (version 2)", 2022, "")
    assert [a.nom for a in notice.auteurs.all()] == ["Dupont, Jean"]
    # An import never removes a thème or a territory: those the source no longer gives are kept, and named.
    assert set(notice.themes.all()) == {vocab["sante"], vocab["qpv"]} and notice.territoires.count() == 2
    assert any("Quartiers prioritaires" in message for line, message in report.warnings if line == 2)
    assert notice.revisions.count() == 2 and notice.live and not notice.has_unpublished_changes

    again = import_file(changed, contributeur=crpv)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert notice.revisions.count() == 2  # nothing changed, nothing written


def test_same_identifier_in_two_contributors_gives_two_notices(tmp_path, vocab, crpv, partner):
    path = csv_file(tmp_path, *GOOD_ROWS)
    import_file(path, contributeur=crpv)
    report = import_file(path, contributeur=partner)
    assert report.created == 2
    assert Notice.objects.filter(external_id="N1").count() == 2


def test_identifier_repeated_in_the_file_updates_the_same_notice(tmp_path, vocab, crpv):
    path = csv_file(tmp_path, "D1,Premier titre,,rapport,,2020,,,,", "D1,Second titre,,rapport,,2020,,,,")
    report = import_file(path, contributeur=crpv)
    assert (report.created, report.updated) == (1, 1)
    assert list(Notice.objects.values_list("titre", flat=True)) == ["Second titre"]
    assert any(line == 3 and "D1" in message for line, message in report.warnings)


def test_columns_absent_from_the_file_are_left_alone(tmp_path, vocab, crpv):
    import_file(csv_file(tmp_path, *GOOD_ROWS), contributeur=crpv)
    report = import_file(csv_file(tmp_path, "N1,Titre seul,rapport", header="id,titre,type", name="v2.csv"),
                         contributeur=crpv)
    assert report.updated == 1
    notice = Notice.objects.get(external_id="N1")
    assert notice.titre == "Titre seul" and notice.annee == 2021
    assert notice.auteurs.count() == 2 and notice.themes.count() == 2


def test_locked_notice_is_not_updated(tmp_path, vocab, crpv):
    import_file(csv_file(tmp_path, *GOOD_ROWS), contributeur=crpv)
    Notice.objects.filter(external_id="N1").update(locked=True)
    report = import_file(csv_file(tmp_path, "N1,Autre titre,,rapport,,2020,,,,", name="v2.csv"),
                         contributeur=crpv)
    assert report.rejected[0].line == 2
    assert "verrouillée" in report.rejected[0].reason
    assert Notice.objects.get(external_id="N1").titre == "Diagnostic santé des quartiers"


# -- Vocabularies -------------------------------------------------------------------------------

def test_labels_match_ignoring_case_accents_and_synonyms(tmp_path, vocab, crpv):
    path = csv_file(tmp_path,
                    'V1,Titre,,rapport,,2020,SANTE | insertion PROFESSIONNELLE | qpv,HERAULT | montpellier (34),,',
                    'V2,Titre 2,,rapport,,2020,  santé  ,paris | Paris (75),,')
    report = import_file(path, contributeur=crpv)

    assert report.created == 2
    first = Notice.objects.get(external_id="V1")
    assert set(first.themes.all()) == {vocab["sante"], vocab["emploi"], vocab["qpv"]}
    assert set(first.territoires.all()) == {vocab["herault"], vocab["montpellier"]}
    second = Notice.objects.get(external_id="V2")
    # "Paris" is the label of the département; the commune's label is "Paris (75)".
    assert set(second.territoires.all()) == {vocab["paris_departement"], vocab["paris_commune"]}
    assert not report.unknown_terms


def test_unknown_labels_are_reported_and_become_candidate_terms(tmp_path, vocab, crpv):
    path = csv_file(tmp_path, "U1,Titre,,rapport,,2020,Santé | Économie sociale,Gotham,,",
                    "U2,Titre 2,,rapport,,2020,economie SOCIALE,,,")
    output = command(path, "--contributeur", "crpv")

    assert "Libellés inconnus" in output and "Économie sociale (2)" in output and "Gotham (1)" in output
    theme = TermeCandidat.objects.get(vocabulaire="theme")
    assert (theme.libelle, theme.cle, theme.occurrences) == ("Économie sociale", "economie sociale", 2)
    assert TermeCandidat.objects.get(vocabulaire="territoire").libelle == "Gotham"
    assert list(Notice.objects.get(external_id="U1").themes.all()) == [vocab["sante"]]

    command(path, "--contributeur", "crpv")  # occurrences add up across imports
    assert TermeCandidat.objects.get(vocabulaire="theme").occurrences == 4


# -- Bad rows -----------------------------------------------------------------------------------

def test_bad_rows_are_reported_with_their_line_and_good_rows_imported(tmp_path, vocab, crpv):
    path = csv_file(
        tmp_path,
        "B1,Bonne notice,,rapport,,2020,,,,",
        "B2,,Sans titre,rapport,,2020,,,,",
        'B3,"Titre sur',  # a quoted value over two lines: the next row starts line 6
        'deux lignes",,rapport,,20x3,,,,',
        "B4,Type inconnu,,brochure,,2020,,,,",
        "B5,Année hors limites,,rapport,,1492,,,,",
        "B6,Trop de valeurs,,rapport,,2020,,,,,en trop",
        "B7,Autre bonne notice,,ouvrage,,2021,,,,",
    )
    report = import_file(path, contributeur=crpv)

    assert (report.created, report.updated) == (3, 0)
    # A type nobody declared never rejects a row: kept as written, waiting among the candidates.
    assert set(Notice.objects.values_list("external_id", flat=True)) == {"B1", "B4", "B7"}
    brochure = Notice.objects.get(external_id="B4")
    assert brochure.type_document_id is None and brochure.get_type_document_display() == "brochure"
    assert TermeCandidat.objects.get(vocabulaire="type_document").libelle == "brochure"
    reasons = {rejection.line: rejection.reason for rejection in report.rejected}
    assert reasons == {
        3: "Titre manquant.",
        4: "Année invalide « 20x3 ».",
        7: "Année 1492 hors limites (1800–2100).",
        8: reasons[8],
    }
    assert "11 valeurs" in reasons[8] and "10 colonnes" in reasons[8]


# Transactional, as a real import; the serialized rollback restores what migrations created
# (a plain flush would let later serialized-rollback tests collide with recreated content types).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unexpected_error_on_a_row_does_not_stop_the_next_ones(tmp_path, vocab, crpv, monkeypatch):
    from base_documentaire.importers.writing import NoticeWriter

    original = NoticeWriter._attach_file

    def failing(self, notice, checked):
        if checked.external_id == "X1":
            raise RuntimeError("panne simulée")
        return original(self, notice, checked)

    monkeypatch.setattr(NoticeWriter, "_attach_file", failing)
    header = HEADER + ",mots_cles"
    path = csv_file(tmp_path, "X1,Premier,,rapport,,2020,,,,,mot nouveau", "X2,Second,,rapport,,2020,,,,,mot nouveau",
                    header=header)
    report = import_file(path, contributeur=crpv)

    assert report.created == 1
    assert report.rejected[0].line == 2 and "panne simulée" in report.rejected[0].reason
    assert list(Notice.objects.get(external_id="X2").mots_cles.names()) == ["mot nouveau"]
    assert not Notice.objects.filter(external_id="X1").exists()


def test_command_prints_a_french_summary_and_the_rejected_lines(tmp_path, vocab, crpv):
    path = csv_file(tmp_path, "C1,Bonne notice,,rapport,,2020,,,,", "C2,,,rapport,,2020,,,,",
                    "C3,Mauvaise année,,rapport,,20x3,,,,")
    output = command(path, "--contributeur", "crpv")

    assert "Créées : 1, mises à jour : 0, inchangées : 0, rejetées : 2." in output
    assert "Lignes rejetées" in output
    assert "ligne 3 : Titre manquant." in output
    assert "ligne 4 : Année invalide « 20x3 »." in output


def test_markup_is_stored_as_plain_text(tmp_path, vocab, crpv):
    path = csv_file(tmp_path, 'H1,<script>alert("x")</script> Rapport <b>gras</b>,'
                              '"<img src=x onerror=alert(1)> résumé",rapport,"<i>Nom</i>, Prénom",2020,,,,')
    import_file(path, contributeur=crpv)
    notice = Notice.objects.get(external_id="H1")
    assert notice.titre == '<script>alert("x")</script> Rapport <b>gras</b>'
    assert notice.resume == "<img src=x onerror=alert(1)> résumé"
    assert notice.auteurs.get().nom == "<i>Nom</i>, Prénom"


def test_dry_run_changes_nothing(tmp_path, vocab, crpv, settings):
    files = tmp_path / "fichiers"
    files.mkdir()
    tiny_pdf(files / "rapport.pdf")
    path = csv_file(tmp_path, *GOOD_ROWS, "P1,Avec fichier,,rapport,,2020,Inconnu,,,rapport.pdf")
    media_before = sorted(Path(settings.MEDIA_ROOT).rglob("*")) if Path(settings.MEDIA_ROOT).exists() else []

    output = command(path, "--contributeur", "crpv", "--files-dir", files, "--dry-run")

    assert "Simulation" in output and "Créées : 3" in output
    assert not Notice.objects.exists()
    assert not TermeCandidat.objects.exists()
    assert not Fichier.objects.exists()
    assert not PendingIndexUpdate.objects.exists()
    media_after = sorted(Path(settings.MEDIA_ROOT).rglob("*")) if Path(settings.MEDIA_ROOT).exists() else []
    assert media_after == media_before


# -- Files --------------------------------------------------------------------------------------

def test_pdf_is_stored_as_a_document_and_attached(tmp_path, vocab, crpv):
    files = tmp_path / "fichiers"
    files.mkdir()
    tiny_pdf(files / "diagnostic.pdf")
    path = csv_file(tmp_path, "F1,Avec PDF,,rapport,,2020,,,,diagnostic.pdf",
                    "F2,Même PDF,,rapport,,2020,,,,diagnostic.pdf")

    report = import_file(path, contributeur=crpv, files_dir=files)

    assert report.created == 2 and report.files_attached == 2 and not report.missing_files
    fichier = Fichier.objects.get()  # same content, one document for both notices
    assert fichier.title == "diagnostic.pdf"
    assert fichier.file.storage.exists(fichier.file.name)
    with fichier.open_file() as handle:
        assert handle.read() == (files / "diagnostic.pdf").read_bytes()
    assert fichier.type_mime == "application/pdf"
    for external_id in ("F1", "F2"):
        assert [link.fichier for link in Notice.objects.get(external_id=external_id).fichiers.all()] == [fichier]

    again = import_file(path, contributeur=crpv, files_dir=files)
    assert again.unchanged == 2 and Fichier.objects.count() == 1


def test_missing_pdf_is_reported_and_the_notice_imported(tmp_path, vocab, crpv):
    files = tmp_path / "fichiers"
    files.mkdir()
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    path = csv_file(tmp_path, "M1,Sans son fichier,,rapport,,2020,,,,absent.pdf",
                    "M2,Chemin hors du dossier,,rapport,,2020,,,,../secret.pdf")

    output = command(path, "--contributeur", "crpv", "--files-dir", files)

    assert Notice.objects.count() == 2 and not Fichier.objects.exists()
    assert "Fichiers manquants" in output
    assert "ligne 2 : Fichier « absent.pdf » introuvable dans le dossier de fichiers." in output
    assert "ligne 3 :" in output and "../secret.pdf" in output


def test_pdf_without_files_dir_is_reported(tmp_path, vocab, crpv):
    report = import_file(csv_file(tmp_path, "M1,Titre,,rapport,,2020,,,,rapport.pdf"), contributeur=crpv)
    assert report.created == 1
    assert report.missing_files[0][:2] == (2, "rapport.pdf")
    assert "--files-dir" in report.missing_files[0][2]


# -- Broken CSV files ---------------------------------------------------------------------------

@pytest.mark.parametrize("content, message", [
    (b"", "Le fichier est vide."),
    (b"\xef\xbb\xbf\r\n  \r\n", "Le fichier est vide."),
    (b"PK\x03\x04" + bytes(200), "ZIP / XLSX / ODS"),
    (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
])
def test_empty_or_non_text_files_are_refused(tmp_path, crpv, content, message):
    path = write(tmp_path, content)
    with pytest.raises(CommandError) as error:
        command(path, "--contributeur", "crpv")
    assert message in str(error.value)
    assert not Notice.objects.exists()


def test_binary_garbage_is_refused(tmp_path, crpv):
    garbage = random.Random(4).randbytes(4096)
    for name in ("garbage.csv", "garbage.ris", "garbage.bin"):
        with pytest.raises(CommandError) as error:
            command(write(tmp_path, garbage, name), "--contributeur", "crpv")
        assert "binaire" in str(error.value) or "ni du texte" in str(error.value)


def test_wrong_columns_are_refused_with_the_expected_ones(tmp_path, crpv):
    path = write(tmp_path, "nom,email,telephone\nDupont,jean@example.org,0102030405\n")
    with pytest.raises(CommandError) as error:
        command(path, "--contributeur", "crpv")
    message = str(error.value)
    assert "Colonnes manquantes : id, titre" in message
    assert HEADER in message


def test_unreadable_file_and_unknown_contributor_are_errors(tmp_path, crpv):
    with pytest.raises(CommandError, match="n’existe pas|n'existe pas"):
        command(tmp_path / "absent.csv")
    with pytest.raises(CommandError, match="Contributeur inconnu « inconnu »"):
        command(csv_file(tmp_path, *GOOD_ROWS), "--contributeur", "inconnu")


def test_cp1252_file_with_semicolons(tmp_path, vocab, crpv):
    text = ("id;titre;resume;type;auteurs;annee;themes;territoires;langue;pdf\r\n"
            "W1;Étude sur l'égalité femmes-hommes;Résumé « entre guillemets » – 2 €;Synthèse;"
            "Lefèvre, Zoé;2018;santé;Hérault;français;\r\n")
    path = write(tmp_path, text, encoding="cp1252")
    report = import_file(path, contributeur=crpv)
    notice = Notice.objects.get(external_id="W1")
    assert report.created == 1
    assert notice.titre == "Étude sur l'égalité femmes-hommes"
    assert notice.resume == "Résumé « entre guillemets » – 2 €"
    assert (notice.type_document_id, notice.langue) == ("synthese", "fre")
    assert notice.auteurs.get().nom == "Lefèvre, Zoé"
    assert list(notice.territoires.all()) == [vocab["herault"]]


def test_utf8_with_bom_and_extra_columns(tmp_path, vocab, crpv):
    text = ("\ufeff" + HEADER + ",sous_titre,editeur,lieu_edition,isbn,issn,url,mots_cles,commentaire\n"
            "E1,Titre,,ouvrage,Ville de Montpellier [collectivité] | Platon [personne],2020,,,,,"
            "Un sous-titre,Éditions X,Montpellier,978-2-1234-5678-9,,https://a.example | www.b.example,"
            "jeunesse | sport,ignoré\n")
    parsed = csv_format.parse(write(tmp_path, text).read_bytes())
    assert any("commentaire" in warning for warning in parsed.warnings)
    report = import_file(write(tmp_path, text), contributeur=crpv)
    notice = Notice.objects.get(external_id="E1")
    assert report.created == 1
    assert (notice.sous_titre, notice.editeur, notice.lieu_edition, notice.isbn) == (
        "Un sous-titre", "Éditions X", "Montpellier", "978-2-1234-5678-9")
    assert [(a.nom, a.nature) for a in notice.auteurs.all()] == [
        ("Ville de Montpellier", "collectivite"), ("Platon", "personne")]
    assert [link.url for link in notice.liens.all()] == ["https://a.example", "https://www.b.example"]
    assert sorted(notice.mots_cles.names()) == ["jeunesse", "sport"]


# -- RIS ----------------------------------------------------------------------------------------

def test_zotero_ris_export(tmp_path, vocab, crpv):
    files = tmp_path / "export"
    (files / "files" / "12").mkdir(parents=True)
    tiny_pdf(files / "files" / "12" / "Rapport_ONPV_2022.pdf")

    report = import_file(FIXTURES / "notices_zotero.ris", contributeur=crpv, files_dir=files)

    assert report.format == "ris"
    assert (report.created, report.rejected, report.missing_files) == (5, [], [])
    rapport = Notice.objects.get(titre__startswith="Les quartiers prioritaires")
    assert rapport.type_document_id == "rapport" and rapport.annee == 2023
    assert str(rapport.date_publication) == "2023-03-15"
    assert [(a.nom, a.nature) for a in rapport.auteurs.all()] == [
        ("Dupont, Marie", "personne"), ("Observatoire national de la politique de la ville", "collectivite")]
    assert rapport.collection == "Rapports de l'ONPV"
    assert rapport.editeur == "Agence nationale de la cohésion des territoires" and rapport.lieu_edition == "Paris"
    # KW: a theme (or synonym), else a territory, else a free keyword.
    assert set(rapport.themes.all()) == {vocab["sante"], vocab["qpv"]}
    assert list(rapport.territoires.all()) == [vocab["montpellier"]]
    assert list(rapport.mots_cles.names()) == ["mixité sociale"]
    assert [link.url for link in rapport.liens.all()] == ["https://www.onpv.fr/rapport-2022"]
    assert rapport.fichiers.get().fichier.title == "Rapport_ONPV_2022.pdf"
    assert rapport.external_id.startswith("auto:")  # Zotero gives no identifier: one is derived

    article = Notice.objects.get(titre__startswith="La santé mentale")
    assert article.type_document_id == "article" and article.issn == "0035-2985" and article.collation == "p. 45-67"
    assert "reste du territoire" in article.resume  # continuation line kept
    assert [(a.nom, a.role != "") for a in article.auteurs.all()] == [
        ("Martin, Léa", False), ("Nguyen, Thi Hoa", False), ("Bernard, Paul", True)]
    assert list(article.themes.all()) == [vocab["sante"]] and list(article.territoires.all()) == [vocab["herault"]]
    livre = Notice.objects.get(titre="Habiter les grands ensembles")
    assert (livre.type_document_id, livre.isbn, livre.collation) == ("ouvrage", "978-2-7297-1234-5", "312 p.")
    actes = Notice.objects.get(titre__startswith="Actes")
    assert actes.type_document_id == "actes" and list(actes.themes.all()) == [vocab["emploi"]]
    assert Notice.objects.get(titre="Portail des données locales").type_document_id == "ressource_electronique"

    again = import_file(FIXTURES / "notices_zotero.ris", contributeur=crpv, files_dir=files)
    assert (again.created, again.unchanged) == (0, 5) and Notice.objects.count() == 5


def test_pmb_ris_export_in_windows_1252(vocab, crpv):
    report = import_file(FIXTURES / "notices_pmb.ris", contributeur=crpv)

    assert (report.created, report.rejected) == (2, [])
    guide = Notice.objects.get(contributeur=crpv, external_id="1023")
    assert guide.titre == "Guide méthodologique du contrat de ville"
    assert guide.annee == 2015 and guide.type_document_id == "ouvrage"
    assert guide.resume.startswith("Guide à destination")
    assert [(a.nom, a.nature) for a in guide.auteurs.all()] == [
        ("Ville de Montpellier", "collectivite"), ("Rousseau, Hélène", "personne")]
    assert list(guide.themes.all()) == [vocab["cohesion"]]
    assert list(guide.territoires.all()) == [vocab["occitanie"]]
    assert list(guide.mots_cles.names()) == ["ingénierie de projet"]
    assert guide.isbn == "2-84567-123-4"
    assert Notice.objects.get(external_id="1024").type_document_id == "rapport"


def test_ris_record_cut_short_is_rejected_and_the_others_imported(tmp_path, crpv):
    text = ("TY  - RPRT\nID  - R1\nTI  - Complet\nPY  - 2020\nER  - \n\n"
            "TY  - RPRT\nID  - R2\nTI  - Tronqué\nPY  - 20")
    output = command(write(tmp_path, text, "export.ris"), "--contributeur", "crpv")
    assert "Créées : 1" in output and "rejetées : 1" in output
    assert "ligne 7 : La notice n'est pas fermée par « ER  - » : le fichier semble tronqué." in output
    assert list(Notice.objects.values_list("external_id", flat=True)) == ["R1"]


def test_ris_missing_er_between_records_and_garbage_lines(tmp_path, crpv):
    text = ("Exporté par un outil\n"
            "TY  - BOOK\nID  - G1\nTI  - Premier\nPY  - 2020\n"
            "TY  - JOUR\nID  - G2\nTI  - Second\nPY  - 2021\nER  - \n"
            "n'importe quoi\n\x7f\x7f\n"
            "TY  - XYZW\nID  - G3\nTI  - Type inconnu\nER  - \n")
    report = import_file(write(tmp_path, text, "export.ris"), contributeur=crpv)

    assert report.created == 3 and report.rejected == []  # the unknown type XYZW is kept as a candidate
    assert Notice.objects.get(external_id="G3").get_type_document_display() == "XYZW"
    messages = " ".join(message for _line, message in report.warnings)
    assert "ligne 2" in messages.lower() and "ER" in messages
    assert "1, 11, 12" in messages


@pytest.mark.parametrize("text", [
    "Ceci n'est pas un export RIS\nmais un texte quelconque\n",
    "TI  - Titre sans TY\nER  - \n",
])
def test_text_without_ris_records_is_refused(tmp_path, crpv, text):
    with pytest.raises(ImportFileError, match="Aucune notice RIS trouvée"):
        ris_format.parse(text.encode())
    with pytest.raises(CommandError, match="Aucune notice RIS trouvée"):
        command(write(tmp_path, text, "export.ris"), "--contributeur", "crpv")


def test_format_is_guessed_from_the_content(tmp_path, crpv):
    text = "TY  - RPRT\nID  - X1\nTI  - Sans extension\nER  - \n"
    report = import_file(write(tmp_path, text, "export.txt"), contributeur=crpv)
    assert report.format == "ris" and report.created == 1


# -- One record (the partner API's steps) -------------------------------------------------------

def test_one_record_is_checked_field_by_field_or_with_only_what_is_provided(vocab):
    from base_documentaire.importers import service
    from base_documentaire.importers.records import NoticeRecord

    record = NoticeRecord(line=1, titre="", annee="20x3", themes=["santé", "Inconnu"], urls=["www.exemple.fr"])
    assert service.field_errors(record, ["titre", "annee", "themes", "urls"]) == {
        "titre": ["Titre manquant."], "annee": ["Année invalide « 20x3 »."]}

    checked = service.validate(record, provided={"themes", "urls"})
    assert checked.fields == {} and checked.auteurs is None and checked.mots_cles is None
    assert checked.themes == [vocab["sante"]] and checked.urls == ["https://www.exemple.fr"]
    assert checked.unknown == [(TermeCandidat.Vocabulaire.THEME, "Inconnu")]
    with pytest.raises(service.RowError):
        service.validate(record)

    notice = Notice(titre="Gardé")
    service.apply(notice, checked)
    assert notice.titre == "Gardé" and [theme.pk for theme in notice.themes.all()] == [vocab["sante"].pk]
    service.record_candidates(checked.unknown)
    service.record_candidates(checked.unknown)
    assert TermeCandidat.objects.get(libelle="Inconnu").occurrences == 2
