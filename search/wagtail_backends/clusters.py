"""What Wagtail's OpenSearch and Elasticsearch backends share here: the notices' French analysis.

Wagtail maps page text fields without naming an analyser, so the index's ``default`` analyser
(mappings.page_index_settings) applies to them; autocomplete n-grams are folded like the notices'
suggestions and searched with the same folding instead of Wagtail's "standard" analyser.
A page saved while its index does not exist creates it as ``update_index`` would (settings and
every model's mapping), never letting the cluster create it without our analysis.
"""
from functools import lru_cache

from modelsearch.index import get_indexed_models

from ..engines import mappings

AUTOCOMPLETE_ANALYSERS = {
    "analyzer": mappings.PAGE_AUTOCOMPLETE_ANALYZER,
    "search_analyzer": mappings.PAGE_AUTOCOMPLETE_SEARCH_ANALYZER,
}


def french_backend(backend_class, params):
    """An instance of Wagtail's ``backend_class`` whose indices analyse French."""
    params = {**params, "INDEX_SETTINGS": mappings.page_index_settings()}
    return french_backend_class(backend_class)(params)


@lru_cache(maxsize=None)
def french_backend_class(backend_class):
    mapping = subclass(backend_class.mapping_class, edgengram_analyzer_config=AUTOCOMPLETE_ANALYSERS)
    return subclass(
        backend_class,
        mapping_class=mapping,
        index_class=subclass(backend_class.index_class, CreatedOnFirstWrite),
        query_compiler_class=subclass(backend_class.query_compiler_class, mapping_class=mapping),
        autocomplete_query_compiler_class=subclass(backend_class.autocomplete_query_compiler_class,
                                                   mapping_class=mapping),
    )


def subclass(base, mixin=None, **attributes):
    bases = (mixin, base) if mixin else (base,)
    return type(f"French{base.__name__}", bases, attributes)


class CreatedOnFirstWrite:
    def exists(self):
        return bool(self.es.indices.exists(index=self.name))  # keyword-only in both 8.x/3.x clients

    def add_item(self, item):
        self.ensure_exists()
        super().add_item(item)

    def add_items(self, model, items):
        self.ensure_exists()
        super().add_items(model, items)

    def ensure_exists(self):
        if self.exists():
            return
        try:
            self.put()
        except Exception:
            if not self.exists():  # else another process created it in the meantime
                raise
            return
        for model in get_indexed_models():
            if self.backend.get_index_for_model(model).name == self.name:
                self.add_model(model)
