"""The moderator's decisions on a pair: merge it into the notice kept, or keep both.

A merge, in one transaction: the notice kept receives the other's files, copies, links, thèmes,
territoires and keywords (and its authors and empty fields when it has none), the other's
contributeur becomes an associated contributeur, a new revision is saved (and published when the
kept notice is live); the other notice is unpublished and deleted, its public permalink redirects
to the kept one, its identifier becomes an alias of the kept one (``aliases``). The search index
follows through the outbox (the notices' signals).
"""
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.actions.unpublish import UnpublishAction
from wagtail.contrib.redirects.models import Redirect
from wagtail.log_actions import log

from . import aliases
from .models import Doublon

# Fields copied from the removed notice when the kept one leaves them empty.
FILLED_FIELDS = ("sous_titre", "editeur", "lieu_edition", "annee", "date_publication", "collation", "collection",
                 "isbn", "issn", "resume", "note_publique")


class DecisionError(Exception):
    """A decision that cannot be made; the message is for the moderator."""


def can_merge(user):
    return user.has_perm("base_documentaire.merge_doublon")


def can_decide(user):
    return user.has_perm("base_documentaire.change_doublon")


def _pending(pair_pk):
    pair = Doublon.objects.select_for_update().filter(pk=pair_pk).first()
    if pair is None:
        raise DecisionError(_("This pair no longer exists."))
    if pair.statut != Doublon.Statut.A_TRAITER:
        raise DecisionError(_("This pair has already been handled."))
    if pair.notice_id is None or pair.candidat_id is None:
        raise DecisionError(_("One of the two notices no longer exists."))
    return pair


def _decide(pair, statut, user, kept=None):
    pair.statut = statut
    pair.decide_par = user if user and user.is_authenticated else None
    pair.decide_le = timezone.now()
    pair.conservee_numero = kept
    pair.save(update_fields=["statut", "decide_par", "decide_le", "conservee_numero"])


def keep_both(pair_pk, user):
    """The two notices are different documents: the pair is closed and never flagged again."""
    with transaction.atomic():
        pair = _pending(pair_pk)
        _decide(pair, Doublon.Statut.CONSERVES, user)
    return pair


def merge(pair_pk, keep_pk, user):
    """Merge the pair into the notice ``keep_pk``; returns the kept notice."""
    from base_documentaire.models import Notice

    with transaction.atomic():
        pair = _pending(pair_pk)
        try:
            keep_pk = int(keep_pk)
        except (TypeError, ValueError):
            keep_pk = None
        if pair.notice_id == pair.candidat_id:
            raise DecisionError(_("A notice cannot be merged with itself."))
        if keep_pk not in (pair.notice_id, pair.candidat_id):
            raise DecisionError(_("Choose one of the two notices of the pair to keep."))
        other_pk = pair.candidat_id if keep_pk == pair.notice_id else pair.notice_id
        notices = {notice.pk: notice for notice in Notice.objects.select_for_update().filter(
            pk__in=[keep_pk, other_pk])}
        kept, other = notices[keep_pk], notices[other_pk]
        _check(kept, other, user)
        old_url = _public_url(other)
        _carry_over(kept, other)
        kept.save()
        revision = kept.save_revision(user=user, log_action=True)
        if kept.live:
            revision.publish(user=user, skip_permission_checks=True)
        if other.live:  # the merge permission covers it, as publishing the kept notice above
            UnpublishAction(other, user=user, log_action=True).execute(skip_permission_checks=True)
        # Other pending pairs of the removed notice: detection on the kept one flags them again.
        Doublon.objects.filter(Q(notice_id=other.pk) | Q(candidat_id=other.pk),
                               statut=Doublon.Statut.A_TRAITER).exclude(pk=pair.pk).delete()
        _decide(pair, Doublon.Statut.FUSIONNES, user, kept=kept.pk)  # before the deletion drops pending pairs
        aliases.record(kept, other)  # a later import of the other's identifier updates the kept one
        log(instance=other, action="wagtail.delete", user=user)
        other.delete()
        _redirect(old_url, kept)
        from .detection import flag_safely

        flag_safely(kept)
    return kept


def _check(kept, other, user):
    for notice in (kept, other):
        if notice.locked and notice.locked_by_id != getattr(user, "pk", None):
            raise DecisionError(_("Notice no. %(number)d is locked by another user.") % {"number": notice.pk})
    if kept.workflow_in_progress or (kept.live and kept.has_unpublished_changes):
        raise DecisionError(_("Notice no. %(number)d has changes waiting for publication or moderation: "
                              "publish or discard them before merging into it.") % {"number": kept.pk})


def _carry_over(kept, other):
    from base_documentaire.models import Exemplaire, NoticeAuteur, NoticeFichier, NoticeLien

    for name in FILLED_FIELDS:
        if getattr(kept, name) in ("", None) and getattr(other, name) not in ("", None):
            setattr(kept, name, getattr(other, name))
    files = list(kept.fichiers.all())
    known = {link.fichier_id for link in files}
    files += [NoticeFichier(fichier_id=link.fichier_id) for link in other.fichiers.all()
              if link.fichier_id not in known and not known.add(link.fichier_id)]
    kept.fichiers = _ordered(files)
    kept.exemplaires = _ordered(list(kept.exemplaires.all()) + [
        Exemplaire(localisation_id=copy.localisation_id, cote=copy.cote, disponibilite=copy.disponibilite)
        for copy in other.exemplaires.all()])
    links = list(kept.liens.all())
    urls = {link.url for link in links}
    links += [NoticeLien(url=link.url, libelle=link.libelle) for link in other.liens.all()
              if link.url not in urls and not urls.add(link.url)]
    kept.liens = _ordered(links)
    if not list(kept.auteurs.all()):
        kept.auteurs = _ordered([NoticeAuteur(nom=author.nom, nature=author.nature, role=author.role)
                                 for author in other.auteurs.all()])
    kept.themes = _union(kept.themes.all(), other.themes.all())
    kept.territoires = _union(kept.territoires.all(), other.territoires.all())
    kept.mots_cles.set(_union(kept.mots_cles.all(), other.mots_cles.all()))
    associated = _union(kept.contributeurs_associes.all(), other.contributeurs_associes.all())
    if other.contributeur:
        associated = _union(associated, [other.contributeur])
    kept.contributeurs_associes = [item for item in associated if item.pk != kept.contributeur_id]
    trace = _("Merged with notice no. %(number)d (%(contributeur)s, identifier “%(id)s”).") % {
        "number": other.pk, "contributeur": other.contributeur or "—", "id": other.external_id or "—"}
    kept.note_privee = "\n".join(part for part in (kept.note_privee, trace) if part)


def _ordered(children):
    for index, child in enumerate(children):
        child.sort_order = index
    return children


def _union(first, second):
    items = {item.pk: item for item in first}
    for item in second:
        items.setdefault(item.pk, item)
    return list(items.values())


def _public_url(notice):
    from django.http import Http404

    try:
        return notice.get_absolute_url()
    except Http404:  # no public documentary page: nothing to redirect
        return None


def _redirect(old_url, kept):
    if not old_url or not kept.live:
        return
    new_url = _public_url(kept)
    if new_url:
        old_path = Redirect.normalise_path(old_url)
        Redirect.objects.filter(old_path=old_path, site=None).delete()
        Redirect.objects.create(old_path=old_path, site=None, redirect_link=new_url, is_permanent=True)
