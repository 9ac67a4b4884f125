"""Child process that makes one untrusted scanned image (JPEG, PNG, TIFF, one page a frame) a PDF of page images
for OCRmyPDF: `python -m base_documentaire.ocr_image SOURCE TARGET MAX_PIXELS MAX_PAGES DPI`.

Started by `ocr_runner.image_to_pdf` under the OCR's limits (address space, file size, time, its own process
group). Free of Django. The image's size is read from its header and checked against MAX_PIXELS (per page) and
MAX_PAGES before any pixel is decoded: a decompression bomb is refused, never decoded. Pages become 8-bit
greyscale or RGB on white (alpha, palettes, CMYK, 16-bit flattened), laid out at their own resolution when
credible, else at DPI; a JPEG page in greyscale or RGB is embedded as it is (img2pdf, no re-encoding).
Exit status: 0 done, TOO_MANY_PIXELS, TOO_MANY_PAGES or UNREADABLE, with one line on stderr saying why.
"""
import sys
from pathlib import Path

TOO_MANY_PIXELS = 10
TOO_MANY_PAGES = 11
UNREADABLE = 12
MIN_CREDIBLE_DPI = 100  # below, the resolution written in the file is a default, not the scan's


def convert(source, target, max_pixels, max_pages, default_dpi):
    import img2pdf
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None  # checked below, from the header, before decoding
    try:
        image = Image.open(source)
    except (OSError, SyntaxError, ValueError) as error:
        return UNREADABLE, f"not an image Pillow reads: {error}"
    with image:
        frames = getattr(image, "n_frames", 1)
        if frames > max_pages:
            return TOO_MANY_PAGES, f"{frames}"
        pages, dpi = [], default_dpi
        for index in range(frames):
            image.seek(index)
            width, height = image.size
            if width * height > max_pixels:
                return TOO_MANY_PIXELS, f"{width * height}"
            dpi = resolution(image.info.get("dpi"), default_dpi)
            pages.append(page_source(image, source, frames, Path(target).with_name(f"page-{index}.png"), dpi))
    with open(target, "wb") as output:
        img2pdf.convert(pages, outputstream=output, layout_fun=img2pdf.get_fixed_dpi_layout_fun((dpi, dpi)))
    return 0, f"{frames} page(s) at {dpi} dpi"


def resolution(declared, default_dpi):
    try:
        value = round(float(declared[0]))
    except (TypeError, ValueError, IndexError):
        return default_dpi
    return value if MIN_CREDIBLE_DPI <= value <= 2400 else default_dpi


def page_source(image, source, frames, path, dpi):
    """The path img2pdf embeds: the JPEG itself when it can, else the page flattened to a PNG."""
    if image.format == "JPEG" and frames == 1 and image.mode in ("L", "RGB"):
        return str(source)
    page = image.convert("RGBA") if image.mode in ("RGBA", "LA", "P", "PA") else image
    if page.mode == "RGBA":
        from PIL import Image

        flat = Image.new("RGB", page.size, "white")
        flat.paste(page, mask=page.getchannel("A"))
        page = flat
    elif page.mode not in ("L", "RGB"):
        page = page.convert("L" if page.mode in ("1", "I", "I;16", "F") else "RGB")
    page.save(path, "PNG", dpi=(dpi, dpi))
    return str(path)


def main(arguments):
    source, target, max_pixels, max_pages, dpi = arguments
    status, detail = convert(source, target, int(max_pixels), int(max_pages), int(dpi))
    print(detail, file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
