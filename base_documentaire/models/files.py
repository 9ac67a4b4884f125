"""Files of the documentary base: Wagtail documents (upload, chooser, collections, storage API,
local folder or S3) with the notice-specific facts: privacy, real type, extracted text."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.documents.models import AbstractDocument, Document
from wagtail.models import Orderable

from base_documentaire.extraction import ExtractionStatus

from .notices import Notice


class CoverStatus(models.TextChoices):
    PENDING = "en_attente", _("Waiting for its cover")
    DONE = "faite", _("Cover made")
    NONE = "sans", _("No cover (not a PDF)")
    FAILED = "echec", _("Cover failed")


class OcrStatus(models.TextChoices):
    NOT_NEEDED = "", _("Not needed")
    PENDING = "en_attente", _("Waiting for OCR")
    DONE = "fait", _("Text from OCR")
    FAILED = "echec", _("OCR failed")
    TOO_LARGE = "trop_volumineux", _("Too large for OCR")
    OFF = "desactive", _("OCR not installed")


class Fichier(AbstractDocument):
    prive = models.BooleanField(_("private"), default=False,
                                help_text=_("Private files are kept for the team and never served to the public."))
    type_mime = models.CharField(_("type"), max_length=100, blank=True, editable=False)
    extraction_statut = models.CharField(_("text extraction"), max_length=30, choices=ExtractionStatus.choices,
                                         default=ExtractionStatus.PENDING, editable=False)
    extraction_detail = models.CharField(max_length=255, blank=True, editable=False)
    pages = models.PositiveIntegerField(_("pages"), default=0, editable=False)
    texte = models.TextField(_("extracted text"), blank=True, editable=False)
    # First page rendered as a Wagtail image (renditions in WebP and JPEG made by the task worker).
    couverture = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", editable=False, verbose_name=_("cover"))
    couverture_statut = models.CharField(_("cover"), max_length=20, choices=CoverStatus.choices,
                                         default=CoverStatus.PENDING, editable=False)
    ocr_statut = models.CharField(_("OCR"), max_length=20, choices=OcrStatus.choices, blank=True,
                                  default=OcrStatus.NOT_NEEDED, editable=False)
    ocr_detail = models.CharField(max_length=255, blank=True, editable=False)
    fichier_ocr = models.FileField(_("OCRed PDF"), upload_to="documents/ocr/", blank=True, editable=False)
    telecharger_ocr = models.BooleanField(
        _("offer the OCRed version for download"), default=True,
        help_text=_("When the file was OCRed, visitors download the version with its text layer; "
                    "the original is kept."))

    admin_form_fields = Document.admin_form_fields + ("prive", "telecharger_ocr")

    class Meta(AbstractDocument.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored_name = self.file.name if self.file else ""

    def has_new_content(self):
        return bool(self.file) and (self.file.name != self._stored_name or not self.type_mime)

    def mark_content_seen(self):
        self._stored_name = self.file.name


class NoticeFichier(Orderable):
    """A file attached to a notice (the same file may serve several notices)."""

    notice = ParentalKey(Notice, related_name="fichiers", on_delete=models.CASCADE)
    fichier = models.ForeignKey(Fichier, on_delete=models.PROTECT, related_name="notices_liees",
                                verbose_name=_("file"))

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")
