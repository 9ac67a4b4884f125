"""`harvest_oai`'s progress bar: records read out of the source's completeListSize, on the error
stream of a terminal only; the report on the output is unchanged."""
import io

from django.core.management import call_command

from base_documentaire.models import Contributeur


class Terminal(io.StringIO):
    def isatty(self):
        return True


def harvest(url, stderr, *options):
    out = io.StringIO()
    call_command("harvest_oai", url, "--contributeur", "miroir", "--set", "contributeur:vto", *options,
                 stdout=out, stderr=stderr)
    return out.getvalue()


def test_the_bar_counts_records_out_of_the_list_size(live_oai, catalogue, embedded_index):
    Contributeur.objects.create(code="miroir", nom="Centre miroir")
    stderr = Terminal()
    output = harvest(live_oai, stderr)  # page size 3: the first page's token tells the list size
    assert "5/5" in stderr.getvalue() and "/s" in stderr.getvalue()  # 4 notices and a deleted record
    assert "Créées : 4, mises à jour : 0, inchangées : 0, supprimées : 0, rejetées : 0." in output
    assert "5/5" not in output
    quiet = Terminal()
    harvest(live_oai, quiet, "--no-progress")
    assert quiet.getvalue() == ""
