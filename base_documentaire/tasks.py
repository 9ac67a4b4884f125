"""Background work: immediate in development, run by `manage.py db_worker` in production."""
from django_tasks import task

from . import indexing


@task()
def sync_index_task(notice_ids):
    report = indexing.sync(notice_ids)
    if not report.failed:
        indexing.sync()  # the engine answers again: drain what earlier failures left behind
    return {"indexed": report.indexed, "deleted": report.deleted, "failed": report.failed}


@task()
def extract_file_text_task(fichier_id):
    from .files_service import extract_and_store

    extract_and_store(fichier_id)


@task()
def make_cover_task(fichier_id):
    from .covers import make_cover

    return make_cover(fichier_id)


@task()
def ocr_file_task(fichier_id):
    from .ocr import ocr_and_store

    return ocr_and_store(fichier_id)


@task()
def rebuild_index_task():
    return indexing.rebuild()
