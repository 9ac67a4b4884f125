"""Send the e-mail alerts that are due (run it hourly: cron, or the worker loop of `--schedule`)."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from veille import tasks
from veille.alerts.digests import send_alerts


class Command(BaseCommand):
    help = "Envoie aux alertes confirmées les nouvelles notices de leur recherche, selon leur fréquence."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true",
                            help="chaque alerte confirmée reçoit maintenant ses nouveautés, quelle que soit sa fréquence")
        parser.add_argument("--schedule", action="store_true",
                            help="confie les envois au worker des tâches (db_worker), chaque heure, au lieu d'envoyer ici")

    def handle(self, *args, **options):
        if options["schedule"]:
            self.stdout.write(tasks.schedule_next_run(first=True))
            return
        report = send_alerts(everything=options["now"])
        self.stdout.write(summary(report))
        if report.failed_searches or report.mail_errors:
            raise CommandError(_("Some alerts could not be sent and wait for the next run (see the log)."))


def summary(report):
    return _("%(due)d alerts due, %(searches)d distinct searches (%(queries)d engine queries): %(digests)d e-mails "
             "sent (%(notices)d notices), %(quiet)d without anything new, %(postponed)d postponed; "
             "%(forgotten)d unconfirmed requests deleted.") % {
        "due": report.due, "searches": report.searches, "queries": report.engine_queries,
        "digests": report.digests, "notices": report.notices_sent, "quiet": report.nothing_new,
        "postponed": report.postponed, "forgotten": report.forgotten_requests}
