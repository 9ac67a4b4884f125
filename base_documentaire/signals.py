"""Every change that alters what the public can find schedules an index update."""
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from . import files_service, indexing
from .models import Fichier, Notice, Territoire, Theme


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
