"""Speed and quality of PDF text extraction: pypdfium2 and pypdf directly, and our isolated `extract_text`.

`python -m benchmarks.pdf_extraction [--documents 300] [--seed 1]` generates, in a temporary folder,
a corpus of French PDFs of 1 to 40 pages with reportlab in four layouts that real producers use
(base-14 fonts, embedded TrueType subsets, two columns with tables, words placed one by one
without space characters and hyphenated at line ends), then prints Markdown tables. Speed is in
pages per second of wall-clock and of CPU time (the latter holds on a busy machine); quality is
the recall and precision of the words written in each PDF (lower-cased, accents kept) and the
recall of consecutive word pairs, which needs the right reading order.
"""
import argparse
import collections
import os
import platform
import random
import re
import resource
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crpv_site.settings.dev")
django.setup()

import pypdf  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402
import reportlab  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle,
)

from base_documentaire.extraction import ExtractionStatus, extract_text  # noqa: E402

FOOTER = "Centre de ressources politique de la ville"
SUBJECTS = [
    "le contrat de ville", "l’égalité des chances", "la rénovation urbaine", "le conseil citoyen",
    "la maîtrise d’œuvre urbaine et sociale", "l’accès aux droits", "la réussite éducative",
    "le cœur de quartier", "la délégation du préfet", "l’agence nationale", "les habitants",
    "la médiation sociale", "l’insertion professionnelle", "la santé mentale", "l’économie sociale et solidaire",
]
VERBS = [
    "renforce", "accompagne", "évalue", "finance", "coordonne", "améliore", "développe", "prévoit",
    "soutient", "mobilise", "interroge", "favorise",
]
OBJECTS = [
    "les quartiers prioritaires", "la cohésion sociale", "les associations de proximité", "le cadre de vie",
    "les écoles élémentaires", "la sécurité et la prévention de la délinquance", "l’emploi des jeunes",
    "les équipements sportifs", "la participation des habitantes et des habitants", "les bailleurs sociaux",
    "l’hébergement d’urgence", "la tranquillité publique", "les familles monoparentales", "l’œuvre collective",
]
COMPLEMENTS = [
    "depuis 2014", "à l’échelle intercommunale", "en lien avec la caisse d’allocations familiales",
    "dans le respect du règlement", "au titre de l’année 2024", "selon le rapport d’étape",
    "avec une enveloppe de 250 000 €", "pour près de 5,4 millions d’habitants", "malgré la crise sanitaire",
    "grâce à la dotation de solidarité urbaine", "en Île-de-France comme en Provence-Alpes-Côte d’Azur",
]
TITLES = ["Diagnostic territorial", "Évaluation à mi-parcours", "Synthèse des ateliers", "Annexe financière",
          "Orientations stratégiques", "Bilan de l’année écoulée"]


def sentence(rng):
    words = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(COMPLEMENTS)]
    if rng.random() < 0.3:
        words.append("« " + rng.choice(OBJECTS) + " »")
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ";", " !", " ?"])


def paragraph(rng):
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 7)))


# --- Fonts and styles ----------------------------------------------------------------------


def register_fonts():
    """An embedded TrueType subset (Identity-H with a ToUnicode map), as office suites produce."""
    candidates = ["/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")]
    font_file = next(path for path in candidates if Path(path).exists())
    pdfmetrics.registerFont(TTFont("Embedded", font_file))


def styles(font):
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=13, alignment=4, spaceAfter=6)
    heading = ParagraphStyle("heading", fontName=font, fontSize=15, leading=19, spaceAfter=8, spaceBefore=6)
    return body, heading


# --- Document layouts: each returns the text it wrote -----------------------------------------


def flowing_document(path, rng, pages, font, columns):
    body, heading = styles(font)
    written, story = [], []
    for number in range(pages * (3 if columns == 1 else 4)):
        if number % 4 == 0:
            title = f"{number // 4 + 1}. {rng.choice(TITLES)}"
            story.append(Paragraph(title, heading))
            written.append(title)
        text = paragraph(rng)
        story.append(Paragraph(text, body))
        written.append(text)
        if columns == 2 and number % 7 == 3:
            story.append(budget_table(rng, font, written))
        story.append(Spacer(1, 4))
    document = BaseDocTemplate(str(path), pagesize=A4, title="Rapport", author=FOOTER)
    document.addPageTemplates([PageTemplate(frames=frames(columns), onPage=footer(font))])
    document.build(story)
    written.extend([FOOTER] * document.page)
    return "\n".join(written)


def frames(columns):
    width, height = A4
    usable = width - 4 * cm
    gap = 0.8 * cm if columns == 2 else 0
    column_width = (usable - gap) / columns
    return [Frame(2 * cm + index * (column_width + gap), 2.5 * cm, column_width, height - 5 * cm)
            for index in range(columns)]


def footer(font):
    def draw(page_canvas, document):
        page_canvas.setFont(font, 8)
        page_canvas.drawString(2 * cm, 1.3 * cm, FOOTER)
    return draw


def budget_table(rng, font, written):
    rows = [["Action", "Montant (€)"]] + [[rng.choice(OBJECTS), f"{rng.randint(1, 900)} 000"] for _ in range(3)]
    written.extend(" ".join(row) for row in rows)
    table = Table(rows, colWidths=[5 * cm, 2.5 * cm])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), font, 7), ("GRID", (0, 0), (-1, -1), 0.3, "#888888")]))
    return table


def word_by_word_document(path, rng, pages, font):
    """Each word drawn at its own position, no space characters: extractors must infer spaces."""
    page_canvas = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    written = []
    for _ in range(pages):
        y = height - 3 * cm
        x = 2 * cm
        while y > 3 * cm:
            line = sentence(rng)
            written.append(line)
            page_canvas.setFont(font, 10)
            for word in line.split():
                word_width = pdfmetrics.stringWidth(word, font, 10)
                if x + word_width > width - 2 * cm:
                    if len(word) >= 8 and word.isalpha():
                        # Hyphenated at the line end, as justified French reports are.
                        head = word[: len(word) // 2] + "-"
                        page_canvas.drawString(x, y, head)
                        word = word[len(word) // 2:]
                        word_width = pdfmetrics.stringWidth(word, font, 10)
                    x, y = 2 * cm, y - 14
                page_canvas.drawString(x, y, word)
                x += word_width + pdfmetrics.stringWidth(" ", font, 10)
        page_canvas.showPage()
    page_canvas.save()
    return "\n".join(written)


LAYOUTS = {
    "base-14 font, one column": lambda path, rng, pages: flowing_document(path, rng, pages, "Helvetica", 1),
    "embedded TrueType, one column": lambda path, rng, pages: flowing_document(path, rng, pages, "Embedded", 1),
    "two columns and tables": lambda path, rng, pages: flowing_document(path, rng, pages, "Times-Roman", 2),
    "words placed one by one, hyphenation": lambda path, rng, pages: word_by_word_document(path, rng, pages, "Embedded"),
}


def build_corpus(folder, documents, seed):
    register_fonts()
    rng = random.Random(seed)
    corpus = []
    layouts = list(LAYOUTS)
    for number in range(documents):
        layout = layouts[number % len(layouts)]
        path = Path(folder) / f"document-{number:03}.pdf"
        written = LAYOUTS[layout](path, rng, rng.randint(1, 40))
        corpus.append((path, layout, written))
    return corpus


# --- Extractors ----------------------------------------------------------------------------


def pdfium_text(path):
    document = pdfium.PdfDocument(str(path))
    chunks = []
    for index in range(len(document)):
        page = document[index]
        text_page = page.get_textpage()
        chunks.append(text_page.get_text_bounded().replace("\r\n", "\n").replace("\x02", ""))
        text_page.close()
        page.close()
    document.close()
    return "\n".join(chunks), len(chunks)


def pypdf_text(path):
    reader = pypdf.PdfReader(str(path))
    chunks = [page.extract_text() for page in reader.pages]
    return "\n".join(chunks), len(chunks)


def isolated_text(path):
    result = extract_text(str(path))
    if result.status != ExtractionStatus.TEXT:
        raise RuntimeError(f"{path}: {result.status} {result.detail}")
    return result.text, result.pages


EXTRACTORS = {
    f"pypdfium2 {pdfium.version.PYPDFIUM_INFO}": pdfium_text,
    f"pypdf {pypdf.__version__}": pypdf_text,
    "extract_text (pypdfium2 in a child process)": isolated_text,
}


# --- Measures ------------------------------------------------------------------------------


def tokens(text):
    return re.findall(r"\w+", text.lower())


def word_counts(words):
    return collections.Counter(words)


def pair_counts(words):
    """Consecutive word pairs: they survive only if the reading order is right."""
    return collections.Counter(zip(words, words[1:]))


def cpu_seconds():
    """CPU time of this process and of its finished children (the isolated workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def measure(corpus):
    """Per extractor and layout: pages, wall and CPU seconds, words written, extracted and in common.

    Extractors take turns on each document, so that a busy machine slows them all alike.
    """
    totals = collections.defaultdict(lambda: collections.defaultdict(collections.Counter))
    for path, layout, written in corpus:
        expected = tokens(written)
        for name, extractor in EXTRACTORS.items():
            wall, cpu = time.perf_counter(), cpu_seconds()
            text, page_count = extractor(path)
            wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
            found = tokens(text)
            totals[name][layout].update(
                documents=1, pages=page_count, seconds=wall, cpu_seconds=cpu,
                written=len(expected), extracted=len(found),
                common=sum((word_counts(expected) & word_counts(found)).values()),
                common_pairs=sum((pair_counts(expected) & pair_counts(found)).values()),
            )
    return totals


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crpv-pdf-bench-") as folder:
        started = time.perf_counter()
        corpus = build_corpus(folder, arguments.documents, arguments.seed)
        describe(corpus, time.perf_counter() - started)
        results = measure(corpus)
    print_speed(results)
    print_quality(results)


def describe(corpus, seconds):
    size = sum(path.stat().st_size for path, _, _ in corpus)
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"Corpus: {len(corpus)} French PDFs of 1 to 40 pages, {size / 1e6:.1f} MB, generated in {seconds:.0f} s;"
          " sequential, extractors taking turns on each document, files in the page cache\n")


def print_speed(results):
    print("| extractor | pages | pages/s (wall) | pages/s (CPU) | ms/document (wall) | "
          + " | ".join(f"pages/s (CPU): {layout}" for layout in LAYOUTS) + " |")
    print("| --- " * (5 + len(LAYOUTS)) + "|")
    for name, totals in results.items():
        overall = sum(totals.values(), collections.Counter())
        by_layout = " | ".join(f"{totals[layout]['pages'] / totals[layout]['cpu_seconds']:.0f}" for layout in LAYOUTS)
        print(f"| {name} | {overall['pages']} | {overall['pages'] / overall['seconds']:.0f} "
              f"| {overall['pages'] / overall['cpu_seconds']:.0f} "
              f"| {1000 * overall['seconds'] / overall['documents']:.0f} | {by_layout} |")


def print_quality(results):
    print("\nQuality: recall / precision of the written words (lower-cased, accents kept) / recall of"
          " consecutive word pairs (reading order; the reference lists page footers at its end, which caps"
          " flowing layouts near 99.7 %):\n")
    print("| extractor | " + " | ".join(LAYOUTS) + " |")
    print("| --- " * (1 + len(LAYOUTS)) + "|")
    for name, totals in results.items():
        cells = []
        for layout in LAYOUTS:
            counts = totals[layout]
            recall = 100 * counts["common"] / counts["written"]
            precision = 100 * counts["common"] / max(counts["extracted"], 1)
            in_order = 100 * counts["common_pairs"] / max(counts["written"] - counts["documents"], 1)
            cells.append(f"{recall:.1f} / {precision:.1f} / {in_order:.1f} %")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
