"""Documents as the tables store them: the rows of a batch, and the stored form of each value
(sort keys, keyword values, texts), which queries compare against in the same form."""
import json

from search.analysis import LONG_TEXT_LENGTH, analyse, analyse_with_checkpoints, fold, unstemmed_words

from ..base import PAGE_FILE, PAGE_FILE_NAME, PAGE_FILE_TITLE, PAGE_NUMBER, PAGE_TEXT


class Rows:
    """The rows of a batch of documents, table by table."""

    def __init__(self, tables, schema):
        self.layout = tables.layout
        self.keyword_fields = tuple(schema.keyword_fields)
        self.docs, self.texts, self.fts, self.suggest, self.keywords, self.pages = [], [], [], [], [], []

    def add(self, rowid, document_id, document):
        layout = self.layout
        self.docs.append((rowid, document_id, *(sort_key(document.get(name)) for name in layout.sort_fields)))
        texts = {name: text_of(document.get(name)) for name in {*layout.text_fields, *layout.highlight_fields}}
        checkpoints, forms = {}, []
        for name in layout.text_fields:
            if name in layout.highlight_fields and len(texts[name]) > LONG_TEXT_LENGTH:
                field_forms, checkpoints[name] = analyse_with_checkpoints(texts[name])
            else:
                field_forms = analyse(texts[name])
            forms.append(" ".join(field_forms))
        self.fts.append((rowid, *(forms or [""])))
        if layout.highlight_fields:
            offsets = [json.dumps(checkpoints[name]) if name in checkpoints else None
                       for name in layout.highlight_fields]
            self.texts.append((rowid, *offsets, *(texts[name] for name in layout.highlight_fields)))
        if layout.suggest_fields:
            values = []
            for name in layout.suggest_fields:
                values += [" ".join(unstemmed_words(texts[name])), texts[name]]
            self.suggest.append((rowid, *values))
        for name in self.keyword_fields:
            for value in keyword_values(document.get(name)):
                self.keywords.append((rowid, (name, value)))
        if layout.page_field:
            self.pages += page_rows(rowid, document.get(layout.page_field))


def page_rows(rowid, pages):
    """The page rows of one document (embedded/pages.py, without their ids):
    (document rowid, file, number, file name, file title, text, analysed forms)."""
    rows = []
    for page in pages or ():
        text = storable(str(page.get(PAGE_TEXT) or ""))
        rows.append((rowid, str(page.get(PAGE_FILE, "")), int(page.get(PAGE_NUMBER) or 0),
                     storable(str(page.get(PAGE_FILE_NAME) or "")), storable(str(page.get(PAGE_FILE_TITLE) or "")),
                     text, " ".join(analyse(text))))
    return rows


def text_of(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(text_of(item) for item in value)
    return storable(str(value))


def storable(text):
    """Text SQLite can store: lone surrogates (invalid UTF-8) replaced."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def keyword_values(value):
    if value is None:
        return []
    values = value if isinstance(value, (list, tuple, set)) else [value]
    return list(dict.fromkeys(storable(str(item)) for item in values if item is not None))


def sort_key(value):
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)) or value is None:
        return value
    return fold(storable(str(value))).strip()
