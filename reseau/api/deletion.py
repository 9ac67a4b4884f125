"""Deleting a notice through the partner API follows the admin's rule (reseau.contribution's
permission policy): a draft that was never published is deleted at once; a notice that is or was
published leaves the base through the documentalist, so the API records a deletion request
(`DemandeSuppression`) and the notice stays published until she approves it in the admin
(*Base documentaire › Demandes de suppression*) or refuses it."""
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.delete import DeleteAction
from wagtail.actions.unpublish import UnpublishAction

from base_documentaire.models import Notice
from crpv_site.mail import absolute_url

from .models import DemandeSuppression


class AlreadyDecided(Exception):
    """The request was approved or refused meanwhile."""


def needs_moderation(notice):
    """The admin's rule: a partner never deletes a published notice (nor one published once)."""
    return bool(notice.live or notice.first_published_at)


def pending(notice):
    return DemandeSuppression.objects.filter(notice=notice, statut=DemandeSuppression.Statut.EN_ATTENTE).first()


def latest(notice):
    return DemandeSuppression.objects.filter(notice=notice).order_by("-demandee_le", "-pk").first()


def request_deletion(notice, contributeur, user):
    """The pending request for this notice: the one already waiting, or a new one."""
    found = pending(notice)
    if found is not None:
        return found
    try:
        with transaction.atomic():
            demande = DemandeSuppression.objects.create(notice=notice, contributeur=contributeur, demandee_par=user)
    except IntegrityError:  # the same request made at the same moment
        return pending(notice)
    tell_documentalists(demande)
    return demande


def tell_documentalists(demande):
    """An e-mail to each documentalist (the Moderators group), as a submission gets; a mail server
    failure never undoes the request (reseau.contribution.notifications.send)."""
    from reseau.contribution.notifications import display_name, send
    from reseau.contribution.partners import MODERATORS_GROUP

    documentalists = get_user_model().objects.filter(groups__name=MODERATORS_GROUP, is_active=True).distinct()
    context = {"notice": demande.notice, "contributeur": demande.contributeur,
               "submitter": display_name(demande.demandee_par),
               "list_url": absolute_url(reverse("demandes_suppression:index"))}
    send(list(documentalists), "partner_api/emails/deletion_requested", context, "submitted")


def delete_notice(notice, user):
    """As the admin does: unpublish (the public page and the index follow), then delete."""
    with transaction.atomic():
        stored = Notice.objects.select_for_update().get(pk=notice.pk)
        if stored.live:
            UnpublishAction(stored, user=user).execute(skip_permission_checks=True)
        DeleteAction(stored, user=user).execute(skip_permission_checks=True)


def approve(demande_pk, user):
    """Delete the notice (its requests go with it); returns the deleted notice's title."""
    with transaction.atomic():
        demande = _pending_for_decision(demande_pk)
        title = demande.notice.titre
        delete_notice(demande.notice, user)
    return title


def refuse(demande_pk, user, comment=""):
    with transaction.atomic():
        demande = _pending_for_decision(demande_pk)
        demande.statut = DemandeSuppression.Statut.REFUSEE
        demande.decidee_par, demande.decidee_le, demande.commentaire = user, timezone.now(), comment.strip()
        demande.save(update_fields=["statut", "decidee_par", "decidee_le", "commentaire"])
    return demande


def _pending_for_decision(pk):
    demande = (DemandeSuppression.objects.select_for_update().select_related("notice")
               .filter(pk=pk, statut=DemandeSuppression.Statut.EN_ATTENTE).first())
    if demande is None:
        raise AlreadyDecided()
    return demande
