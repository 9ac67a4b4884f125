"""The documentary base in the Wagtail admin."""
from bs4 import BeautifulSoup

from base_documentaire.models import Notice


def test_notices_are_under_the_moderation_workflow(db):
    workflow = Notice().get_workflow()
    assert workflow is not None and workflow.active
    assert [task.name for task in workflow.tasks.all()] == ["Moderators approval"]


def test_notice_list_and_edit_views(admin_client, notices):
    response = admin_client.get("/admin/snippets/base_documentaire/notice/")
    assert response.status_code == 200
    assert notices["emploi"].titre in BeautifulSoup(response.content, "html.parser").get_text()
    edit = admin_client.get(f"/admin/snippets/base_documentaire/notice/edit/{notices['emploi'].pk}/")
    assert edit.status_code == 200 and "Thèmes" in edit.content.decode()


def test_file_extraction_status_is_listed_for_editors(admin_client, db):
    response = admin_client.get("/admin/fichiers_texte/")
    assert response.status_code == 200
    assert "Extraction du texte" in response.content.decode()
