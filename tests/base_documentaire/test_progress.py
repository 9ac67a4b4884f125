"""The progress bar of the long commands: on the error stream of a terminal only, never in the
output the commands print (nor in logs), and off with --no-progress or --verbosity 0."""
import io

import pytest
from django.core.management import call_command

from base_documentaire import progress
from base_documentaire.models import Notice, Territoire

from .test_import import csv_file
from .test_vocabularies import DECOUPAGE


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture(autouse=True)
def clean_index(search_index):
    return search_index


def run_import(path, stderr, *args):
    stdout = io.StringIO()
    call_command("import_notices", str(path), *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue()


ROWS = [f"P{i},Titre {i},,rapport,,2020,,,fre," for i in range(5)]


def test_import_shows_rows_rate_and_time_left_on_a_terminal(tmp_path, db):
    stderr = Terminal()
    out = run_import(csv_file(tmp_path, *ROWS), stderr, "--batch-size", "2")
    bar = stderr.getvalue()
    assert "5/5" in bar and "/s" in bar  # rows done out of the file's, rate
    assert "<" in bar  # tqdm's elapsed<left
    assert "5/5" not in out and Notice.objects.count() == 5  # the report is unchanged


@pytest.mark.parametrize("args, stream", [(("--no-progress",), Terminal), (("--verbosity", "0"), Terminal),
                                          ((), io.StringIO)])
def test_no_bar_when_asked_or_when_nobody_watches(tmp_path, db, args, stream):
    stderr = stream()
    run_import(csv_file(tmp_path, *ROWS), stderr, *args)
    assert stderr.getvalue() == ""


def test_progress_update_takes_the_count_done_so_far():
    stream = Terminal()
    with progress.Progress(stream, total=10, unit="lignes") as bar:
        bar.update(4)
        bar.update(10)
    assert "10/10" in stream.getvalue()


def test_rebuild_index_bar_counts_notices(tmp_path, db):
    run_import(csv_file(tmp_path, *ROWS), io.StringIO())
    stderr, stdout = Terminal(), io.StringIO()
    call_command("rebuild_index", "--notices-only", stdout=stdout, stderr=stderr)
    assert "5/5" in stderr.getvalue() and "5/5" not in stdout.getvalue()
    quiet = Terminal()
    call_command("rebuild_index", "--notices-only", "--no-progress", stdout=io.StringIO(), stderr=quiet)
    assert quiet.getvalue() == ""


def test_load_territoires_bar_counts_territories(db):
    stderr, stdout = Terminal(), io.StringIO()
    call_command("load_territoires", data_dir=str(DECOUPAGE), stdout=stdout, stderr=stderr)
    total = Territoire.objects.count()
    assert total and f"{total}/{total}" in stderr.getvalue() and "territoires" in stderr.getvalue()
    assert f"{total}/{total}" not in stdout.getvalue()
