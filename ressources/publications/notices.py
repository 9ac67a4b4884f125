"""Every publication feeds the base documentaire: one notice per page, the page being the source
of truth.

Publishing a page creates its notice or overwrites the one it already has (found through
`Publication.notice`, or by `external_id` "page-<pk>" should the link be lost), then publishes a
revision of it; unpublishing or deleting the page unpublishes the notice (kept, so that its
permalink and the documentalist's copies survive a republication). Private files are never attached.

The notices are catalogued by the centre itself: the `Contributeur` whose code is the setting
`CRPV_CONTRIBUTEUR_CODE` (created, named after the site settings, if it does not exist yet); without
that setting, the oldest contributor; with no contributor at all, one created from the site
settings' organisation name.
"""
import logging
from html import unescape

from django.conf import settings
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from base_documentaire import addresses
from base_documentaire.models import Contributeur, Notice, NoticeAuteur, NoticeFichier, NoticeLien

from .models import KIND_TO_TYPE_DOCUMENT, LettreInformationPage, Publication

logger = logging.getLogger(__name__)
DEFAULT_CENTRE_NAME = "Centre de ressources politique de la ville"
SUMMARY_LENGTH = 600


def external_id(page):
    return f"page-{page.pk}"


def centre_contributeur():
    """The Contributeur the centre's own publications are catalogued under (see the module doc)."""
    code = getattr(settings, "CRPV_CONTRIBUTEUR_CODE", "")
    if code:
        found = Contributeur.objects.filter(code=code).first()
        return found or Contributeur.objects.create(code=code, nom=_unique_name(_centre_name()))
    found = Contributeur.objects.order_by("pk").first()
    if found:
        return found
    name = _centre_name()
    return Contributeur.objects.create(nom=name, code=slugify(name)[:30] or "centre")


def _centre_name():
    """The centre's name as editors set it (the app holding the site settings answers the
    `organisation_name` hook with it), else a default."""
    from wagtail import hooks
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        for organisation_name in hooks.get_hooks("organisation_name"):
            name = organisation_name(site)
            if name:
                return name
    return DEFAULT_CENTRE_NAME


def _unique_name(name):
    candidate, number = name, 2
    while Contributeur.objects.filter(nom=candidate).exists():
        candidate, number = f"{name} ({number})", number + 1
    return candidate


def find_notice(page, contributeur):
    if page.notice_id:
        notice = Notice.objects.filter(pk=page.notice_id).first()
        if notice is not None:
            return notice
    return Notice.objects.filter(contributeur=contributeur, external_id=external_id(page)).first()


def fill_notice(notice, page, contributeur):
    """Copy the page's facts onto the notice (in memory: saved by the caller)."""
    notice.titre = page.title[:500]
    notice.type_document = KIND_TO_TYPE_DOCUMENT[page.kind]
    notice.annee = page.date.year if page.date else None
    notice.date_publication = page.date
    notice.resume = page.resume or _summary(page)
    notice.editeur = contributeur.nom
    notice.collection = _series(page)
    notice.contributeur = contributeur
    notice.external_id = external_id(page)
    notice.themes = list(page.themes.all())
    notice.territoires = list(page.territoires.all())
    notice.auteurs = [
        NoticeAuteur(nom=author.display_name,
                     nature=NoticeAuteur.Nature.COLLECTIVITE if author.acteur_id else NoticeAuteur.Nature.PERSONNE)
        for author in page.auteurs.select_related("acteur") if author.display_name
    ]
    notice.fichiers = [NoticeFichier(fichier=fichier) for fichier in public_fichiers(page)]
    url = page.get_url()  # on the configured site address, not the Site record's (often localhost)
    url = addresses.absolute(url) if url else ""
    notice.liens = [NoticeLien(url=url, libelle=_("Page of the publication"))] if url else []
    return notice


def _summary(page):
    """Without a résumé, a fiche expérience is summed up by the start of its context."""
    contexte = getattr(page, "contexte", "")
    return Truncator(unescape(strip_tags(contexte))).chars(SUMMARY_LENGTH) if contexte else ""


def public_fichiers(page):
    """The page's files that are not private (and a podcast's sound file), without repeats."""
    found = [item.fichier for item in page.fichiers.select_related("fichier")]
    audio = getattr(page, "audio", None)
    if audio is not None:
        found.append(audio)
    unique = {fichier.pk: fichier for fichier in found if not fichier.prive}
    return list(unique.values())


def _series(page):
    if isinstance(page, LettreInformationPage):
        return f"{page.newsletter_title}, n° {page.numero}"
    return ""


def publish_notice(page, user=None):
    """Create or overwrite the page's notice and publish it; returns the notice."""
    page = page.specific
    contributeur = centre_contributeur()
    notice = find_notice(page, contributeur) or Notice(live=False)
    fill_notice(notice, page, contributeur)
    notice.save()
    notice.save_revision(user=user, log_action=False).publish(user=user, skip_permission_checks=True)
    if page.notice_id != notice.pk:
        Publication.objects.filter(pk=page.pk).update(notice=notice)
        page.notice = notice
    return notice


def unpublish_notice(notice_id, user=None):
    notice = Notice.objects.filter(pk=notice_id, live=True).first()
    if notice is not None:
        notice.unpublish(user=user)
    return notice


def on_page_published(sender, instance, revision=None, **kwargs):
    if not isinstance(instance, Publication):
        return
    user = getattr(revision, "user", None)
    if instance.get_view_restrictions().exists():  # a page for members only has no public notice
        if instance.notice_id:
            unpublish_notice(instance.notice_id, user=user)
        return
    _publish_safely(instance, user)


def _publish_safely(page, user=None):
    try:
        with transaction.atomic():
            publish_notice(page, user=user)
    except Exception:  # the page is published or moved anyway; its next publication retries
        logger.exception("Could not update the notice of publication %s", page.pk)


def on_page_unpublished(sender, instance, **kwargs):
    if isinstance(instance, Publication) and instance.notice_id:
        unpublish_notice(instance.notice_id, user=kwargs.get("user"))


def on_page_moved(sender, instance, **kwargs):
    """A moved page (or a page below a moved index) has a new address: its notice links to it."""
    if kwargs.get("url_path_before") == kwargs.get("url_path_after"):
        return
    moved = Publication.objects.live().descendant_of(instance, inclusive=True).filter(notice__live=True)
    for page in moved:
        _publish_safely(page)


def on_publication_deleted(sender, instance, **kwargs):
    if instance.notice_id:
        unpublish_notice(instance.notice_id)


def connect():
    from django.db.models.signals import pre_delete
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(on_page_published, dispatch_uid="publications_notice_publish")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="publications_notice_unpublish")
    post_page_move.connect(on_page_moved, dispatch_uid="publications_notice_move")
    # Deleting a page (or an ancestor) collects its Publication row: one receiver covers every type.
    pre_delete.connect(on_publication_deleted, sender=Publication, dispatch_uid="publications_notice_delete")
