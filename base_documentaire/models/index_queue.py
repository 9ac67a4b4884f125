from django.db import models


class PendingIndexUpdate(models.Model):
    """Outbox of notices whose search document must be (re)written or removed.

    A row is written in the same transaction as the change and deleted only once the engine
    has accepted the update, so an engine outage delays indexing but never loses it.
    """

    notice_id = models.BigIntegerField(unique=True)  # not a foreign key: deletions must reach the engine
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
