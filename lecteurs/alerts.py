"""The reader's e-mail alerts and bulletin subscriptions, kept by the watch app (`veille`), shown and managed
in "Mon espace".

VEILLE SPOT: the alerts app was written at the same time as this one; nothing here imports it, so the reader's
space works with or without it. When `veille` is installed, its model `Alerte` (an optional `user` foreign key,
an `email`) is reached through the app registry: the reader's alerts are those of the account and those sent to
one of its verified addresses; they are listed with an unsubscribe button, exported and deleted with the account.
The same goes for its subscriptions to bulletins de veille (model `AbonnementBulletin`: `user`, `email`, `archive`).
"""
from django.apps import apps
from django.db.models import Q

from . import searches


def installed():
    return apps.is_installed("veille")


def _model(name="Alerte"):
    return apps.get_model("veille", name)


def _of(user, emails, name="Alerte"):
    matches = Q(user=user)
    for email in emails:
        matches |= Q(email__iexact=email)
    return _model(name).objects.filter(matches)


def reader_alerts(user, emails):
    """The reader's alerts with what they look for, in words (an empty list without the alerts app)."""
    if not installed():
        return []
    return [{"alert": alert, "summary": searches.summary(alert.recherche)}
            for alert in _of(user, emails).order_by("-created_at", "-pk")]


def delete_alert(user, emails, pk):
    """Unsubscribe one of the reader's alerts; False when it is not theirs (or there is no alerts app)."""
    if not installed():
        return False
    deleted, _rows = _of(user, emails).filter(pk=pk).delete()
    return bool(deleted)


def export_alerts(user, emails):
    return [{"recherche": row["alert"].recherche, "email": row["alert"].email,
             "frequence": row["alert"].frequence, "creee_le": row["alert"].created_at.isoformat(),
             "confirmee_le": row["alert"].confirmee_le.isoformat() if row["alert"].confirmee_le else None}
            for row in reader_alerts(user, emails)]


def delete_alerts(user, emails):
    if not installed():
        return 0
    return _of(user, emails).delete()[0]


BULLETINS = "AbonnementBulletin"


def reader_bulletins(user, emails):
    """The reader's subscriptions to bulletins de veille, with their archive page."""
    if not installed():
        return []
    return list(_of(user, emails, BULLETINS).select_related("archive").order_by("-created_at", "-pk"))


def delete_bulletin_subscription(user, emails, pk):
    if not installed():
        return False
    deleted, _rows = _of(user, emails, BULLETINS).filter(pk=pk).delete()
    return bool(deleted)


def export_bulletins(user, emails):
    return [{"bulletins": subscription.archive.title, "email": subscription.email,
             "creee_le": subscription.created_at.isoformat(),
             "confirmee_le": subscription.confirmee_le.isoformat() if subscription.confirmee_le else None}
            for subscription in reader_bulletins(user, emails)]


def delete_bulletins(user, emails):
    if not installed():
        return 0
    return _of(user, emails, BULLETINS).delete()[0]
