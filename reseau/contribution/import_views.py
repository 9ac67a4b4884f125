"""The admin pages of import jobs: progress then report, the report as CSV, resuming a stopped job.
A partner sees only the jobs it started; a documentalist (any user of the centre) sees them all."""
import csv

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from base_documentaire.models import Notice

from . import import_jobs
from .models import ImportJob, ImportJobLine
from .partners import partner_scope
from .tasks import run_import_job

SHOWN_LINES = 200  # per kind on the page; the CSV has them all
Kind = ImportJobLine.Kind


def visible_jobs(user):
    jobs = ImportJob.objects.select_related("contributeur", "created_by")
    if partner_scope(user) is not None:
        return jobs.filter(created_by=user)
    return jobs


def job_for(request, pk):
    if not policy_registry.get_by_type(Notice).user_has_permission(request.user, "add"):
        raise PermissionDenied
    return get_object_or_404(visible_jobs(request.user), pk=pk)


def progress(job):
    return {"status": job.status, "status_label": job.get_status_display(), "rows_done": job.rows_done,
            "rows_total": job.rows_total, "finished": job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED),
            "stalled": import_jobs.is_stalled(job)}


class JobView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "contribution/admin/import_job.html"
    header_icon = "upload"
    page_title = gettext_lazy("Import of a file")

    def dispatch(self, request, *args, pk, **kwargs):
        self.job = job_for(request, pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.job.file_name

    def get_breadcrumbs_items(self):
        from django.urls import reverse

        return self.breadcrumbs_items + [
            {"url": reverse("contribution_import"), "label": _("Import notices from a file")},
            {"url": "", "label": self.job.file_name}]

    def get_context_data(self, **kwargs):
        job = self.job
        lines = job.lines.all()
        context = super().get_context_data(**kwargs)
        context.update(
            job=job, progress=progress(job), can_resume=import_jobs.can_resume(job),
            rejected=lines.filter(kind=Kind.REJECTED)[:SHOWN_LINES],
            warnings=lines.filter(kind=Kind.WARNING)[:SHOWN_LINES],
            missing_files=lines.filter(kind=Kind.MISSING_FILE)[:SHOWN_LINES],
            unknown_terms=import_jobs.unknown_terms(job)[:SHOWN_LINES],
            notices=Notice.objects.filter(pk__in=lines.filter(kind__in=[Kind.CREATED, Kind.UPDATED])
                                          .exclude(notice_id=None).values("notice_id")[:SHOWN_LINES])
            .only("pk", "titre").order_by("titre"),
            more_notices=max(0, job.created + job.updated - SHOWN_LINES),
            more_lines=job.rejected > SHOWN_LINES)
        return context


class JobProgressView(View):
    """The job's progress as JSON, for the page's small polling script."""

    def get(self, request, pk):
        return JsonResponse(progress(job_for(request, pk)))


class Echo:
    def write(self, value):
        return value


CSV_HEADER = (gettext_lazy("line"), gettext_lazy("outcome"), gettext_lazy("identifier"),
              gettext_lazy("message"), gettext_lazy("notice"))


def csv_rows(job):
    kinds = dict(Kind.choices)
    yield [str(title) for title in CSV_HEADER]
    for line in job.lines.order_by("line", "pk").iterator(chunk_size=2000):
        yield [line.line or "", kinds.get(line.kind, line.kind), line.external_id, line.message,
               line.notice_id or ""]
    for vocabulary, label, count in import_jobs.unknown_terms(job):
        yield ["", _("Unknown term (%(vocabulary)s)") % {"vocabulary": vocabulary}, label,
               _("%(count)d occurrences, kept as a candidate term") % {"count": count}, ""]


class JobReportCSVView(View):
    """The whole report, one row a line of the file: created, updated, unchanged, rejected (with the
    reason), warnings, files not attached, then the unknown terms. UTF-8 with BOM (Excel)."""

    def get(self, request, pk):
        job = job_for(request, pk)
        writer = csv.writer(Echo())
        body = (writer.writerow(row) for row in csv_rows(job))
        response = StreamingHttpResponse(_with_bom(body), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="rapport-import-{job.pk}.csv"'
        return response


def _with_bom(rows):
    yield "\ufeff"
    yield from rows


class JobResumeView(View):
    """Run a job stopped with its worker (or failed) again: it continues after its last committed step."""

    def post(self, request, pk):
        job = job_for(request, pk)
        if not import_jobs.can_resume(job):
            raise Http404
        run_import_job.enqueue(job.pk)
        messages.success(request, _("The import was resumed: it continues after the last records saved."))
        return redirect("contribution_import_job", job.pk)
