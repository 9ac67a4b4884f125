"""Send a published bulletin de veille to its subscribers from the command line (here, not through the worker)."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from veille.bulletins import sending
from veille.models import BulletinPage


class Command(BaseCommand):
    help = "Envoie un bulletin de veille publié à ses abonnés confirmés (une seule fois ; --resume reprend l'envoi)."

    def add_arguments(self, parser):
        parser.add_argument("page_id", type=int, help="identifiant de la page du bulletin")
        parser.add_argument("--resume", action="store_true",
                            help="reprend l'envoi déjà demandé : renvoie les échecs et ce qui reste en attente")

    def handle(self, *args, page_id, resume, **options):
        bulletin = BulletinPage.objects.filter(pk=page_id).first()
        if bulletin is None:
            raise CommandError(_("No bulletin de veille has the id %(id)d.") % {"id": page_id})
        envoi = bulletin.envois.first()
        if resume:
            if envoi is None:
                raise CommandError(_("This bulletin has not been sent yet: nothing to resume."))
            sending.resend_failures(envoi, background=False)
        else:
            try:
                envoi = sending.start(bulletin, background=False)
            except sending.NotLive:
                raise CommandError(_("Only a published bulletin is sent: publish it first.")) from None
            except sending.AlreadySent:
                raise CommandError(_("This bulletin has already been sent: use --resume to resend its failed "
                                     "deliveries.")) from None
        report = sending.run(envoi.pk)
        counts = envoi.counts()
        self.stdout.write(_("%(sent)d sent, %(failed)d failed, %(pending)d pending.") % counts)
        if report.failed or counts["failed"] or counts["pending"]:
            raise CommandError(_("Some deliveries failed: run the command again with --resume."))
