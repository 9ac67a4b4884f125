"""Bibliographic metadata of a notice for people and for reference managers (Zotero):
a citation, schema.org JSON-LD, Highwire `citation_*` meta tags and a COinS span."""
import json
from urllib.parse import urlencode

from . import document_types
from .models.notices import LANGUAGE_TAGS

JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
# OpenURL genres of the CSL types (two standard vocabularies: the type's CSL column says which).
COINS_GENRES = {"book": "book", "report": "report", "paper-conference": "proceeding", "article-journal": "article"}


def authors(notice):
    return [author.nom for author in notice.auteurs.all()]


def citation_text(notice):
    """A short French-style reference: AUTHORS. Title: subtitle. Place: publisher, year, pages."""
    parts = []
    names = authors(notice)
    if names:
        parts.append(" ; ".join(names) + ".")
    title = notice.titre + (f" : {notice.sous_titre}" if notice.sous_titre else "")
    parts.append(title + ".")
    imprint = ", ".join(p for p in [
        ": ".join(p for p in [notice.lieu_edition, notice.editeur] if p), str(notice.annee or ""), notice.collation
    ] if p)
    if imprint:
        parts.append(imprint + ".")
    return " ".join(parts)


def json_ld(notice, url):
    data = {
        "@context": "https://schema.org",
        "@type": document_types.mapping(notice.type_document_id, "schema_org_type", "CreativeWork"),
        "@id": url, "url": url, "name": notice.titre,
        "author": [{"@type": "Person" if author.nature == "personne" else "Organization", "name": author.nom}
                   for author in notice.auteurs.all()],
        "keywords": [theme.nom for theme in notice.themes.all()] + [tag.name for tag in notice.mots_cles.all()],
        "spatialCoverage": [territory.libelle for territory in notice.territoires.all()],
    }
    optional = {"inLanguage": LANGUAGE_TAGS.get(notice.langue), "alternativeHeadline": notice.sous_titre,
                "description": notice.resume,
                "datePublished": str(notice.date_publication or notice.annee or ""), "isbn": notice.isbn,
                "publisher": {"@type": "Organization", "name": notice.editeur} if notice.editeur else None}
    data.update({key: value for key, value in optional.items() if value})
    # As Django's json_script: markup characters escaped, so no field can end the <script> element.
    return json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)


def highwire_tags(notice, pdf_urls=()):
    tags = [("citation_title", notice.titre)]
    tags += [("citation_author", name) for name in authors(notice)]
    tags += [(name, value) for name, value in [
        ("citation_publication_date", str(notice.annee or "")), ("citation_publisher", notice.editeur),
        ("citation_isbn", notice.isbn), ("citation_issn", notice.issn), ("citation_language", LANGUAGE_TAGS.get(notice.langue, "")),
        ("citation_abstract", notice.resume[:1000]),
    ] if value]
    if document_types.mapping(notice.type_document_id, "csl_type") == "report" and notice.editeur:
        tags.append(("citation_technical_report_institution", notice.editeur))
    tags += [("citation_pdf_url", url) for url in pdf_urls]
    return tags


def coins(notice, url):
    """OpenURL ContextObject in a span (COinS), understood by Zotero and other tools."""
    genre = COINS_GENRES.get(document_types.mapping(notice.type_document_id, "csl_type"), "document")
    fields = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", genre),
              ("rft.btitle" if genre != "article" else "rft.atitle", notice.titre), ("rft_id", url)]
    fields += [("rft.au", name) for name in authors(notice)]
    fields += [(key, value) for key, value in [("rft.date", str(notice.annee or "")), ("rft.pub", notice.editeur),
                                               ("rft.place", notice.lieu_edition), ("rft.isbn", notice.isbn)] if value]
    return urlencode(fields)
