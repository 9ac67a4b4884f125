"""Readers never reach the Wagtail admin; the team keeps the admin's own login and gets no reader's space."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import resolve, reverse

from tests.lecteurs.conftest import PASSWORD

pytestmark = pytest.mark.django_db
SITE = "https://crpv.example.org"


def sign_up_and_confirm(client, mailpit, email):
    from tests.mailpit import links

    client.post("/compte/inscription/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    (message,) = mailpit.wait_for(email)
    (link,) = {href for href in links(message) if "/compte/confirmer-email/" in href}
    client.post(link.removeprefix(SITE))
    client.post("/compte/deconnexion/")
    response = client.post("/compte/connexion/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    return get_user_model().objects.get(email=email)


def test_a_signed_up_reader_is_refused_at_the_admin_and_its_api(client, mailpit, settings):
    settings.WAGTAILADMIN_BASE_URL = SITE
    reader = sign_up_and_confirm(client, mailpit, "curieuse@example.org")
    assert not (reader.is_staff or reader.is_superuser or reader.has_perm("wagtailadmin.access_admin"))
    assert not reader.groups.exists() and not reader.user_permissions.exists()

    for path in ("/admin/", "/admin/pages/", "/admin/documents/", "/admin/api/main/pages/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/admin/login/"), path
    assert client.get("/admin/api/main/pages/", HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 403
    refused = client.get("/admin/", follow=True).content.decode()
    assert "Vous n’avez pas l’autorisation d’accéder à l’administration" in refused

    # The admin's login form does not let a reader in either (no admin access, whatever the password).
    client.post("/compte/deconnexion/")
    response = client.post("/admin/login/", {"username": reader.get_username(), "password": PASSWORD})
    assert client.get("/admin/").status_code == 302


def test_the_admin_login_is_wagtails_and_still_lets_editors_in(client, editor):
    assert reverse("wagtailadmin_login") == "/admin/login/"
    assert resolve("/admin/login/").func.__module__.startswith("wagtail.admin")
    page = client.get("/admin/login/").content.decode()
    assert 'name="username"' in page and "/compte/" not in page
    response = client.post("/admin/login/", {"username": "documentaliste", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_an_editor_is_sent_to_the_admin_login_from_the_readers_login(client, editor):
    response = client.post("/compte/connexion/", {"login": editor.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/admin/login/"
    assert "_auth_user_id" not in client.session
    message = client.get("/admin/login/").content.decode()
    assert "connectez-vous par la page de connexion de l’administration" in message


@pytest.mark.parametrize("kind", ["editor", "staff", "superuser"])
def test_team_accounts_have_no_readers_space(client, editor, kind):
    user = editor
    if kind != "editor":
        user = get_user_model().objects.create_user(username=kind, email=f"{kind}@example.org", password=PASSWORD,
                                                    is_staff=True, is_superuser=kind == "superuser")
    client.force_login(user)
    for path in ("/mon-espace/", "/mon-espace/mes-donnees/", "/mon-espace/supprimer-mon-compte/"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "compte appartient à l’équipe du centre" in response.content.decode()
    assert client.post("/mon-espace/supprimer-mon-compte/", {"password": PASSWORD}).status_code == 403
    assert get_user_model().objects.filter(pk=user.pk).exists()
