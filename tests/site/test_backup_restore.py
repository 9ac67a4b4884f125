"""backup_site / restore_site: a site saved (database, files, counts) and restored into a new
database and storage, its search indices rebuilt, every count checked; bad cases refused in French
with nothing changed. On SQLite with local files (the embedded default) and on the production
stack (PostgreSQL, MinIO, OpenSearch, production settings)."""
import json
import os
import secrets
import sqlite3
import subprocess
import sys

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from base_documentaire.models import Notice
from tests import services
from tests.base_documentaire.conftest import make_notice, stored_pdf

ROOT = services.ROOT
SERIALIZED = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def manage(*arguments, env):
    return subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


def site_content():
    """Two published notices, one with a PDF in the storage, and a draft."""
    report = make_notice("Rapport sur la rénovation urbaine à Garges-lès-Gonesse", annee=2021)
    report.fichiers.create(fichier=stored_pdf("renovation.pdf"))
    make_notice("Guide de la participation des habitants", annee=2020)
    make_notice("Brouillon jamais publié", publish=False)
    return report


def clean_env(**values):
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("AWS_", "OPENSEARCH", "ELASTICSEARCH", "DATABASE_URL", "CACHE_URL", "SEARCH_"))}
    return {**env, **values}


CONTENT = """
from django.core.files.base import ContentFile
from tests.base_documentaire.conftest import make_notice
from base_documentaire.models import Fichier
report = make_notice("Rapport sur la rénovation urbaine à Garges-lès-Gonesse", annee=2021)
fichier = Fichier(title="renovation.pdf")
fichier.file.save("renovation.pdf", ContentFile(b"%PDF-1.4 renovation"), save=True)
report.fichiers.create(fichier=fichier)
make_notice("Guide de la participation des habitants", annee=2020)
make_notice("Brouillon jamais publié", publish=False)
"""


def test_embedded_default_site_restored_into_a_new_folder_with_files_and_index(tmp_path):
    """SQLite, local files, the embedded engine: the site scripts/run.sh starts, whatever database
    the suite runs on (every step in its own process, as an operator runs them)."""
    site = clean_env(DJANGO_SETTINGS_MODULE="crpv_site.settings.dev", CRPV_VAR_DIR=str(tmp_path / "site"))
    for step in (("migrate", "-v0"), ("shell", "-c", CONTENT), ("backup_site", str(tmp_path / "backup"))):
        result = manage(*step, env=site)
        assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["tables"]["base_documentaire.Notice"] == 3 and manifest["files"]["count"] == 1

    restored = clean_env(DJANGO_SETTINGS_MODULE="crpv_site.settings.dev", CRPV_VAR_DIR=str(tmp_path / "restored"))
    result = manage("restore_site", str(tmp_path / "backup"), env=restored)
    assert result.returncode == 0, result.stderr
    assert "Restauré et vérifié" in result.stdout
    with sqlite3.connect(tmp_path / "restored" / "db.sqlite3") as database:
        titles = {row[0] for row in database.execute("SELECT titre FROM base_documentaire_notice")}
    assert "Guide de la participation des habitants" in titles and len(titles) == 3
    [pdf] = (tmp_path / "restored" / "media").rglob("renovation*.pdf")
    assert pdf.read_bytes() == b"%PDF-1.4 renovation"
    found = manage("shell", "-c", "from django.http import QueryDict; from base_documentaire import search_service; "
                   "print(search_service.run(search_service.parse(QueryDict('q=participation'))).total)",
                   env=restored)
    assert found.stdout.strip().splitlines()[-1] == "1", found.stderr


@SERIALIZED
def test_restore_refuses_a_database_that_holds_a_site_and_changes_nothing(tmp_path):
    site_content()
    call_command("backup_site", str(tmp_path / "backup"), stdout=open(os.devnull, "w"))
    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command("restore_site", str(tmp_path / "backup"))
    assert Notice.objects.count() == 3


def test_bad_backup_folders_are_refused_in_french(tmp_path, db):
    with pytest.raises(CommandError, match="Aucune sauvegarde lisible"):
        call_command("restore_site", str(tmp_path / "nothing"))
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("déjà là")
    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command("backup_site", str(tmp_path / "full"))
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "manifest.json").write_text("{pas du json")
    with pytest.raises(CommandError, match="Aucune sauvegarde lisible"):
        call_command("restore_site", str(tmp_path / "broken"))


class FreshPostgres:
    """A new, empty database on the suite's PostgreSQL server, dropped afterwards."""

    def __init__(self):
        self.settings = connection.settings_dict
        self.name = f"crpv_restore_{secrets.token_hex(4)}"
        with self.admin() as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')

    def admin(self):
        return psycopg.connect(host=self.settings["HOST"], port=self.settings["PORT"], user=self.settings["USER"],
                               password=self.settings["PASSWORD"], dbname="postgres", autocommit=True)

    def url(self):
        s = self.settings
        return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{self.name}"

    def count(self, table):
        with psycopg.connect(self.url()) as restored:
            return restored.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def drop(self):
        with self.admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.mark.services
@SERIALIZED
def test_production_site_restored_into_a_new_database_bucket_and_index(tmp_path, settings):
    client = services.ensure_bucket()
    settings.STORAGES = services.s3_storages_setting()
    report = site_content()
    call_command("backup_site", str(tmp_path / "backup"), stdout=open(os.devnull, "w"))
    source_keys = {item["Key"] for item in client.list_objects_v2(
        Bucket=os.environ["AWS_STORAGE_BUCKET_NAME"]).get("Contents", [])}

    database, bucket, prefix = FreshPostgres(), f"crpv-restore-{secrets.token_hex(4)}", f"restore{secrets.token_hex(3)}"
    client.create_bucket(Bucket=bucket)
    engine = services.cluster_engine_instance("opensearch", prefix=prefix)
    try:
        env = clean_env(
            DJANGO_SETTINGS_MODULE="crpv_site.settings.production", SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="localhost", DATABASE_URL=database.url(), CRPV_VAR_DIR=str(tmp_path / "var"),
            OPENSEARCH_URL=os.environ["OPENSEARCH_URL"], SEARCH_INDEX_PREFIX=prefix,
            **{name: value for name, value in os.environ.items() if name.startswith("AWS_")},
        )
        env["AWS_STORAGE_BUCKET_NAME"] = bucket
        result = manage("restore_site", str(tmp_path / "backup"), env=env)
        assert result.returncode == 0, result.stderr
        assert "Restauré et vérifié" in result.stdout

        assert database.count("base_documentaire_notice") == 3
        restored_keys = {item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])}
        assert restored_keys == source_keys and any("renovation" in key for key in restored_keys)
        from base_documentaire.documents import notice_schema
        from search.engines.base import SearchQuery
        hits = engine.search(notice_schema(), SearchQuery(text="rénovation Garges")).hits
        assert [hit.id for hit in hits] == [str(report.pk)]
    finally:
        database.drop()
        for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
            client.delete_object(Bucket=bucket, Key=item["Key"])
        client.delete_bucket(Bucket=bucket)
        engine.client.indices.delete(index=f"{prefix}*", allow_no_indices=True)
