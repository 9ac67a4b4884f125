"""A signalement points to what was spotted: a link, or a file. The admin's « Signaler » form checks it
itself (forms.py); the partner API asks this rule through the hook `partner_notice_check` (registered in
wagtail_hooks.py), called on every notice a partner's system creates or replaces."""
from django.utils.translation import gettext as _

from reseau.api.payload import PayloadErrors

from .service import TYPE_CODE


def require_link_or_file(service, prepared, notice):
    """Raise PayloadErrors (French, on `urls`) when a signalement would have neither link nor file.
    ``notice``: the stored notice being updated, or None; ``service.file_follows``: the caller attaches a
    file right after saving (the « Signaler » form)."""
    type_id = prepared.fields.get("type_document_id", notice.type_document_id if notice is not None else None)
    if type_id != TYPE_CODE or getattr(service, "file_follows", False):
        return
    if prepared.urls is not None:
        links = prepared.urls
    else:
        links = list(notice.liens.values_list("url", flat=True)) if notice is not None else []
    if links or (notice is not None and notice.fichiers.exists()):
        return
    raise PayloadErrors({"urls": [_("A signalement needs the link of what was spotted (urls); to share a file, "
                                    "post the signalement with its link, or use « Signaler » in the admin.")]})
