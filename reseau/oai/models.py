"""Tombstones of notices that were public and no longer are: the repository reports them as
deleted records (deletedRecord = persistent) to harvesters that saw them before."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeletedRecord(models.Model):
    # Not a foreign key: the notice may be gone, its identifier must stay answerable.
    notice_id = models.BigIntegerField(_("notice"), unique=True)
    datestamp = models.DateTimeField(_("withdrawn on"), db_index=True)

    class Meta:
        ordering = ["notice_id"]
        verbose_name = _("deleted OAI record")
        verbose_name_plural = _("deleted OAI records")

    def __str__(self):
        return str(self.notice_id)


class DeletedRecordSet(models.Model):
    """A set the notice belonged to when it was withdrawn, for selective harvesting."""

    record = models.ForeignKey(DeletedRecord, on_delete=models.CASCADE, related_name="sets")
    spec = models.CharField(max_length=255, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "spec"], name="oai_deleted_record_set_unique")]
