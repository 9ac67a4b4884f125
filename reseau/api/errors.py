"""Every error of the partner API has one shape, with French messages:
{"errors": {"titre": ["…"], "non_field_errors": ["…"]}}."""
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.response import Response

from .payload import PayloadErrors

NON_FIELD = "non_field_errors"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE


class Locked(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT


def messages_for(error):
    """The French message of DRF's own exceptions (its catalogue is not installed)."""
    if isinstance(error, exceptions.NotAuthenticated):
        return str(error.detail) if error.detail != error.default_detail else _("Authentication required.")
    if isinstance(error, exceptions.UnsupportedMediaType):
        return _("Unsupported content type: send application/json (multipart/form-data for files).")
    if isinstance(error, exceptions.MethodNotAllowed):
        return _("Method not allowed on this address.")
    if isinstance(error, exceptions.NotAcceptable):
        return _("This API only answers application/json.")
    if isinstance(error, (exceptions.NotFound, Http404)):
        return _("Notice not found.")
    if isinstance(error, exceptions.Throttled):
        seconds = error.wait or 1
        return ngettext("Too many requests for this API key: try again in %(seconds)d second.",
                        "Too many requests for this API key: try again in %(seconds)d seconds.",
                        seconds) % {"seconds": seconds}
    return str(getattr(error, "detail", error))


def body(messages):
    return {"errors": messages}


def handle(error, context):
    """DRF exception handler of the partner API."""
    if isinstance(error, PayloadErrors):
        return Response(body(error.errors), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(error, Http404):
        return Response(body({NON_FIELD: [messages_for(error)]}), status=status.HTTP_404_NOT_FOUND)
    if not isinstance(error, exceptions.APIException):
        return None  # a bug: Django's 500 page and error report
    headers = {}
    if isinstance(error, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
        error.status_code = status.HTTP_401_UNAUTHORIZED
    if isinstance(error, exceptions.Throttled):
        headers["Retry-After"] = str(error.wait or 1)  # seconds
    if isinstance(error, exceptions.ValidationError) and isinstance(error.detail, dict):
        return Response(body(error.detail), status=error.status_code)
    return Response(body({NON_FIELD: [messages_for(error)]}), status=error.status_code, headers=headers)
