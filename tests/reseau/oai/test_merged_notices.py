"""Merged notices stay merged, over OAI-PMH: the merged-away notice's identifier answers as a
deleted record, and harvesting its source again completes the notice kept (its alias) instead
of creating the duplicate again."""
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from base_documentaire.doublons import fusion
from base_documentaire.doublons.models import Doublon
from base_documentaire.models import Contributeur, Notice, NoticeAlias

from .conftest import NS, identifier, make_notice, parse_xml


def merge_into(kept, other):
    """Merge the pending pair (kept, other) into ``kept``."""
    user = get_user_model().objects.create_superuser("admin-fusion", "a@example.org", "x")
    notice_numero, candidat_numero = Doublon.ordered(kept.pk, other.pk)
    doublon = Doublon.objects.get(notice_numero=notice_numero, candidat_numero=candidat_numero,
                                  statut=Doublon.Statut.A_TRAITER)
    return fusion.merge(doublon.pk, kept.pk, user)


@pytest.mark.django_db
def test_the_merged_away_notice_answers_as_a_deleted_record(client, oai_settings, contributeurs, documentary_page):
    kept = make_notice("Diagnostic santé des quartiers", annee=2021, contributeur=contributeurs["vto"])
    other = make_notice("Diagnostic santé des quartier", annee=2021, contributeur=contributeurs["resovilles"],
                        external_id="R1")
    merge_into(kept, other)
    root = parse_xml(client.get("/oai/", {"verb": "GetRecord", "identifier": identifier(other),
                                          "metadataPrefix": "oai_dc"}))
    header = root.find(".//oai:header", NS)
    assert header.get("status") == "deleted" and root.find(".//oai:metadata", NS) is None
    listed = parse_xml(client.get("/oai/", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}))
    statuses = {element.findtext("oai:identifier", namespaces=NS): element.get("status")
                for element in listed.findall(".//oai:header", NS)}
    assert statuses == {identifier(kept): None, identifier(other): "deleted"}


def harvest(url, *options):
    out = StringIO()
    call_command("harvest_oai", url, *options, stdout=out)
    return out.getvalue()


def test_harvesting_a_merged_away_record_again_completes_the_kept_notice(live_oai, catalogue, embedded_index,
                                                                          vocabulary):
    miroir = Contributeur.objects.create(code="miroir", nom="Centre miroir")
    harvest(live_oai, "--contributeur", "miroir", "--set", "contributeur:vto")
    copy = Notice.objects.get(contributeur=miroir, external_id=identifier(catalogue["egalite"]))
    # the same guide catalogued here by another centre, without thèmes: flagged, then merged into it
    local = make_notice("Égalité femmes-hommes", annee=2021, contributeur=catalogue["emploi"].contributeur,
                        external_id="L1")
    merge_into(local, copy)
    assert NoticeAlias.objects.get().external_id == identifier(catalogue["egalite"])

    output = harvest(live_oai, "--contributeur", "miroir", "--set", "contributeur:vto")
    assert "Créées : 0, mises à jour : 0, inchangées : 4" in output  # the merge brought all it has
    assert "fusionnée dans la notice n° %d" % local.pk in output

    source = Notice.objects.get(pk=catalogue["egalite"].pk)  # the source adds a thème
    source.themes.add(vocabulary["sante"])
    source.save_revision().publish()
    output = harvest(live_oai, "--contributeur", "miroir", "--set", "contributeur:vto")
    assert "Créées : 0, mises à jour : 1, inchangées : 3" in output
    assert not Notice.objects.filter(pk=copy.pk).exists()
    assert Notice.objects.filter(contributeur=miroir).count() == 3
    local = Notice.objects.get(pk=local.pk)
    assert {theme.nom for theme in local.themes.all()} == {"Cohésion sociale", "Santé"}
    assert local.titre == "Égalité femmes-hommes" and local.contributeur == catalogue["emploi"].contributeur
