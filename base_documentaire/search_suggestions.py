"""Suggestions of the public search box as the reader types (`GET /recherche/suggestions/?q=…`):
titles of notices (the engine's own suggest), thèmes, territories, and what other apps register
(the directory's acteurs), grouped and labelled.

Vocabularies are matched as the territories' admin autocomplete matches them (territory_search:
case, accents, hyphens and apostrophes ignored, synonyms and aliases included, one regular
expression per typed word), each source limited to PER_SOURCE options, and every source read by ONE
SQL statement (a UNION ALL of each source's ordered, limited query). The engine's suggest reads no
SQL. Other apps add a source with the Wagtail hook `base_documentaire_search_suggestions`: a
function returning a `Source`.
"""
import logging
from dataclasses import dataclass
from typing import Callable

from django.db import connection
from django.http import JsonResponse
from django.db.models import Case, CharField, F, IntegerField, Value, When
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET
from wagtail import hooks

from search.engines import get_engine

from .documents import notice_schema
from .models import Territoire, Theme
from .territory_search import MAX_WORDS, search_key, word_pattern

HOOK = "base_documentaire_search_suggestions"
MIN_LENGTH = 2
MAX_LENGTH = 100
PER_SOURCE = 5
COLUMNS = ("label", "detail", "key", "rank")
WORD_START = "(?:^|[\\s'’‐–.,/()«»:;-])"  # a typed word starts a word of the label (also on PostgreSQL)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Source:
    """One group of suggestions: `rows(patterns)` is a queryset of COLUMNS (matching(), below);
    `option(label, detail, key)` the option the browser gets: {"label", "detail", and "params" (the
    search page's parameters to set) or "url" (a page to open)}, or None to leave the row out."""
    kind: str
    label: str
    rows: Callable
    option: Callable


def matching(queryset, haystack, label, detail, key, patterns):
    """The rows of `queryset` whose `haystack` (an expression) contains every typed word, those whose
    label starts with the first word first, then by label; at most PER_SOURCE, as COLUMNS."""
    queryset = queryset.annotate(suggest_haystack=haystack)
    for pattern in patterns:
        queryset = queryset.filter(suggest_haystack__regex=pattern)
    queryset = queryset.annotate(suggest_label=label, suggest_detail=detail, suggest_key=key)
    starts = When(suggest_label__regex="^" + patterns[0].removeprefix(WORD_START), then=Value(0))
    return (queryset.annotate(suggest_rank=Case(starts, default=Value(1), output_field=IntegerField()))
            .order_by("suggest_rank", "suggest_label")
            .values_list("suggest_label", "suggest_detail", "suggest_key", "suggest_rank")[:PER_SOURCE])


def _themes(patterns):
    return matching(Theme.objects.all(), Concat("nom", Value(" "), "synonymes", output_field=CharField()),
                    F("nom"), Value("", output_field=CharField()), F("nom"), patterns)


def _territories(patterns):
    return matching(Territoire.objects.all(), Concat("libelle", Value(" "), "synonymes", output_field=CharField()),
                    F("libelle"), F("niveau"), F("libelle"), patterns)


def _territory_option(label, level, key):
    return {"label": label, "detail": str(Territoire.Niveau(level).label) if level in Territoire.Niveau.values else "",
            "params": {"territoire": key}}


SOURCES = (
    Source("theme", _("Themes"), _themes, lambda label, detail, key: {"label": label, "detail": "",
                                                                        "params": {"theme": key}}),
    Source("territoire", _("Territories"), _territories, _territory_option),
)


class _NoSynonyms:
    def synonym_groups(self):  # the suggest needs the index's name, not the thesaurus (no query)
        return ()


def suggestions(text):
    """The groups of suggestions for a typed text (none under MIN_LENGTH characters)."""
    text = " ".join(text.split())[:MAX_LENGTH]
    words = search_key(text).split()[:MAX_WORDS]
    if len(text) < MIN_LENGTH or not words:
        return []
    groups = [_titles(text)]
    sources = [*SOURCES, *(register() for register in hooks.get_hooks(HOOK))]
    rows = _rows(sources, [WORD_START + word_pattern(word) for word in words])
    for index, source in enumerate(sources):
        options = [source.option(label, detail, key) for kind, label, detail, key, _rank in rows if kind == index]
        options = [option for option in options if option]  # a source may drop a row (None)
        groups.append({"kind": source.kind, "label": str(source.label), "options": options})
    return [group for group in groups if group["options"]]


def _titles(text):
    try:
        titles = get_engine().suggest(notice_schema(_NoSynonyms()), text, "titre", PER_SOURCE)
    except Exception:  # the suggestions are a bonus: the vocabularies still come without the engine
        logger.warning("The engine's suggest failed for %r", text, exc_info=True)
        titles = []
    return {"kind": "titre", "label": str(_("Notice titles")),
            "options": [{"label": title, "detail": "", "params": {"q": title}} for title in titles]}


def _rows(sources, patterns):
    """Every source's rows in one statement: (source index, label, detail, key, rank)."""
    parts, params = [], []
    for index, source in enumerate(sources):
        sql, part_params = source.rows(patterns).query.sql_with_params()
        parts.append(f"SELECT {index} AS suggest_source, s{index}.* FROM ({sql}) s{index}")
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


@require_GET
def suggestions_view(request):
    """JSON for the search box: {"groups": [{"kind", "label", "options": [...]}], "status": "3 suggestions"}."""
    groups = suggestions(request.GET.get("q", ""))
    count = sum(len(group["options"]) for group in groups)
    response = JsonResponse({"groups": groups, "status": ngettext(
        "%(count)d suggestion", "%(count)d suggestions", count) % {"count": count}},
        json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    return response
