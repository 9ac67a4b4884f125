"""Real PDF files for tests, written with reportlab."""
import io

from reportlab.pdfgen import canvas


def pdf_bytes(*pages):
    """A PDF with one page per argument; each argument is the text of that page (lines split on \\n)."""
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    for text in pages:
        for number, line in enumerate(text.splitlines()):
            document.drawString(72, 760 - 16 * number, line)
        document.showPage()
    document.save()
    return buffer.getvalue()
