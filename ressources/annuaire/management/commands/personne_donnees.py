"""Data-protection requests from the command line:
`personne_donnees --export ID [--sortie FICHIER]` and `personne_donnees --effacer ID [--no-input]`."""
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ressources.annuaire.models import Personne
from ressources.annuaire.rgpd import CANAL_COMMANDE, effacer_personne, export_json


class Command(BaseCommand):
    help = "Export (JSON) or erase all the data held on one person of the directory."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--export", type=int, metavar="ID", help="Print the person's data as JSON.")
        action.add_argument("--effacer", type=int, metavar="ID", help="Erase the person's data.")
        parser.add_argument("--sortie", metavar="FICHIER", help="Write the export to this file.")
        parser.add_argument("--no-input", action="store_false", dest="interactive",
                            help="Erase without asking for confirmation.")

    def handle(self, *args, export=None, effacer=None, sortie=None, interactive=True, **options):
        if export is not None:
            self._export(self._personne(export), sortie)
        else:
            self._effacer(self._personne(effacer), interactive)

    def _personne(self, pk):
        personne = Personne.objects.select_related("acteur").filter(pk=pk).first()
        if personne is None:
            raise CommandError(_("No person has the identifier %(id)s.") % {"id": pk})
        return personne

    def _export(self, personne, sortie):
        text = export_json(personne, canal=CANAL_COMMANDE)
        if not sortie:
            self.stdout.write(text)
            return
        try:
            with open(sortie, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        except OSError as error:
            raise CommandError(_("Cannot write the file %(path)s: %(error)s") % {"path": sortie, "error": error})
        self.stderr.write(_("Data of person %(id)s written to %(path)s.") % {"id": personne.pk, "path": sortie})

    def _effacer(self, personne, interactive):
        if interactive:
            question = _("Erase every piece of data on person %(id)s (%(acteur)s)? This cannot be undone. "
                         "Type “yes” to confirm: ") % {"id": personne.pk, "acteur": personne.acteur.nom}
            if input(question).strip().lower() not in {"oui", "yes"}:
                raise CommandError(_("Nothing was erased."))
        pk = personne.pk
        effacer_personne(personne, canal=CANAL_COMMANDE)
        self.stdout.write(_("The data of person %(id)s were erased; the organisation is kept.") % {"id": pk})
