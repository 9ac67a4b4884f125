"""Tombstones follow the notices' publication, whatever changes it (admin, import, harvester)."""
import pytest

from base_documentaire.models import Notice
from reseau.oai.models import DeletedRecord

from .conftest import make_notice

pytestmark = pytest.mark.django_db


def specs(notice_id):
    return sorted(DeletedRecord.objects.get(notice_id=notice_id).sets.values_list("spec", flat=True))


def test_unpublishing_a_public_notice_reports_it_deleted(vocabulary, contributeurs):
    notice = make_notice("Diagnostic santé", themes=[vocabulary["sante"]], contributeur=contributeurs["vto"])
    assert not DeletedRecord.objects.exists()
    notice.unpublish()
    assert specs(notice.pk) == ["contributeur:vto", "theme:cohesion-sociale", "theme:sante"]


def test_publishing_again_removes_the_tombstone(vocabulary):
    notice = make_notice("Diagnostic santé", themes=[vocabulary["sante"]])
    notice.unpublish()
    notice.save_revision().publish()
    assert not DeletedRecord.objects.filter(notice_id=notice.pk).exists()


def test_deleting_a_public_notice_reports_it_deleted(vocabulary, contributeurs):
    notice = make_notice("Emploi", themes=[vocabulary["emploi"]], contributeur=contributeurs["resovilles"])
    notice_id = notice.pk
    notice.delete()
    assert specs(notice_id) == ["contributeur:resovilles", "theme:emploi-et-developpement-economique"]


def test_deleting_a_withdrawn_notice_keeps_its_withdrawal_date(vocabulary):
    notice = make_notice("Emploi", themes=[vocabulary["emploi"]])
    notice.unpublish()
    withdrawn_on = DeletedRecord.objects.get(notice_id=notice.pk).datestamp
    notice_id = notice.pk
    Notice.objects.get(pk=notice_id).delete()
    assert DeletedRecord.objects.get(notice_id=notice_id).datestamp == withdrawn_on


def test_a_notice_never_published_leaves_no_tombstone(vocabulary):
    notice = make_notice("Brouillon", themes=[vocabulary["emploi"]], publish=False)
    notice.delete()
    assert not DeletedRecord.objects.exists()


def test_a_failed_deletion_leaves_no_tombstone(vocabulary):
    from django.db import transaction

    notice_id = make_notice("Emploi", themes=[vocabulary["emploi"]]).pk
    with pytest.raises(RuntimeError), transaction.atomic():
        Notice.objects.get(pk=notice_id).delete()
        raise RuntimeError("the editor's transaction fails")
    assert not DeletedRecord.objects.exists()
    assert Notice.objects.filter(pk=notice_id, live=True).exists()
