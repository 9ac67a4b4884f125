"""Background work of partner contributions: run by `manage.py db_worker` in production."""
from django_tasks import task

from . import import_jobs


@task()
def run_import_job(job_id):
    """Import (or resume) an admin import job; its row tells the progress and the outcome."""
    import_jobs.run(job_id)
    return {"job": job_id}
