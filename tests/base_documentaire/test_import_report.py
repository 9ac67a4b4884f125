"""Each record's outcome in the import report: created, updated, unchanged or rejected (with its
reasons), and what its document type, thèmes and territories became (mapped to an entry, or kept
as a candidate term); written as CSV by `import_notices --report` and in the admin's job report;
stored compactly (a 100,000-record report is not held in memory)."""
import csv
import io
import tracemalloc

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import translation

from base_documentaire.importers.report import Outcomes
from base_documentaire.importers.service import import_file
from base_documentaire.models import Contributeur, Notice, Territoire, Theme

from .test_import import csv_file

ROWS = (
    'R1,Diagnostic santé,,Rapport d\'étude,"Dupont, Jean",2021,Santé | QPV | Jardins partagés,Hérault | Camargue,fre,',
    "R2,,Sans titre,rapport,,2020,,,fre,",
    "R3,Guide de la participation,,Affiche,,20x3,,,fre,",
    "R4,Guide des conseils citoyens,,guide,,2019,,,fre,",
)


@pytest.fixture(autouse=True)
def french(embedded_index):
    with translation.override("fr"):
        yield


@pytest.fixture
def crpv(db):
    Theme.objects.create(nom="Santé")
    Theme.objects.create(nom="Quartiers prioritaires", synonymes="QPV")
    Territoire.objects.create(niveau="departement", code="34", nom="Hérault")
    return Contributeur.objects.create(code="crpv", nom="CRPV")


def test_each_record_says_its_outcome_and_what_its_labels_became(tmp_path, crpv):
    report = import_file(csv_file(tmp_path, *ROWS), contributeur=crpv)

    outcomes = list(report.outcomes)
    assert [(o.line, o.external_id, o.outcome) for o in outcomes] == [
        (2, "R1", "created"), (3, "R2", "rejected"), (4, "R3", "rejected"), (5, "R4", "created")]
    first = outcomes[0]
    assert first.notice_id == Notice.objects.get(external_id="R1").pk
    assert first.type_document == "Rapport d'étude"
    assert first.themes == "Santé | QPV → Quartiers prioritaires | Jardins partagés (terme candidat)"
    assert first.territoires == "Hérault | Camargue (terme candidat)"
    assert "Titre manquant" in outcomes[1].messages and outcomes[1].notice_id is None
    assert "Année invalide « 20x3 »" in outcomes[2].messages
    assert outcomes[3].type_document == "guide → Guide"

    again = import_file(csv_file(tmp_path, ROWS[0], ROWS[3].replace("2019", "2020"), name="v2.csv"), contributeur=crpv)
    assert [(o.line, o.outcome) for o in again.outcomes] == [(2, "unchanged"), (3, "updated")]


def test_the_command_writes_the_report_as_csv(tmp_path, crpv):
    destination = tmp_path / "rapport.csv"
    out = io.StringIO()
    call_command("import_notices", str(csv_file(tmp_path, *ROWS)), contributeur="crpv", report=str(destination),
                 no_progress=True, stdout=out)

    assert "Rapport des 4 enregistrements écrit dans" in out.getvalue()
    rows = list(csv.reader(io.StringIO(destination.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["ligne", "identifiant", "résultat", "notice", "type de document", "thèmes", "territoires",
                       "messages"]
    assert rows[1][:3] == ["2", "R1", "Créée"] and rows[1][6] == "Hérault | Camargue (terme candidat)"
    assert rows[2][:3] == ["3", "R2", "Rejetée"] and "Titre manquant" in rows[2][7]
    assert len(rows) == 5


def test_a_report_that_cannot_be_written_is_said_before_importing(tmp_path, crpv):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Le rapport ne peut pas être écrit"):
        call_command("import_notices", str(csv_file(tmp_path, *ROWS)), contributeur="crpv",
                     report=str(tmp_path / "absent" / "rapport.csv"), no_progress=True, stdout=io.StringIO())
    assert not Notice.objects.exists()


def test_a_dry_run_reports_no_notice_number_for_notices_it_did_not_keep(tmp_path, crpv):
    report = import_file(csv_file(tmp_path, *ROWS), contributeur=crpv, dry_run=True)
    assert [o.outcome for o in report.outcomes] == ["created", "rejected", "rejected", "created"]
    assert {o.notice_id for o in report.outcomes} == {None}


def test_the_report_of_100000_records_is_not_held_in_memory():
    outcomes = Outcomes()
    tracemalloc.start()
    try:
        for number in range(100_000):
            outcomes.add(number + 2, f"PMB-{number}", "created", number + 1,
                         mapped=[("theme", "QPV", "Quartiers prioritaires"), ("territoire", "Gard", "Gard")],
                         unknown=[("theme", "Jardins partagés")], messages=["Lien invalide ignoré."])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, f"{peak:,} bytes"
    assert len(outcomes) == 100_000
    last = None
    for last in outcomes:
        pass
    assert (last.line, last.external_id, last.notice_id) == (100_001, "PMB-99999", 100_000)
    assert last.themes == "QPV → Quartiers prioritaires | Jardins partagés (terme candidat)"


def test_the_admin_job_report_gives_each_records_labels(crpv, django_user_model):
    from reseau.contribution import import_jobs, import_views
    from reseau.contribution.models import ImportJob

    user = django_user_model.objects.create_superuser("doc", "doc@example.org", "x")
    job = ImportJob(created_by=user, contributeur=crpv, file_name="notices.csv", format="csv")
    job.file.save("notices.csv", ContentFile(("id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf\n"
                                              + "\n".join(ROWS) + "\n").encode()), save=True)
    import_jobs.run(job.pk)

    rows = {row[0]: row for row in import_views.csv_rows(ImportJob.objects.get(pk=job.pk))}
    assert rows[2][1:3] == ["Créée", "R1"]
    assert rows[2][3] == ("Type de document : Rapport d'étude ; Thèmes : Santé | QPV → Quartiers prioritaires | "
                          "Jardins partagés (terme candidat) ; Territoires : Hérault | Camargue (terme candidat)")
    assert rows[3][1] == "Rejetée" and "Titre manquant" in rows[3][3]
