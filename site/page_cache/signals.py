"""What bumps the content generation (crpv_site.cache): every save or delete of a model the public pages show,
once its transaction commits — pages (publish, unpublish, move, delete: each saves or deletes a page row), notices
and their vocabularies, snippets, site settings, images and files, redirects — and every page move. The search
index's updates bump it where they happen (base_documentaire.indexing: search pages change when the index does).
Models that only the staff or one reader see (requests, baskets, statistics, the index outbox, renditions and
embeds the pages create while rendering) are left out: they change on public requests and would empty the cache.
"""
from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from crpv_site.cache import bump_on_commit

CONTENT_APPS = {
    "home", "annuaire", "agenda", "publications", "territoires", "actualites", "infodoc", "veille", "club",
    "base_documentaire", "wagtailcore", "wagtailimages", "wagtaildocs", "wagtailredirects", "taggit",
}
PRIVATE_MODELS = {
    "annuaire.demandergpd", "infodoc.compteurreference", "infodoc.demandeinfodoc", "infodoc.noteinterne",
    "infodoc.reponse", "veille.alerte", "veille.abonnementbulletin", "veille.envoibulletin",
    "veille.livraisonbulletin", "base_documentaire.pendingindexupdate", "base_documentaire.doublon",
    "base_documentaire.termecandidat", "wagtailimages.rendition",
}
PUBLIC_CORE_MODELS = {"page", "site", "locale", "collection", "pageviewrestriction", "collectionviewrestriction"}


def is_public_content(model):
    meta = model._meta
    if meta.app_label not in CONTENT_APPS or meta.label_lower in PRIVATE_MODELS:
        return False
    return meta.app_label != "wagtailcore" or meta.model_name in PUBLIC_CORE_MODELS


def content_changed(sender, using=None, raw=False, **kwargs):
    if not raw:
        bump_on_commit(using)


def relation_changed(sender, action, using=None, **kwargs):
    if action.startswith("post_") and is_public_content(sender):
        bump_on_commit(using)


def connect():
    for model in apps.get_models():
        if is_public_content(model):
            post_save.connect(content_changed, sender=model, dispatch_uid=f"page_cache_save_{model._meta.label}")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"page_cache_delete_{model._meta.label}")
    m2m_changed.connect(relation_changed, dispatch_uid="page_cache_m2m")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"page_cache_{id(signal)}")
