from django.core.management import call_command
from wagtail.models import Page

from home.models import HomePage, SiteSettings, StandardPage


def test_load_demo_twice_is_harmless_and_keeps_editors_changes(db):
    call_command("load_demo", stdout=None)
    page = StandardPage.objects.get(slug="le-centre")
    page.title = "Qui sommes-nous ?"
    page.save_revision().publish()
    pages_before = Page.objects.count()

    call_command("load_demo")

    assert Page.objects.count() == pages_before
    assert HomePage.objects.count() == 1
    assert StandardPage.objects.get(slug="le-centre").title == "Qui sommes-nous ?"


def test_load_demo_creates_admin_and_site_settings(db, django_user_model):
    call_command("load_demo")
    admin = django_user_model.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("changeme")
    home = HomePage.objects.get()
    assert home.get_site().is_default_site
    assert SiteSettings.for_site(home.get_site()).organisation_name


def test_load_demo_includes_the_info_doc_service(db):
    from infodoc.models import DemandeInfoDoc, DemandeInfoDocPage, QuestionReponse, QuestionsReponsesPage

    call_command("load_demo")
    call_command("load_demo")  # idempotent: no second set of pages or requests
    assert DemandeInfoDocPage.objects.live().get().url == "/service-info-doc/demande-info-doc/"
    assert QuestionsReponsesPage.objects.live().get().url == "/service-info-doc/questions-reponses/"
    assert DemandeInfoDoc.objects.filter(annee=2023).count() == 112
    assert QuestionReponse.objects.filter(live=True).exists()
