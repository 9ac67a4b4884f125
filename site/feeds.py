"""The RSS writer every feed of the site uses (import as `crpv_site.feeds`): `feed_type = PlainTextRss`.

Descriptions are plain text: the HTML of abstracts and introductions is removed (tags dropped,
entities decoded) before the XML writer escapes the text once, so a feed reader shows words, never
markup, and no markup from an imported abstract reaches a reader's page. Control characters, which
XML 1.0 refuses (Django's writer raises on them: a 500), are removed from every text of the feed.
"""
import html
import re

from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import strip_tags

from .request_input import without_control_characters

BLOCK_END = re.compile(r"<\s*(?:br|/p|/li|/div|/h[1-6]|/blockquote|/tr)\b[^>]*>", re.IGNORECASE)
SPACES = re.compile(r"[ \t\r\f\v]+")
BLANK_LINES = re.compile(r"\s*\n\s*")


def plain_text(value):
    """The text of an HTML fragment (or of plain text): tags removed, entities decoded, blocks kept
    apart by a line break."""
    if value is None:
        return None
    text = html.unescape(strip_tags(BLOCK_END.sub("\n", str(value))))
    text = BLANK_LINES.sub("\n", SPACES.sub(" ", without_control_characters(text)))
    return text.strip()


def _cleaned(value):
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_cleaned(item) for item in value)
    return value


class PlainTextRss(Rss201rev2Feed):
    def __init__(self, *args, **kwargs):
        super().__init__(*[_cleaned(value) for value in args], **self._prepared(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*[_cleaned(value) for value in args], **self._prepared(kwargs))

    @staticmethod
    def _prepared(kwargs):
        prepared = {name: _cleaned(value) for name, value in kwargs.items()}
        if "description" in prepared:
            prepared["description"] = plain_text(prepared["description"])
        return prepared
