"""Child process that renders the first page of one untrusted PDF: `python -m base_documentaire.covers_worker`.

Reads one JSON job on stdin, writes the page as a JPEG to the job's `out` path and one JSON result
on stdout, then exits. Started by `base_documentaire.covers.render_first_page`, which kills it on
timeout; it runs under the same limits as the text extraction (`extraction_worker.serve_job`):
address space, CPU time, no core dump. Free of Django, like the extraction worker.

Job: {"path", "out", "max_width", "max_height", "memory_mb", "cpu_s"}
Result: {"status" ("faite" | "echec"), "width", "height", "detail"}
"""
from base_documentaire.extraction_worker import serve_job

# Values of CoverStatus (base_documentaire.models.files).
DONE = "faite"
FAILED = "echec"

# A page narrower or taller than this ratio is cropped to it (a banner or a strip is no cover).
MAX_RATIO = 3.0
JPEG_QUALITY = 88


def result(status, width=0, height=0, detail=""):
    return {"status": status, "width": width, "height": height, "detail": detail}


def render(job):
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(job["path"])
    except pdfium.PdfiumError as error:
        return result(FAILED, detail=f"cannot open PDF: {error}")
    try:
        if len(document) == 0:
            return result(FAILED, detail="PDF without pages")
        return render_page(document[0], job)
    except pdfium.PdfiumError as error:
        return result(FAILED, detail=f"cannot render page 1: {error}")
    finally:
        document.close()


def render_page(page, job):
    width_pt, height_pt = page.get_size()
    if not (width_pt > 1 and height_pt > 1):
        return result(FAILED, detail=f"page 1 has no size ({width_pt} x {height_pt} pt)")
    crop = crop_box(width_pt, height_pt)
    shown_width, shown_height = width_pt - crop[0] - crop[2], height_pt - crop[1] - crop[3]
    # The scale that fits the page in the box: the bitmap's size never depends on the page's claims.
    scale = min(job["max_width"] / shown_width, job["max_height"] / shown_height)
    bitmap = page.render(scale=scale, crop=crop, may_draw_forms=True, fill_color=(255, 255, 255, 255))
    image = bitmap.to_pil().convert("RGB")
    image.save(job["out"], "JPEG", quality=JPEG_QUALITY, optimize=True)
    return result(DONE, image.width, image.height, f"page 1 of {len(page.pdf)} rendered at scale {scale:.3f}")


def crop_box(width_pt, height_pt):
    """(left, bottom, right, top) points to cut so that the page's ratio stays within MAX_RATIO."""
    if height_pt > width_pt * MAX_RATIO:
        return (0, height_pt - width_pt * MAX_RATIO, 0, 0)  # keep the top of a very long page
    if width_pt > height_pt * MAX_RATIO:
        return (0, 0, width_pt - height_pt * MAX_RATIO, 0)  # keep the left of a very wide page
    return (0, 0, 0, 0)


def render_or_fail(job):
    try:
        return render(job)
    except (OSError, ValueError) as error:  # Pillow writing or converting the bitmap
        return result(FAILED, detail=f"cannot write the image: {error}")


def main():
    serve_job(render_or_fail, lambda detail: result(FAILED, detail=detail))


if __name__ == "__main__":
    main()
