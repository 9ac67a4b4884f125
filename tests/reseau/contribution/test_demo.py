"""The run command's demo has a partner account and a notice of its centre awaiting validation."""
from django.core.management import call_command

from base_documentaire.models import Notice
from reseau.contribution import demo, status
from reseau.contribution.models import ComptePartenaire

from .conftest import ADMIN, logged_in


def test_load_demo_creates_a_partner_and_a_notice_awaiting_validation_once(db, django_user_model):
    call_command("load_demo")
    call_command("load_demo")
    partner = django_user_model.objects.get(username=demo.USERNAME)
    assert partner.check_password(demo.PASSWORD) and not partner.is_superuser
    assert ComptePartenaire.objects.get(user=partner).contributeur.code == "resovilles"
    (pending,) = Notice.objects.filter(external_id="demo-partenaire-1")
    assert not pending.live and status.status_of(pending).code == status.SUBMITTED
    assert [theme.nom for theme in pending.themes.order_by("nom")] == ["Ingénierie, évaluation et observation",
                                                                      "Numérique"]
    listing = logged_in(partner).get(ADMIN).content.decode()
    assert "Big data et quartiers" in listing and "Gestion urbaine de proximité" in listing  # RésO Villes
    assert "Transition alimentaire et quartiers" not in listing  # a notice of Villes et Territoires Occitanie
