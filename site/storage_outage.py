"""A file storage outage (S3 unreachable or refusing, local disk full) gets a French message and
loses nothing: the upload is refused before any row is written, and the person is told to retry."""
import errno
import logging

from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


def is_storage_outage(error):
    from botocore.exceptions import BotoCoreError, ClientError

    if isinstance(error, (BotoCoreError, ClientError)):
        return True
    return isinstance(error, OSError) and error.errno in DISK_ERRORS


def outage_message():
    return _("The file storage is unavailable: your file was not saved and nothing else was changed. "
             "Please try again in a few minutes.")


class StorageOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_storage_outage(exception):
            return None
        logger.error("File storage unavailable on %s %s: %s", request.method, request.path, exception)
        if request.headers.get("x-requested-with") == "XMLHttpRequest" or "/multiple/" in request.path:
            # Wagtail's multiple upload reads {"success", "error_message"} from its AJAX answers.
            return JsonResponse({"success": False, "error_message": outage_message()}, status=503)
        if request.method == "POST" and request.path.startswith("/admin/"):
            messages.error(request, outage_message())
            return HttpResponseRedirect(request.get_full_path())
        return TemplateResponse(request, "503_storage.html", {"message": outage_message()}, status=503)
