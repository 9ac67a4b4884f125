"""JSON bodies read with a size limit (DRF reads the stream without Django's limit) and a nesting
limit checked before parsing (100,000 "[" made the JSON decoder raise RecursionError: a 500)."""
import json
import re
from itertools import accumulate

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

from .errors import PayloadTooLarge

DEFAULT_MAX_JSON_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 10  # a notice needs 3: the object, its list of authors, an author
STRINGS = re.compile(rb'"(?:[^"\\]++|\\.)*+"')  # JSON strings: brackets inside them do not count
NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
STEPS = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def max_json_bytes():
    return getattr(settings, "PARTNER_API_MAX_JSON_BYTES", DEFAULT_MAX_JSON_BYTES)


def too_large(limit):
    return PayloadTooLarge(_("Request body too large (at most %(size)s bytes).") % {"size": f"{limit:,}"})


def nested_too_deep(data, limit=MAX_JSON_DEPTH):
    """Whether arrays and objects nest deeper than `limit` in this JSON text (bytes): its brackets
    outside strings, counted in one pass."""
    brackets = STRINGS.sub(b"", data).translate(None, NOT_BRACKETS)
    return max(accumulate(STEPS[byte] for byte in brackets), default=0) > limit


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = max_json_bytes()
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise too_large(limit)
        if nested_too_deep(data):
            raise exceptions.ParseError(_("The JSON body nests arrays and objects too deeply (at most %(max)d "
                                          "levels).") % {"max": MAX_JSON_DEPTH})
        try:
            return json.loads(data.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise exceptions.ParseError(_("The body is not UTF-8 text.")) from error
        except ValueError as error:
            raise exceptions.ParseError(_("Malformed JSON: %(error)s") % {"error": error}) from error
