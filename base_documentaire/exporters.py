"""Exports of notices for reference managers and spreadsheets: RIS, BibTeX, CSL-JSON and CSV
(UNIMARC: unimarc_export.py).

Each format has an `iter_*` generator yielding text chunks (one per notice, for streaming
large result lists). A queryset is read by chunks with everything prefetched; a list of notices
is used as it is. Each record carries the notice's permalink and its public files' absolute
addresses, built from the site's configured address (addresses.py).

The CSV has the import's columns, so an exported file imports back (see
`base_documentaire.importers.csv_format`): cells starting with = + - @ are protected with a
quote for spreadsheets, and the import removes that quote.
"""
import csv
import io
import json
import re
from functools import lru_cache

from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import gettext

from . import addresses, document_types, unimarc_export
from .importers.csv_format import COLUMNS, FORMULA_PREFIXES, OPTIONAL_COLUMNS
from .models import NoticeFichier
from .models.notices import LANGUAGE_TAGS, Langue, NoticeAuteur
from .text import fold

CHUNK_SIZE = 500
PERSONNE = NoticeAuteur.Nature.PERSONNE
COLLECTIVITE = NoticeAuteur.Nature.COLLECTIVITE

BIBTEX_LANGUAGES = {Langue.FRANCAIS: "french", Langue.ANGLAIS: "english", Langue.ALLEMAND: "german",
                    Langue.ESPAGNOL: "spanish", Langue.ITALIEN: "italian"}
# CSL types whose series is the container (the journal of an article, the proceedings of a paper).
CONTAINER_CSL_TYPES = {"article-journal", "article-magazine", "article-newspaper", "paper-conference", "chapter"}


# -- reading the notices ---------------------------------------------------------------------

def with_relations(notices, include_private=False):
    """Notices with their authors, links, vocabularies and files, read by chunks."""
    if not isinstance(notices, QuerySet):
        yield from notices
        return
    files = NoticeFichier.objects.select_related("fichier")
    if not include_private:
        files = files.filter(fichier__prive=False)
    queryset = notices.select_related("contributeur").prefetch_related(
        "auteurs", "liens", "themes", "territoires", "mots_cles", Prefetch("fichiers", queryset=files))
    yield from queryset.iterator(chunk_size=CHUNK_SIZE)


def _authors(notice):
    """[(name, nature, role)] in their order."""
    return [(author.nom, author.nature, author.role) for author in notice.auteurs.all()]


@lru_cache(maxsize=1)
def _roles():
    """Folded role names meaning editor / translator (what the RIS import writes, in French)."""
    with translation.override("fr"):
        editor, translator = fold(gettext("editor")), fold(gettext("translator"))
    return ({editor, "editor", "ed.", "dir.", "directeur de publication", "directrice de publication"},
            {translator, "translator", "trad.", "traducteur", "traductrice"})


def _is_editor(role):
    return bool(role) and fold(role) in _roles()[0]


def _is_translator(role):
    return bool(role) and fold(role) in _roles()[1]


def _split_person(name):
    family, _, given = name.partition(",")
    return family.strip(), given.strip()


def _main_url(notice, page):
    """A citation's one URL: the document's own link, else the notice's permalink."""
    return next((link.url for link in notice.liens.all()), "") or addresses.permalink(notice, page)


def _subjects(notice):
    return ([theme.nom for theme in notice.themes.all()], [territory.libelle for territory in notice.territoires.all()],
            [tag.name for tag in notice.mots_cles.all()])


def _identifier(notice):
    return notice.external_id or f"notice-{notice.pk}"


def _one_line(value):
    return " ".join((value or "").split())


def _type_label(notice):
    with translation.override("fr"):
        return str(notice.get_type_document_display())


# -- RIS ---------------------------------------------------------------------------------------

def iter_ris(notices, include_private=False):
    """One RIS record per notice (CRLF lines, as Zotero writes them)."""
    page = addresses.documentary_page()
    for notice in with_relations(notices, include_private):
        yield _ris_record(notice, include_private, page)


def _ris_record(notice, include_private=False, page=None):
    lines = []

    def add(tag, value):
        value = _one_line(str(value) if value is not None else "")
        if value:
            lines.append(f"{tag}  - {value}")

    ris_type = document_types.mapping(notice.type_document_id, "ris_type", "GEN")
    add("TY", ris_type)
    add("ID", _identifier(notice))
    add("TI", f"{notice.titre} : {notice.sous_titre}" if notice.sous_titre else notice.titre)
    add("M3", _type_label(notice))
    for name, nature, role in _authors(notice):
        if _is_editor(role):
            add("A3" if ris_type == "BOOK" else "A2", name)
        elif _is_translator(role):
            add("A4", name)
        else:
            add("AU", name)
    add("T2", notice.collection)
    add("PY", notice.annee)
    if notice.date_publication:
        add("DA", notice.date_publication.strftime("%Y/%m/%d/"))
    add("AB", notice.resume)
    themes, territories, tags = _subjects(notice)
    for keyword in themes + territories + tags:
        add("KW", keyword)
    add("PB", notice.editeur)
    add("CY", notice.lieu_edition)
    add("ET", notice.edition)
    add("SN", notice.isbn)
    add("SN", notice.issn)
    pages = re.fullmatch(r"\s*(\d+)\s*p\.?\s*", notice.collation or "")
    span = re.fullmatch(r"\s*p\.\s*(\d+)\s*-\s*(\d+)\s*", notice.collation or "")
    if pages:
        add("SP", pages.group(1))
    elif span:
        add("SP", span.group(1))
        add("EP", span.group(2))
    add("UR", addresses.permalink(notice, page))  # the RIS import leaves this site's permalinks out
    for link in notice.liens.all():
        add("UR", link.url)
    for url, _name in addresses.files(notice, include_private):
        add("L1", url)
    add("LA", LANGUAGE_TAGS.get(notice.langue, ""))
    add("N1", notice.note_publique)
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n\r\n"


# -- BibTeX ------------------------------------------------------------------------------------

LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}
LATEX_PATTERN = re.compile("|".join(re.escape(char) for char in LATEX_SPECIALS))


def latex_escape(value):
    """Text safe inside a braced BibTeX value: LaTeX specials escaped, braces balanced by escaping."""
    return LATEX_PATTERN.sub(lambda match: LATEX_SPECIALS[match.group(0)], _one_line(value))


def citation_key(notice, taken):
    """author-or-title + year + first title word, ASCII, unique within `taken` (which it updates)."""
    authors = _authors(notice)
    if authors:
        name, nature, _role = authors[0]
        head = _split_person(name)[0] if nature == PERSONNE else name
    else:
        head = notice.titre
    words = [word for word in re.findall(r"[a-z0-9]+", fold(notice.titre)) if len(word) > 3]
    base = "".join(re.findall(r"[a-z0-9]+", fold(head)))[:20] or "notice"
    base = base.capitalize() + str(notice.annee or "") + (words[0].capitalize() if words else "")
    key, suffix = base, 0
    while key in taken:
        suffix += 1
        key = base + _letters(suffix)
    taken.add(key)
    return key


def _letters(number):
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(97 + rest) + letters
    return letters


def _bibtex_name(name, nature):
    if nature == COLLECTIVITE:
        return "{" + latex_escape(name) + "}"  # braces: an organisation is not "Last, First"
    return latex_escape(name)


def iter_bibtex(notices, include_private=False):
    taken = set()
    page = addresses.documentary_page()
    for notice in with_relations(notices, include_private):
        yield _bibtex_entry(notice, citation_key(notice, taken), page)


def _bibtex_entry(notice, key, page=None):
    entry_type = document_types.mapping(notice.type_document_id, "bibtex_type", "misc")
    authors, editors = [], []
    for name, nature, role in _authors(notice):
        (editors if _is_editor(role) else authors).append(_bibtex_name(name, nature))
    themes, territories, tags = _subjects(notice)
    fields = [("author", " and ".join(authors)), ("editor", " and ".join(editors)),
              ("title", latex_escape(notice.titre)), ("subtitle", latex_escape(notice.sous_titre)),
              ("year", str(notice.annee or ""))]
    if notice.date_publication:
        fields.append(("date", notice.date_publication.isoformat()))
    if entry_type == "article":
        fields.append(("journal", latex_escape(notice.collection)))
    elif entry_type == "inproceedings":
        fields.append(("booktitle", latex_escape(notice.collection)))
    else:
        fields.append(("series", latex_escape(notice.collection)))
    if entry_type == "techreport":
        institution = notice.editeur or next((n for n, nature, _r in _authors(notice) if nature == COLLECTIVITE), "")
        fields.append(("institution", latex_escape(institution)))
        if notice.editeur:
            fields.append(("publisher", latex_escape(notice.editeur)))
    else:
        fields.append(("publisher", latex_escape(notice.editeur)))
    fields += [
        ("edition", latex_escape(notice.edition)),
        ("address", latex_escape(notice.lieu_edition)),
        ("isbn", latex_escape(notice.isbn)), ("issn", latex_escape(notice.issn)),
        ("url", _main_url(notice, page).replace("{", "%7B").replace("}", "%7D")),
        ("abstract", latex_escape(notice.resume)),
        ("keywords", latex_escape(", ".join(themes + territories + tags))),
        ("langid", BIBTEX_LANGUAGES.get(notice.langue, "")),
        ("type", latex_escape(_type_label(notice)) if entry_type in ("techreport", "misc") else ""),
        ("note", latex_escape(notice.note_publique)),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{entry_type}{{{key},\n{body}\n}}\n\n"


# -- CSL-JSON ----------------------------------------------------------------------------------

def csl_item(notice, key=None, page=None):
    """The notice as a CSL-JSON item (the input of citeproc, Zotero, Pandoc)."""
    csl_type = document_types.mapping(notice.type_document_id, "csl_type", "document")
    item = {"id": key or _identifier(notice), "type": csl_type,
            "title": f"{notice.titre} : {notice.sous_titre}" if notice.sous_titre else notice.titre}
    for name, nature, role in _authors(notice):
        person = ({"family": _split_person(name)[0], "given": _split_person(name)[1]}
                  if nature == PERSONNE and "," in name else {"literal": name})
        if nature == PERSONNE and not person.get("given", True):
            person.pop("given")
        variable = "editor" if _is_editor(role) else "translator" if _is_translator(role) else "author"
        item.setdefault(variable, []).append(person)
    if notice.date_publication:
        date = notice.date_publication
        item["issued"] = {"date-parts": [[date.year, date.month, date.day]]}
    elif notice.annee:
        item["issued"] = {"date-parts": [[notice.annee]]}
    if notice.collection:
        item["container-title" if csl_type in CONTAINER_CSL_TYPES else "collection-title"] = notice.collection
    themes, territories, tags = _subjects(notice)
    optional = {
        "publisher": notice.editeur, "publisher-place": notice.lieu_edition, "edition": notice.edition,
        "ISBN": notice.isbn,
        "ISSN": notice.issn, "abstract": notice.resume, "language": LANGUAGE_TAGS.get(notice.langue, ""),
        "URL": _main_url(notice, page),
        "keyword": ", ".join(themes + territories + tags), "genre": _type_label(notice),
        "note": notice.note_publique,
    }
    pages = re.fullmatch(r"\s*(\d+)\s*p\.?\s*", notice.collation or "")
    if pages:
        optional["number-of-pages"] = pages.group(1)
    elif notice.collation:
        optional["page"] = re.sub(r"^\s*p\.\s*", "", notice.collation)
    item.update({name: value for name, value in optional.items() if value})
    return item


def iter_csl_json(notices, include_private=False):
    """A JSON array, one item per chunk."""
    taken = set()
    page = addresses.documentary_page()
    yield "["
    for index, notice in enumerate(with_relations(notices, include_private)):
        text = json.dumps(csl_item(notice, citation_key(notice, taken), page), ensure_ascii=False, indent=2)
        yield ("," if index else "") + "\n" + text
    yield "\n]\n"


# -- CSV ---------------------------------------------------------------------------------------

CSV_COLUMNS = COLUMNS + OPTIONAL_COLUMNS + ("permalien",)  # the import leaves "permalien" aside


def _protect(value):
    """A cell a spreadsheet would run as a formula gets a leading quote (removed by the import)."""
    value = str(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _csv_author(name, nature):
    guessed = PERSONNE if "," in name else COLLECTIVITE
    if nature == guessed:
        return name
    return f"{name} [{'personne' if nature == PERSONNE else 'collectivité'}]"


def csv_row(notice, include_private=False, page=None):
    themes, territories, tags = _subjects(notice)
    files = [url for url, _name in addresses.files(notice, include_private)]
    values = {
        "id": _identifier(notice), "titre": notice.titre, "resume": notice.resume,
        "type": notice.type_document_id or notice.get_type_document_display(),  # undeclared: as written
        "auteurs": " | ".join(_csv_author(name, nature) for name, nature, _role in _authors(notice)),
        "annee": notice.annee or "", "themes": " | ".join(themes), "territoires": " | ".join(territories),
        "langue": notice.langue, "pdf": files[0] if files else "", "sous_titre": notice.sous_titre,
        "editeur": notice.editeur, "lieu_edition": notice.lieu_edition, "collection": notice.collection,
        "collation": notice.collation, "edition": notice.edition, "isbn": notice.isbn, "issn": notice.issn,
        "url": " | ".join(link.url for link in notice.liens.all()), "mots_cles": " | ".join(tags),
        "permalien": addresses.permalink(notice, page),
    }
    return [_protect(values[column]) for column in CSV_COLUMNS]


def iter_csv(notices, include_private=False, bom=False):
    """CSV lines (comma, RFC 4180 quoting, CRLF); `bom=True` helps spreadsheets detect UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield ("\ufeff" if bom else "") + flush()
    page = addresses.documentary_page()
    for notice in with_relations(notices, include_private):
        writer.writerow(csv_row(notice, include_private, page))
        yield flush()


# -- for views -------------------------------------------------------------------------------

EXPORT_FORMATS = {
    # name: (generator, content type, file extension)
    "ris": (iter_ris, "application/x-research-info-systems; charset=utf-8", "ris"),
    "bibtex": (iter_bibtex, "application/x-bibtex; charset=utf-8", "bib"),
    "csljson": (iter_csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
    "csv": (lambda notices, include_private=False: iter_csv(notices, include_private, bom=True),
            "text/csv; charset=utf-8", "csv"),
    "unimarc": (unimarc_export.iter_iso2709, unimarc_export.ISO2709_CONTENT_TYPE, "mrc"),
    "marcxml": (unimarc_export.iter_marcxml, unimarc_export.MARCXML_CONTENT_TYPE, "xml"),
}


def export(notices, format, include_private=False):
    """(chunks generator, content type, extension) for a StreamingHttpResponse."""
    generator, content_type, extension = EXPORT_FORMATS[format]
    return generator(notices, include_private=include_private), content_type, extension
