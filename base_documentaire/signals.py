"""Every change that alters what the public can find schedules an index update."""
from types import SimpleNamespace

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from . import files_service, indexing
from .models import Fichier, Notice, Territoire, Theme
from .vocabulary import synonyms


@receiver(post_save, sender=Notice)
@receiver(post_delete, sender=Notice)
def notice_changed(sender, instance, **kwargs):
    indexing.schedule([instance.pk])


@receiver(published, sender=Notice)
@receiver(unpublished, sender=Notice)
def notice_published(sender, instance, **kwargs):
    indexing.schedule([instance.pk])


@receiver(post_save, sender=Fichier)
def file_saved(sender, instance, **kwargs):
    if instance.has_new_content():
        files_service.after_upload(instance)
    else:  # privacy or title changed: the notices' documents change too
        indexing.schedule(instance.notices_liees.values_list("notice_id", flat=True))


@receiver(post_save, sender=Theme)
@receiver(post_delete, sender=Theme)
def thesaurus_changed(sender, instance, **kwargs):
    # Labels of broader themes and synonyms live in every document and in the analyser.
    from django.db import transaction

    from .tasks import rebuild_index_task

    transaction.on_commit(rebuild_index_task.enqueue)


@receiver(post_save, sender=Territoire)
def territory_changed(sender, instance, **kwargs):
    indexing.schedule(instance.notices.values_list("pk", flat=True))
    if _alias_group(instance) != getattr(instance, "_stored_alias_group", None):
        rebuild_index_on_commit()  # its label and aliases are a synonym group of the analysers, as a theme's


@receiver(pre_save, sender=Territoire)
def territory_saving(sender, instance, raw=False, **kwargs):
    """Remember the stored label and aliases (one query), to tell after the save whether they changed."""
    stored = Territoire.objects.filter(pk=instance.pk).values_list("libelle", "synonymes").first() if instance.pk else None
    instance._stored_alias_group = _alias_group(SimpleNamespace(libelle=stored[0], synonymes=stored[1])) if stored \
        else None


@receiver(post_delete, sender=Territoire)
def territory_deleted(sender, instance, **kwargs):
    if _alias_group(instance):
        rebuild_index_on_commit()


def _alias_group(territory):
    """A territory's synonym group (label and aliases), or None without aliases."""
    aliases = synonyms(territory.synonymes)
    return (territory.libelle, *aliases) if aliases else None


def rebuild_index_on_commit():
    """The whole index once the transaction commits (a new index with the new analysers, behind its alias): once
    per transaction, however many territories it saves."""
    from django.db import connection, transaction

    from .tasks import rebuild_index_task

    if connection.in_atomic_block and any(entry[1] == rebuild_index_task.enqueue for entry in connection.run_on_commit):
        return
    transaction.on_commit(rebuild_index_task.enqueue)


@receiver(m2m_changed, sender=Territoire.parents.through)
def territory_moved(sender, instance, **kwargs):
    if kwargs["action"].startswith("post_") and isinstance(instance, Territoire):
        indexing.schedule(instance.notices.values_list("pk", flat=True))


# -- Doublons (duplicate detection, base_documentaire/doublons/) --------------------------------
@receiver(post_save, sender=Notice)
def notice_saved_flag_duplicates(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw:  # never during fixture loading; detection itself never raises
        from .doublons import detection

        detection.after_save(instance, update_fields)


@receiver(post_delete, sender=Notice)
def notice_deleted_drop_pending_pairs(sender, instance, **kwargs):
    from django.db.models import Q

    from .doublons.models import Doublon

    Doublon.objects.filter(statut=Doublon.Statut.A_TRAITER).filter(
        Q(notice__isnull=True) | Q(candidat__isnull=True)).delete()
