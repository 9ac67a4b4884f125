"""The thesaurus of thèmes as SKOS (with rdflib): the graph we export, and the concepts read back
from any SKOS graph.

A theme is a ``skos:Concept`` of one ``skos:ConceptScheme``: ``nom`` is its ``prefLabel``, each line
of ``synonymes`` an ``altLabel``, ``parent`` its ``broader`` term (``narrower`` the other way),
``associes`` its ``related`` terms, ``note`` its ``scopeNote``; themes without a broader term are
the scheme's top concepts. URIs are stable: the site's configured address
(``WAGTAILADMIN_BASE_URL``), ``/thesaurus/`` and the theme's slug, which is set once when the theme
is created and does not follow later renamings.

Reading (``read_concepts``) turns a parsed graph into plain ``Concept`` records, nothing written:
safe parsing of files is in skos_parsing.py, writing to the database in skos_import.py.
"""
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from .addresses import site_address
from .models import Theme
from .text import fold

LANGUAGE = "fr"
FORMATS = {  # --format: (rdflib serializer, media type, file extension)
    "turtle": ("turtle", "text/turtle; charset=utf-8", "ttl"),
    "xml": ("pretty-xml", "application/rdf+xml; charset=utf-8", "rdf"),
}


class SkosError(Exception):
    """A file that cannot be imported; the message is for the user, in French."""


# -- Export ---------------------------------------------------------------------------------------


def scheme_uri():
    return URIRef(f"{site_address()}/thesaurus/")


def concept_uri(slug):
    return URIRef(f"{scheme_uri()}{slug}")


def slug_of(uri):
    """The slug in one of our concept URIs, or None for any other URI."""
    prefix = str(scheme_uri())
    uri = str(uri)
    slug = uri[len(prefix):] if uri.startswith(prefix) else ""
    return slug if slug and "/" not in slug and "#" not in slug else None


def thesaurus_graph():
    """Every theme as a concept of the thesaurus' scheme (two queries)."""
    graph = Graph(bind_namespaces="core")
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)
    scheme = scheme_uri()
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    title = _("Thesaurus of %(site)s") % {"site": getattr(settings, "WAGTAIL_SITE_NAME", "")}
    graph.add((scheme, DCTERMS.title, Literal(title, lang=LANGUAGE)))
    themes = list(Theme.objects.order_by("nom").values_list("pk", "slug", "nom", "synonymes", "note", "parent_id"))
    uris = {pk: concept_uri(slug) for pk, slug, *_rest in themes}
    for pk, _slug, nom, synonymes, note, parent_id in themes:
        _add_concept(graph, scheme, uris[pk], nom, synonymes, note, uris.get(parent_id))
    related = Theme.associes.through.objects.values_list("from_theme_id", "to_theme_id")
    for first, second in related:
        graph.add((uris[first], SKOS.related, uris[second]))
    return graph


def _add_concept(graph, scheme, uri, nom, synonymes, note, broader):
    graph.add((uri, RDF.type, SKOS.Concept))
    graph.add((uri, SKOS.inScheme, scheme))
    graph.add((uri, SKOS.prefLabel, Literal(nom, lang=LANGUAGE)))
    for synonym in _lines(synonymes):
        graph.add((uri, SKOS.altLabel, Literal(synonym, lang=LANGUAGE)))
    if note.strip():
        graph.add((uri, SKOS.scopeNote, Literal(clean_note(note), lang=LANGUAGE)))
    if broader is None:
        graph.add((uri, SKOS.topConceptOf, scheme))
        graph.add((scheme, SKOS.hasTopConcept, uri))
    else:
        graph.add((uri, SKOS.broader, broader))
        graph.add((broader, SKOS.narrower, uri))


def export_thesaurus(fmt):
    """The whole thesaurus serialized: bytes in UTF-8; ``fmt`` is a key of FORMATS."""
    serializer = FORMATS[fmt][0]
    return thesaurus_graph().serialize(format=serializer, encoding="utf-8")


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# -- Reading a graph ------------------------------------------------------------------------------


@dataclass
class Concept:
    uri: str
    label: str
    synonyms: list = field(default_factory=list)
    note: str = ""
    broader: list = field(default_factory=list)  # URIs, all those the file gives
    related: list = field(default_factory=list)  # URIs, both directions of the file's links


@dataclass
class ReadResult:
    concepts: list
    warnings: list


LABEL_MAX = Theme._meta.get_field("nom").max_length


def read_concepts(graph):
    """The graph's ``skos:Concept``s as Concept records, in a fixed order (by label, then URI);
    concepts without a usable preferred label are left out with a warning."""
    subjects = sorted({s for s in graph.subjects(RDF.type, SKOS.Concept) if not isinstance(s, BNode)}, key=str)
    if not subjects:
        raise SkosError(_("The file holds no SKOS concept (no resource of type skos:Concept): nothing to import."))
    warnings, concepts = [], []
    for subject in subjects:
        concept = _concept(graph, subject, warnings)
        if concept is not None:
            concepts.append(concept)
    concepts.sort(key=lambda c: (fold(c.label), c.uri))
    return ReadResult(concepts, warnings)


def _concept(graph, subject, warnings):
    labels = list(graph.objects(subject, SKOS.prefLabel))
    label, language = _preferred(labels)
    if not label:
        warnings.append(_("Concept %(uri)s skipped: it has no preferred label (skos:prefLabel).") % {"uri": subject})
        return None
    if len(label) > LABEL_MAX:
        warnings.append(_("Concept %(uri)s skipped: its preferred label is longer than %(max)d characters.")
                        % {"uri": subject, "max": LABEL_MAX})
        return None
    wanted = {None, LANGUAGE, language}
    synonyms, seen = [], {fold(label)}
    for text in _texts(graph.objects(subject, SKOS.altLabel), wanted):
        if fold(text) not in seen and len(text) <= LABEL_MAX:
            seen.add(fold(text))
            synonyms.append(text)
    notes = _texts(graph.objects(subject, SKOS.scopeNote), wanted, clean_note) or _texts(
        graph.objects(subject, SKOS.definition), wanted, clean_note)
    return Concept(
        uri=str(subject), label=label, synonyms=synonyms, note="\n\n".join(notes),
        broader=_links(graph, subject, SKOS.broader, SKOS.narrower),
        related=_links(graph, subject, SKOS.related, SKOS.related),
    )


def _language(literal):
    language = (getattr(literal, "language", None) or "").lower()
    return language.split("-")[0] or None


def _clean(literal):
    return " ".join(str(literal).split())


def _preferred(literals):
    """(label, language): the French label, else the one without language, else the first (in a
    fixed order: by language, then text)."""
    literals = sorted((lit for lit in literals if isinstance(lit, Literal) and _clean(lit)),
                      key=lambda lit: (_language(lit) or "", str(lit)))
    for wanted in (LANGUAGE, None):
        for literal in literals:
            if _language(literal) == wanted:
                return _clean(literal), wanted
    return (_clean(literals[0]), _language(literals[0])) if literals else ("", None)


def clean_note(literal):
    """A note keeps its line breaks (a label's spaces are collapsed), as "\\n"."""
    return str(literal).replace("\r\n", "\n").strip()


def _texts(literals, languages, clean=_clean):
    """The literals in the given languages, cleaned, in a fixed order, without repeats."""
    texts = sorted({clean(lit) for lit in literals if isinstance(lit, Literal) and _language(lit) in languages})
    return [text for text in texts if text]


def _links(graph, subject, forward, backward):
    """URIs linked to the subject by ``forward``, or linking to it by ``backward`` (the inverse)."""
    targets = set(graph.objects(subject, forward)) | set(graph.subjects(backward, subject))
    return sorted(str(t) for t in targets if isinstance(t, URIRef) and t != subject)

