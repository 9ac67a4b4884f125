"""Child process that extracts the text of one untrusted file: `python -m base_documentaire.extraction_worker`.

Reads one JSON job on stdin, writes one JSON result on stdout and exits. It is started by
`base_documentaire.extraction.extract_text`, which kills it on timeout: hostile files may crash,
hang or exhaust memory here without harming the web or task process. Deliberately free of
Django so that it starts fast and needs no settings or secrets.

Job: {"path", "kind" ("pdf" | "text" | "docx" | "odt"), "max_pages", "max_chars", "memory_mb", "cpu_s"}
Result: {"status", "text", "pages", "detail"}
"""
import json
import os
import resource
import sys
import zipfile
import zlib

# Values of ExtractionStatus (base_documentaire.extraction), which reuses these constants.
TEXT = "texte"
NO_TEXT = "aucun_texte"
ENCRYPTED = "protege"
INVALID = "invalide"
UNSUPPORTED = "non_pris_en_charge"
FAILED = "echec"

# Never decompress more than this from one member of a docx/odt archive (zip bombs).
MAX_XML_BYTES = 200 * 1024 * 1024


def apply_limits(memory_mb, cpu_s):
    """Cap this process's address space and CPU time; no core dump of a crash on a hostile file."""
    lower_limit(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    # Second line of defence if the parent dies and can no longer enforce its wall-clock timeout.
    lower_limit(resource.RLIMIT_CPU, cpu_s)
    lower_limit(resource.RLIMIT_CORE, 0)


def lower_limit(kind, value):
    """Set both soft and hard limits, never above a hard limit already imposed (raising it is refused)."""
    _, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, value))


def result(status, text="", pages=0, detail=""):
    return {"status": status, "text": text, "pages": pages, "detail": detail}


def text_result(text, pages, notes):
    """TEXT if the text has at least one letter or digit, else NO_TEXT (scans, drawings)."""
    text = text.replace("\x00", "")  # PostgreSQL text columns refuse NUL characters
    if not any(character.isalnum() for character in text):
        return result(NO_TEXT, pages=pages, detail="; ".join(notes + ["no text layer"]))
    return result(TEXT, text, pages, "; ".join(notes))


def truncate(text, max_chars, notes):
    if len(text) > max_chars:
        notes.append(f"text truncated to {max_chars} characters")
        return text[:max_chars]
    return text


# --- PDF -----------------------------------------------------------------------------------


def extract_pdf(path, max_pages, max_chars):
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        return pdf_open_failure(error)
    try:
        return extract_pdf_pages(document, max_pages, max_chars)
    finally:
        document.close()


def pdf_open_failure(error):
    import pypdfium2.raw as pdfium_c

    if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
        return result(ENCRYPTED, detail=str(error))
    return result(INVALID, detail=str(error))


def extract_pdf_pages(document, max_pages, max_chars):
    import pypdfium2 as pdfium

    page_count = len(document)
    if page_count == 0:
        return result(INVALID, detail="PDF without pages")
    notes = []
    pages_to_read = min(page_count, max_pages)
    if pages_to_read < page_count:
        notes.append(f"only the first {pages_to_read} of {page_count} pages extracted")
    chunks, length, damaged = [], 0, 0
    for index in range(pages_to_read):
        try:
            page_text = pdf_page_text(document, index)
        except pdfium.PdfiumError:
            # An empty page keeps its place: the pages after it keep their true numbers.
            damaged += 1
            page_text = ""
        chunks.append(page_text)
        length += len(page_text)
        if length > max_chars:
            break
    if damaged == pages_to_read:
        return result(INVALID, pages=page_count, detail="no readable page")
    if damaged:
        notes.append(f"{damaged} unreadable pages left empty")
    # Form feed between pages, as pdftotext does.
    text = truncate("\n\f".join(chunks), max_chars, notes)
    return text_result(text, page_count, notes)


def pdf_page_text(document, index):
    page = document[index]
    try:
        text_page = page.get_textpage()
        try:
            # get_text_bounded, unlike get_text_range, covers all of Unicode and does not recurse.
            text = text_page.get_text_bounded()
        finally:
            text_page.close()
    finally:
        page.close()
    # PDFium writes CRLF line breaks and U+0002 where it rejoined a word hyphenated at a line end.
    return text.replace("\r\n", "\n").replace("\x02", "")


# --- Plain text ----------------------------------------------------------------------------


def extract_plain_text(path, max_chars):
    # A UTF-8 character takes at most 4 bytes: reading more could not fit in max_chars.
    with open(path, "rb") as file:
        data = file.read(max_chars * 4 + 4)
    text = truncate(decode_text(data), max_chars, notes := [])
    return text_result(text, 0, notes)


def decode_text(data):
    """UTF-8 (with or without BOM), else Windows-1252, the usual French legacy encoding, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as error:
            # Reading stopped inside a multi-byte character: drop its first bytes only.
            if encoding == "utf-8-sig" and error.start >= len(data) - 3 and error.reason.startswith("unexpected end"):
                return data[: error.start].decode(encoding)
    return data.decode("latin-1")


# --- Office documents (stdlib zipfile + defusedxml) -----------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE_PART = {"docx": "word/document.xml", "odt": "content.xml"}
PARAGRAPH_TAGS = {W + "p", ODF_TEXT + "p", ODF_TEXT + "h"}
TAB_TAGS = {W + "tab", ODF_TEXT + "tab"}
BREAK_TAGS = {W + "br", W + "cr", ODF_TEXT + "line-break"}
DOCX_TEXT_TAG = W + "t"
ODF_SPACE_TAG = ODF_TEXT + "s"  # <text:s text:c="3"/> stands for three spaces


def extract_office(path, kind, max_chars):
    part = OFFICE_PART[kind]
    try:
        xml = read_archive_member(path, part)
    except KeyError:
        return result(UNSUPPORTED, detail=f"archive without {part}")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, EOFError, ValueError) as error:
        return result(INVALID, detail=f"bad archive: {error}")
    if xml is None:
        return result(ENCRYPTED, detail=f"{part} is encrypted")
    paragraphs = office_paragraphs(xml, kind)
    if paragraphs is None:
        return result(INVALID, detail=f"unparsable {part}")
    text = truncate("\n".join(paragraphs), max_chars, notes := [])
    return text_result(text, 0, notes)


def read_archive_member(path, part):
    """The member's bytes, or None if it is encrypted; refuses to inflate more than MAX_XML_BYTES."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
        if info.flag_bits & 0x1:
            return None
        with archive.open(info) as member:
            # The declared size may lie: count what is actually inflated.
            data = member.read(MAX_XML_BYTES + 1)
    if len(data) > MAX_XML_BYTES:
        raise ValueError(f"{part} inflates to more than {MAX_XML_BYTES} bytes")
    return data


def office_paragraphs(xml, kind):
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, DefusedXmlException):
        return None
    paragraph_text = docx_paragraph_text if kind == "docx" else odt_paragraph_text
    # Outermost paragraphs only: ODF notes and frames nest paragraphs inside paragraphs.
    return [paragraph_text(element) for element in outermost(root, PARAGRAPH_TAGS)]


def outermost(element, tags):
    for child in element:
        if child.tag in tags:
            yield child
        else:
            yield from outermost(child, tags)


def docx_paragraph_text(paragraph):
    parts = []
    for element in paragraph.iter():
        if element.tag == DOCX_TEXT_TAG:
            parts.append(element.text or "")
        elif element.tag in TAB_TAGS:
            parts.append("\t")
        elif element.tag in BREAK_TAGS:
            parts.append("\n")
    return "".join(parts)


def odt_paragraph_text(element):
    """ODF keeps text both inside elements and in the tails that follow nested spans."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == ODF_SPACE_TAG:
            parts.append(" " * odt_space_count(child))
        elif child.tag in TAB_TAGS:
            parts.append("\t")
        elif child.tag in BREAK_TAGS:
            parts.append("\n")
        else:
            parts.append(odt_paragraph_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def odt_space_count(element):
    try:
        return max(1, min(int(element.get(ODF_TEXT + "c", "1")), 100))
    except ValueError:
        return 1


# --- Entry point ---------------------------------------------------------------------------


def extract(job):
    kind, path = job["kind"], job["path"]
    if kind == "pdf":
        return extract_pdf(path, job["max_pages"], job["max_chars"])
    if kind == "text":
        return extract_plain_text(path, job["max_chars"])
    if kind in OFFICE_PART:
        return extract_office(path, kind, job["max_chars"])
    return result(UNSUPPORTED, detail=f"no extractor for {kind!r}")


def serve_job(work, failure):
    """Run `work(job)` on the JSON job read from stdin, under the job's limits, and write its result as JSON on
    stdout; `failure(detail)` is the result when a limit stops the work. Shared by the child processes
    (this one, covers_worker)."""
    # Keep the real stdout for the result: native libraries may print on file descriptor 1.
    result_file = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    job = json.load(sys.stdin)
    apply_limits(job["memory_mb"], job["cpu_s"])
    try:
        outcome = work(job)
    except MemoryError:
        outcome = failure(f"memory limit of {job['memory_mb']} MB exceeded")
    except RecursionError:
        outcome = failure("recursion limit exceeded")
    json.dump(outcome, result_file, ensure_ascii=False)
    result_file.close()


def main():
    serve_job(extract, lambda detail: result(FAILED, detail=detail))


if __name__ == "__main__":
    main()
