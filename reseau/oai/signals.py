"""Tombstones follow the notices: a public notice that is unpublished or deleted gets one (with
the sets it was in), a notice published again loses it (an import's batch: all at once)."""
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import published, unpublished

from base_documentaire.importers.publication import notices_published
from base_documentaire.models import Notice

from . import dates
from .models import DeletedRecord, DeletedRecordSet
from .sets import ThemeTree, notice_specs


@receiver(published, sender=Notice)
def notice_published(sender, instance, batch=False, **kwargs):
    if not batch:  # an import's batch: notices_published below, once for all its notices
        DeletedRecord.objects.filter(notice_id=instance.pk).delete()


@receiver(notices_published, sender=Notice)
def batch_published(sender, notices, **kwargs):
    DeletedRecord.objects.filter(notice_id__in=[notice.pk for notice in notices]).delete()


@receiver(unpublished, sender=Notice)
def notice_unpublished(sender, instance, **kwargs):
    withdraw(instance)


@receiver(pre_delete, sender=Notice)
def notice_deleted(sender, instance, **kwargs):
    # A notice never published was never harvested: nothing to report. One already withdrawn
    # keeps its tombstone (and its date) as it is.
    if instance.first_published_at is None and not instance.live:
        return
    if not DeletedRecord.objects.filter(notice_id=instance.pk).exists():
        withdraw(instance)


def withdraw(notice):
    record, _created = DeletedRecord.objects.update_or_create(notice_id=notice.pk,
                                                              defaults={"datestamp": dates.now()})
    record.sets.all().delete()
    theme_ids = list(Notice.themes.through.objects.filter(notice_id=notice.pk).values_list("theme_id", flat=True))
    contributeur = Notice.objects.select_related("contributeur").get(pk=notice.pk).contributeur
    specs = notice_specs(theme_ids, contributeur, ThemeTree())
    DeletedRecordSet.objects.bulk_create([DeletedRecordSet(record=record, spec=spec) for spec in specs])
