"""What the team sees of OCR: a system check when OCR cannot run here, the OCR status on a file's
admin form. (The files' listing under Paramètres > Extraction du texte shows the status column.)"""
from django.core import checks
from django.utils.translation import gettext as _

from .models.files import OcrStatus
from .ocr_runner import missing_component


@checks.register()
def check_ocr_available(app_configs=None, **kwargs):
    """Info, not an error: the site works without OCR (scanned PDFs stay without text)."""
    missing = missing_component()
    if not missing:
        return []
    return [checks.Info(_("OCR off (Tesseract absent): scanned PDFs will not be searchable. %(reason)s")
                        % {"reason": missing},
                        hint=_("Install it with scripts/services/ocr.sh install."), id="base_documentaire.I001")]


def describe_on_form(form):
    """The file's OCR status in the help text of « offer the OCRed version » on its edit form."""
    fichier = form.instance
    field = form.fields.get("telecharger_ocr")
    if field is None or fichier.pk is None:
        return
    if not fichier.ocr_statut:
        field.help_text = _("OCR: not needed (the file has text, or is neither a PDF nor a scanned image).")
        return
    status = OcrStatus(fichier.ocr_statut).label
    detail = f" ({fichier.ocr_detail})" if fichier.ocr_detail else ""
    field.help_text = _("OCR: %(status)s%(detail)s.") % {"status": status, "detail": detail}
    if fichier.ocr_statut == OcrStatus.DONE:
        field.help_text += " " + _("Visitors download the OCRed PDF when this box is ticked; "
                                   "the original is kept (add ?original=1 to the file's address).")
