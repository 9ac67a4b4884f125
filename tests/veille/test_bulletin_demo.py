"""The demo content has a bulletins archive with one published bulletin of demo notices; loading it
again changes nothing."""
from django.core.management import call_command
from django.test import Client

from veille.models import BulletinIndexPage, BulletinPage


def test_demo_bulletin(db, settings):
    settings.ALLOWED_HOSTS = ["*"]
    call_command("load_demo", stdout=open("/dev/null", "w"))
    call_command("load_demo", stdout=open("/dev/null", "w"))
    archive = BulletinIndexPage.objects.live().get()
    bulletin = BulletinPage.objects.live().get()
    assert bulletin.get_parent().pk == archive.pk
    page = Client().get(bulletin.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "À lire en priorité" in html and "/notices/" in html
    assert Client().get(archive.url + "flux/").status_code == 200
