"""The admin's editors do not autosave (WAGTAIL_AUTOSAVE_INTERVAL = 0): an autosave still running on an add form
when « Enregistrer le brouillon » was clicked created the notice twice (a page: a 500). The browser test
(tests/browser/test_notice_autosave.py) shows the click itself; this pins every editor: the notices' (the only
snippet with revisions) and the pages', add and edit."""
import pytest
from bs4 import BeautifulSoup


@pytest.fixture
def editor_urls(demo_site):
    from base_documentaire.models import Notice

    notice = Notice.objects.create(titre="Rénovation urbaine et mixité sociale", annee=2023)
    notice.save_revision()
    return {
        "notice add": "/admin/snippets/base_documentaire/notice/add/",
        "notice edit": f"/admin/snippets/base_documentaire/notice/edit/{notice.pk}/",
        "page add": f"/admin/pages/add/home/standardpage/{demo_site.pk}/",
        "page edit": f"/admin/pages/{demo_site.pk}/edit/",
    }


@pytest.mark.parametrize("editor", ["notice add", "notice edit", "page add", "page edit"])
def test_editors_do_not_autosave(admin_client, editor_urls, editor):
    response = admin_client.get(editor_urls[editor])
    assert response.status_code == 200
    assert response.context["autosave_enabled"] is False
    form = BeautifulSoup(response.content, "html.parser").select_one("form[data-edit-form]")
    assert "w-unsaved" in form["data-controller"]  # leaving with unsaved edits still asks first
    assert "w-autosave" not in form["data-controller"]
    assert not form.has_attr("data-w-autosave-interval-value")
