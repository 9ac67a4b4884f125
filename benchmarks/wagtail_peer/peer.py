"""The search page's query, answered by Wagtail's own database search backend.

What a Wagtail developer would write for the documentary search on BenchNotice (models.py):
``backend.search(query, queryset)`` with the filters applied to the queryset, ``.count()`` for
the total, ``[:limit]`` for the hits and ``.facet(field)`` for every facet (the backend's facet
accepts the many-to-many FilterFields; availability, two booleans, takes two). Each call runs the
full-text match again. Facets are multi-select as on the engines: a field's own filter is left
out of its counts.

Not available in the database backend, hence not measured: highlights, synonyms (the
engines expand "QPV" to "quartiers prioritaires"), French elision and accent folding.
"""
import re
import sqlite3
import time
from functools import reduce
from operator import or_

from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Q
from modelsearch.query import And, Not, Phrase, PlainText
from wagtail.search.backends import get_search_backend
from wagtail.search import models as search_models
from wagtail.search.models import IndexEntry

from .. import synthetic
from .models import BenchNotice, Contributeur, Territoire, Theme

# facet -> (the FilterField's column given to .facet(), the vocabulary naming its ids or None)
FACET_COLUMNS = {"theme": ("themes", Theme), "territoire": ("territoires", Territoire),
                 "type": ("type_document", None), "annee": ("annee", None),
                 "contributeur": ("contributeur_id", Contributeur)}

SQLiteFTSIndexEntry = getattr(search_models, "SQLiteFTSIndexEntry", None)  # defined on SQLite only
ONLINE, ON_LOAN = "En ligne", "En prêt"
BATCH = 1000


class WagtailPeer:
    def __init__(self):
        self.backend = get_search_backend("default")
        self.labels = {}  # vocabulary model -> {id: label}, read once like the site's vocabulary cache
        self.ids = {}  # vocabulary model -> {label: id}

    @property
    def name(self):
        if connection.vendor == "postgresql":
            major, minor = divmod(connection.pg_version, 10000)
            config = self.backend.config or "default"
            return f"Wagtail database search, PostgreSQL {major}.{minor} full text ({config})"
        return f"Wagtail database search, SQLite {sqlite3.sqlite_version} FTS5"

    # Data ------------------------------------------------------------------------------------
    def clear(self):
        """Remove the benchmark's rows and their index entries (a rerun on the same database)."""
        entries = IndexEntry.objects.filter(content_type__app_label="wagtail_peer")
        with transaction.atomic():
            if SQLiteFTSIndexEntry is not None:  # SQLite: the FTS5 table's rows first
                SQLiteFTSIndexEntry.objects.filter(index_entry__in=entries.values("pk"))._raw_delete(connection.alias)
            entries._raw_delete(connection.alias)
            for model in (BenchNotice.themes.through, BenchNotice.territoires.through, BenchNotice):
                model.objects.all()._raw_delete(connection.alias)

    def load(self, documents):
        """Write the documents as BenchNotice rows (what exists before indexing); returns seconds."""
        started = time.perf_counter()
        self.vocabularies()
        batch = []
        for document in documents:
            batch.append(document)
            if len(batch) == BATCH:
                self.write(batch)
                batch = []
        if batch:
            self.write(batch)
        return time.perf_counter() - started

    def vocabularies(self):
        for model, labels in ((Theme, synthetic.THEMES), (Territoire, synthetic.TERRITORIES),
                              (Contributeur, synthetic.CONTRIBUTORS)):
            model.objects.bulk_create([model(label=label) for label in labels], ignore_conflicts=True)
        self.read_vocabularies()

    def read_vocabularies(self):
        for model in (Theme, Territoire, Contributeur):
            self.labels[model] = dict(model.objects.values_list("pk", "label"))
            self.ids[model] = {label: pk for pk, label in self.labels[model].items()}

    @transaction.atomic
    def write(self, documents):
        contributors = self.ids[Contributeur]
        notices = BenchNotice.objects.bulk_create([
            BenchNotice(
                titre=doc["titre"], sous_titre=doc["sous_titre"], auteurs=doc["auteurs"],
                mots_cles=doc["mots_cles"], sujets=doc["sujets"], resume=doc["resume"], texte=doc["texte"],
                type_document=doc["type"][0], annee=int(doc["annee"][0]),
                contributeur_id=contributors[doc["contributeur"][0]],
                en_ligne=ONLINE in doc["disponibilite"], en_pret=ON_LOAN in doc["disponibilite"],
            )
            for doc in documents
        ])
        for relation, model, key in ((BenchNotice.themes, Theme, "theme"),
                                     (BenchNotice.territoires, Territoire, "territoire")):
            through, ids = relation.through, self.ids[model]
            column = f"{model._meta.model_name}_id"
            through.objects.bulk_create([
                through(benchnotice_id=notice.pk, **{column: ids[label]})
                for notice, doc in zip(notices, documents, strict=True) for label in doc[key]
            ])

    def index(self):
        """Wagtail's own indexing of every indexed model (``manage.py update_index``); returns seconds."""
        started = time.perf_counter()
        call_command("update_index", backend_name="default", verbosity=0)
        return time.perf_counter() - started

    def analyze(self):
        """Planner statistics of the tables the queries read (autovacuum would gather them)."""
        tables = [IndexEntry._meta.db_table] + [model._meta.db_table for model in (
            BenchNotice, BenchNotice.themes.through, BenchNotice.territoires.through)]
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")

    # Queries ---------------------------------------------------------------------------------
    def search(self, text, filters, facets, limit=20):
        """(total, hit ids, {facet: [(value, count)]}) for the text, filters and facets. One value per
        filtered many-to-many field, as in the benchmark's grid: several would repeat the notices
        having more than one of them (the backend's queries take no ``.distinct()``)."""
        if not self.labels:
            self.read_vocabularies()
        query = search_query(text)
        results = self.backend.search(query, self.filtered(filters), operator="and")
        hits = [notice.pk for notice in results[:limit]]
        total = results.count()
        counts = {}
        for facet in facets:
            facet_results = results
            if facet in filters:  # multi-select: its own filter left out
                others = {name: values for name, values in filters.items() if name != facet}
                facet_results = self.backend.search(query, self.filtered(others), operator="and")
            counts[facet] = self.facet(facet_results, facet)
        return total, hits, counts

    def filtered(self, filters):
        queryset = BenchNotice.objects.all()
        for name, values in filters.items():
            queryset = queryset.filter(self.condition(name, values))
        return queryset

    def condition(self, name, values):
        """A field's values, OR-ed (the engines' semantics: OR within a field, AND across)."""
        if name == "theme":
            return Q(themes__label__in=values)
        if name == "territoire":
            return Q(territoires__label__in=values)
        if name == "type":
            return Q(type_document__in=values)
        if name == "annee":
            return Q(annee__in=[int(value) for value in values])
        if name == "contributeur":
            return Q(contributeur__in=[self.ids[Contributeur][value] for value in values])
        if name == "disponibilite":
            return reduce(or_, [Q(en_ligne=True) if value == ONLINE else Q(en_pret=True) for value in values])
        raise ValueError(name)

    def facet(self, results, name):
        """Counts through Wagtail's ``.facet()``; it gives raw column values (ids, booleans)."""
        if name == "disponibilite":  # two booleans, two facets
            return counted([(ONLINE, results.facet("en_ligne").get(True, 0)),
                            (ON_LOAN, results.facet("en_pret").get(True, 0))])
        column, model = FACET_COLUMNS[name]
        label = self.labels[model].get if model else str
        return counted((label(value), count) for value, count in results.facet(column).items() if value is not None)


def counted(pairs):
    """[(value, count)] without the empty value and zero counts, count descending then value."""
    return sorted(((value, count) for value, count in pairs if value not in (None, "") and count),
                  key=lambda pair: (-pair[1], pair[0]))


def search_query(text):
    """The engines' user syntax in Wagtail query objects: words (all required), "phrases", -exclusions."""
    words, phrases, excluded = [], [], []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', text):
        if phrase:
            phrases.append(Phrase(phrase))
        elif word.startswith("-") and len(word) > 1:
            excluded.append(Not(PlainText(word[1:])))
        else:
            words.append(word)
    parts = ([PlainText(" ".join(words), operator="and")] if words else []) + phrases + excluded
    return parts[0] if len(parts) == 1 else And(parts)
