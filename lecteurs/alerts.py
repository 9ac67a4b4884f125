"""The reader's e-mail alerts: the place "Mon espace" keeps for the alerts app (`veille`).

VEILLE SPOT: the alerts app is written in parallel. Until it is installed every function here answers
"no alert", and nothing imports it. Once `veille` is in INSTALLED_APPS, list the reader's alerts (its model has
an optional `user` foreign key) with an unsubscribe button, export them and delete them with the account.
"""
from django.apps import apps


def installed():
    return apps.is_installed("veille")


def reader_alerts(user):
    """The reader's alerts (an empty list until the alerts app exists)."""
    return []


def export_alerts(user):
    return [{"alerte": str(alert)} for alert in reader_alerts(user)]


def delete_alerts(user):
    return 0
