"""Territory labels typed by the public: autocomplete suggestions and accent-insensitive matching."""
from django.core.cache import cache
from django.db.models import Count, Max

from base_documentaire.models import Territoire
from base_documentaire.text import fold

MIN_QUERY_LENGTH = 2


def _folded_labels():
    """(folded label, label, pk) of every territory; cached until a territory is added or removed."""
    state = Territoire.objects.aggregate(count=Count("pk"), last=Max("pk"))
    key = f"infodoc:territoires:{state['count']}:{state['last']}"
    labels = cache.get(key)
    if labels is None:
        labels = [(fold(label), label, pk) for pk, label in Territoire.objects.values_list("pk", "libelle")]
        cache.set(key, labels, 3600)
    return labels


def suggestions(text, limit=10):
    """Labels containing the typed text (accents and case ignored), those starting with it first."""
    query = fold(text)
    if len(query) < MIN_QUERY_LENGTH:
        return []
    found = [(not folded.startswith(query), len(label), label) for folded, label, _ in _folded_labels()
             if query in folded]
    return [label for *_, label in sorted(found)[:limit]]


def match(text):
    """The territory whose label (or name, when only one territory bears it) is the typed text."""
    query = fold(text)
    if not query:
        return None
    labels = _folded_labels()
    exact = [pk for folded, _, pk in labels if folded == query]
    if not exact:
        # "Cergy" for "Cergy (95)": the name without the disambiguating code, when unambiguous.
        exact = [pk for folded, _, pk in labels if folded.split(" (")[0] == query]
    return Territoire.objects.get(pk=exact[0]) if len(exact) == 1 else None
