"""Load (or refresh) the demo content and the demo admin account. Safe to run twice."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from base_documentaire import demo as documentaire_demo
from home import accessibility_demo, demo, editorial_demo
from infodoc import demo as infodoc_demo
from reseau.contribution import demo as contribution_demo
from statistiques import demo as statistiques_demo


class Command(BaseCommand):
    help = "Charge le contenu de démonstration et le compte administrateur (relançable sans risque)."

    def add_arguments(self, parser):
        parser.add_argument("--admin-username", default="admin")
        parser.add_argument("--admin-password", default="changeme")
        parser.add_argument("--admin-email", default="admin@example.org")

    def handle(self, *args, admin_username, admin_password, admin_email, **options):
        home = demo.load()
        documentaire_demo.load(home)
        editorial_demo.load(home)
        infodoc_demo.load(home)
        accessibility_demo.link_service_pages(home)
        contribution_demo.load()
        statistiques_demo.load()
        created = self._ensure_admin(admin_username, admin_password, admin_email)
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration chargé."))
        if created:
            self.stdout.write(f"Compte administrateur créé : {admin_username} / {admin_password}")
        else:
            self.stdout.write(f"Compte administrateur existant conservé : {admin_username}")
        self.stdout.write(f"Compte partenaire (RésO Villes) : {contribution_demo.USERNAME} / {contribution_demo.PASSWORD}")

    @staticmethod
    def _ensure_admin(username, password, email):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            return False
        User.objects.create_superuser(username=username, email=email, password=password)
        return True
