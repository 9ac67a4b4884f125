"""Personal data: anonymisation keeps the statistics and removes identities; a requester's export."""
import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from infodoc import rgpd, seed_figures, stats
from infodoc.models import DemandeInfoDoc, NoteInterne, Reponse
from infodoc.models.demandes import ANONYMISED_TEXT

from .conftest import make_demande


def months_ago(months):
    return timezone.now() - datetime.timedelta(days=months * 31)


@pytest.fixture
def old_and_recent(territories, team_member):
    old = make_demande(territories["Cergy (95)"], recue_le=months_ago(40), email="ancien@example.org",
                       telephone="01 30 00 00 00", question="Mme Martin, adjointe, cherche des intervenants.")
    old.themes.set([_theme("Jeunesse")])
    NoteInterne.objects.create(demande=old, auteur=team_member, texte="Appelé Mme Martin au 06…", minutes=30)
    Reponse.objects.create(demande=old, corps="Bonjour Madame Martin", message="Bonjour Madame Martin",
                           destinataire="ancien@example.org", envoyee_le=old.recue_le)
    recent = make_demande(territories["Paris"], recue_le=months_ago(2), email="recent@example.org")
    return old, recent


def _theme(name):
    from base_documentaire.models import Theme

    return Theme.objects.get_or_create(nom=name)[0]


def test_anonymisation_keeps_statistics_and_removes_identities(old_and_recent, infodoc_settings):
    old, recent = old_and_recent
    before = stats.rapport_annuel(old.annee, [t.pk for t in seed_figures.centre_territories()])
    call_command("anonymiser_demandes")
    old.refresh_from_db()
    assert old.anonymisee and old.anonymisee_le
    assert (old.nom, old.organisation, old.email, old.telephone, old.question) == (
        ANONYMISED_TEXT, ANONYMISED_TEXT, "", "", ANONYMISED_TEXT)
    assert "Martin" not in old.notes.get().texte and old.notes.get().minutes == 30
    assert "Martin" not in Reponse.objects.get().message and Reponse.objects.get().destinataire == ""
    assert (old.type_structure, old.territoire.libelle, list(old.themes.values_list("nom", flat=True))) == (
        "ville", "Cergy (95)", ["Jeunesse"])
    after = stats.rapport_annuel(old.annee, [t.pk for t in seed_figures.centre_territories()])
    assert (after.total, after.types, after.themes, after.territoires) == (
        before.total, before.types, before.themes, before.territoires)
    recent.refresh_from_db()
    assert not recent.anonymisee and recent.email == "recent@example.org"


def test_dry_run_changes_nothing(old_and_recent, capsys):
    call_command("anonymiser_demandes", "--dry-run")
    assert "1 demande(s)" in capsys.readouterr().out
    assert not DemandeInfoDoc.objects.filter(anonymisee=True).exists()


def test_retention_period_comes_from_the_settings(old_and_recent, infodoc_settings):
    infodoc_settings.duree_conservation_mois = 48
    infodoc_settings.save()
    call_command("anonymiser_demandes")
    assert not DemandeInfoDoc.objects.filter(anonymisee=True).exists()


def test_admin_button_anonymises_after_confirmation(client, team_member, old_and_recent):
    client.force_login(team_member)
    url = reverse("wagtailsnippets_infodoc_demandeinfodoc:anonymiser")
    assert "1 demande" in client.get(url).content.decode() or "1 request" in client.get(url).content.decode()
    client.post(url)
    assert DemandeInfoDoc.objects.filter(anonymisee=True).count() == 1


def test_export_of_one_requester(old_and_recent, territories, tmp_path):
    old, _ = old_and_recent
    make_demande(territories["Paris"], email="ANCIEN@example.org", question="Une seconde question du même demandeur.")
    output = tmp_path / "export.json"
    call_command("exporter_demandeur", "ancien@example.org", "-o", str(output))
    data = json.loads(output.read_text(encoding="utf-8"))
    assert [item["reference"] for item in data["demandes"]][0] == old.reference
    assert len(data["demandes"]) == 2
    first = data["demandes"][0]
    assert first["telephone"] == "01 30 00 00 00" and first["notes_internes"][0]["minutes"] == 30
    assert first["reponses"][0]["message"] == "Bonjour Madame Martin"


def test_admin_export_downloads_json(client, team_member, old_and_recent):
    _, recent = old_and_recent
    client.force_login(team_member)
    response = client.get(reverse("wagtailsnippets_infodoc_demandeinfodoc:exporter", args=[recent.pk]))
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["demandes"][0]["email"] == "recent@example.org"


def test_retention_limit_counts_calendar_months():
    now = timezone.make_aware(datetime.datetime(2026, 3, 31, 12))
    assert rgpd.retention_limit(1, now).date() == datetime.date(2026, 2, 28)
    assert rgpd.retention_limit(36, now).date() == datetime.date(2023, 3, 31)
