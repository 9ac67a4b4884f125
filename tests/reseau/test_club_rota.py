"""The club de veille's source rota: kept by the network's administrators (Moderators), read by the
partners (their centre's sources marked), imported from the agreed CSV list with French messages
for bad rows and nothing lost."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reseau.club.models import SourceVeille
from reseau.club.rota_import import RotaFileError, import_rota
from tests.reseau.contribution.conftest import (  # noqa: F401
    contributeurs,
    logged_in,
    make_user,
    moderator,
    other_partner,
    partner,
)

ROTA = "/admin/sources_veille/"
CSV = (
    "nom;url;nature;centre;depuis;jusqu'au;note\n"
    "Journal officiel;https://www.legifrance.gouv.fr/jorf;Journal officiel;vto;2011-09-01;;Chaque matin\n"
    "Le Monde – rubrique Banlieues;https://www.lemonde.fr/banlieues/;presse;RésO Villes;01/01/2020;;\n"
    "Site de l'ANCT;https://agence-cohesion-territoires.gouv.fr;Sites institutionnels;resovilles;;;\n"
).encode()


@pytest.fixture
def rota(contributeurs):  # noqa: F811
    import_rota(CSV)
    return {source.nom: source for source in SourceVeille.objects.all()}


def test_the_agreed_list_is_imported(rota, contributeurs):  # noqa: F811
    jo = rota["Journal officiel"]
    assert (jo.nature, jo.centre.code, jo.depuis, jo.jusqu_au, jo.note) == (
        "journal_officiel", "vto", datetime.date(2011, 9, 1), None, "Chaque matin")
    presse = rota["Le Monde – rubrique Banlieues"]
    assert (presse.nature, presse.centre.code, presse.depuis) == ("presse", "resovilles", datetime.date(2020, 1, 1))
    assert rota["Site de l'ANCT"].nature == "institutionnel"


def test_importing_again_updates_and_never_duplicates(rota):
    report = import_rota(CSV.replace(b"Chaque matin", b"Chaque matin et chaque soir"))
    assert (len(report.created), len(report.updated), report.errors) == (0, 3, [])
    assert SourceVeille.objects.count() == 3
    assert SourceVeille.objects.get(nom="Journal officiel").note == "Chaque matin et chaque soir"


def test_bad_rows_are_reported_in_french_and_the_others_saved(rota):
    data = ("nom,url,nature,centre,depuis,jusqu_au,note\n"
            "Sans adresse,,presse,vto,,,\n"
            "Mauvaise adresse,pas-une-url,presse,vto,,,\n"
            "Centre inconnu,https://example.org,presse,inconnu,,,\n"
            "Nature inconnue,https://example.org,télévision,vto,,,\n"
            "Dates inversées,https://example.org,presse,vto,2024-05-01,2023-01-01,\n"
            "Date illisible,https://example.org,presse,vto,hier,,\n"
            "Bonne source,https://example.org/bonne,,vto,,,\n").encode()
    report = import_rota(data)
    assert report.created == ["Bonne source"]
    errors = dict(report.errors)
    assert sorted(errors) == [2, 3, 4, 5, 6, 7]
    assert errors[2] == ["Adresse : Champ requis."]
    assert "Saisissez une URL valide." in " ".join(errors[3])
    assert errors[4] == ["Centre inconnu « inconnu » : indiquez son code ou son nom."]
    assert errors[5][0].startswith("Nature inconnue « télévision » :")
    assert "La date de fin ne doit pas précéder la date de début." in " ".join(errors[6])
    assert "Saisissez une date valide." in " ".join(errors[7])
    # Nothing already in the rota was lost, the good row was saved with the default kind.
    assert SourceVeille.objects.count() == 4 and SourceVeille.objects.get(nom="Bonne source").nature == "autre"


@pytest.mark.parametrize("data, message", [
    (b"", "Le fichier est vide."),
    ("nom;url\nJO;https://x.fr\n".encode("utf-16"), "n’est pas encodé en UTF-8"),
    (b"titre;adresse\nJO;https://x.fr\n", "Colonnes manquantes : nom, url, centre"),
])
def test_an_unreadable_file_is_refused_with_its_reason(db, data, message):
    with pytest.raises(RotaFileError, match=message):
        import_rota(data)


def test_the_administrators_keep_the_rota_and_import_it_in_the_admin(moderator, contributeurs):  # noqa: F811
    client = logged_in(moderator)
    listing = client.get(ROTA)
    assert listing.status_code == 200 and f"{ROTA}import/" in listing.content.decode()
    response = client.post(f"{ROTA}import/", {"fichier": SimpleUploadedFile("rota.csv", CSV)})
    assert response.status_code == 200 and "Créées : 3, mises à jour : 0, lignes rejetées : 0." in response.content.decode()
    response = client.post(f"{ROTA}import/", {"fichier": SimpleUploadedFile("rota.csv", "x".encode("utf-16"))})
    assert "n’est pas encodé en UTF-8" in response.content.decode() and SourceVeille.objects.count() == 3
    source = SourceVeille.objects.get(nom="Journal officiel")
    edit = client.post(f"{ROTA}edit/{source.pk}/", {"nom": "Journal officiel", "url": source.url,
                                                   "nature": "journal_officiel", "centre": contributeurs["resovilles"].pk,
                                                   "depuis": "2025-01-01", "jusqu_au": "", "note": ""})
    assert edit.status_code == 302
    source.refresh_from_db()
    assert source.centre == contributeurs["resovilles"]


def test_partners_read_the_rota_their_sources_marked_but_cannot_change_it(rota, partner):  # noqa: F811
    client = logged_in(partner)
    listing = client.get(ROTA)
    page = listing.content.decode()
    assert listing.status_code == 200 and "Journal officiel" in page and "Site de l&#x27;ANCT" in page
    assert "Votre centre" in page and ROTA in client.get("/admin/").content.decode()  # in the settings menu
    listing_rows = list(listing.context["object_list"])
    assert listing_rows[0].nom == "Journal officiel" and listing_rows[0].du_centre  # VTO's own source first
    assert not any(row.du_centre for row in listing_rows[1:])
    assert f"{ROTA}import/" not in page and f"{ROTA}new/" not in page
    source = rota["Journal officiel"]
    assert client.get(f"{ROTA}inspect/{source.pk}/").status_code == 200
    for url in (f"{ROTA}edit/{source.pk}/", f"{ROTA}delete/{source.pk}/", f"{ROTA}new/", f"{ROTA}import/"):
        response = client.post(url, {"nom": "Piraté", "url": "https://x.fr", "nature": "presse",
                                     "centre": source.centre_id, "fichier": SimpleUploadedFile("r.csv", CSV)})
        assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/", url
    source.refresh_from_db()
    assert source.nom == "Journal officiel" and SourceVeille.objects.count() == 3


def test_the_command_imports_the_list_and_reports_bad_lines(tmp_path, contributeurs):  # noqa: F811
    from io import StringIO

    from django.core.management import CommandError, call_command

    path = tmp_path / "rota.csv"
    path.write_bytes(CSV + "Sans centre;https://example.org;presse;;;;\n".encode())
    out, err = StringIO(), StringIO()
    call_command("import_sources_veille", str(path), stdout=out, stderr=err)
    assert "Créées : 3, mises à jour : 0, lignes rejetées : 1." in out.getvalue()
    assert "Ligne 5 : Le centre manque." in err.getvalue()
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="Le fichier est vide."):
        call_command("import_sources_veille", str(path))
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("import_sources_veille", str(tmp_path / "absent.csv"))
