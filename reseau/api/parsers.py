"""JSON bodies read with a size limit (DRF reads the stream without Django's limit)."""
import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

from .errors import PayloadTooLarge

DEFAULT_MAX_JSON_BYTES = 1024 * 1024


def max_json_bytes():
    return getattr(settings, "PARTNER_API_MAX_JSON_BYTES", DEFAULT_MAX_JSON_BYTES)


def too_large(limit):
    return PayloadTooLarge(_("Request body too large (at most %(size)s bytes).") % {"size": f"{limit:,}"})


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = max_json_bytes()
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise too_large(limit)
        try:
            return json.loads(data.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise exceptions.ParseError(_("The body is not UTF-8 text.")) from error
        except ValueError as error:
            raise exceptions.ParseError(_("Malformed JSON: %(error)s") % {"error": error}) from error
