"""The documentalist manages partners' tokens in the Wagtail admin: the key is shown once, only
its hash is kept, and a revoked token stops working at once."""
import re

from django.contrib.auth import get_user_model
from django.urls import reverse

from reseau.api.models import JetonApi, hash_key

from .conftest import BASE


def test_creating_a_token_shows_its_key_once_and_the_key_works(admin_client, client, contributeurs):
    partner_user = get_user_model().objects.create_user("vto", "vto@example.org", "x")
    response = admin_client.post(reverse("jetons_api:add"), {
        "nom": "Export PMB", "contributeur": contributeurs["vto"].pk, "user": partner_user.pk})
    assert response.status_code == 200
    html = response.content.decode()
    key = re.search(r'value="(crpv_[^"]+)"', html).group(1)
    assert "n'est affichée qu'une fois" in html
    jeton = JetonApi.objects.get()
    assert jeton.key_hash == hash_key(key) and jeton.contributeur == contributeurs["vto"]

    assert client.get(BASE + "notices/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    listing = admin_client.get(reverse("jetons_api:index")).content.decode()
    assert "Export PMB" in listing and jeton.key_prefix in listing and key not in listing
    edit = admin_client.get(reverse("jetons_api:edit", args=[jeton.pk])).content.decode()
    assert key not in edit


def test_a_token_cannot_give_a_partner_user_another_centres_notices(admin_client, contributeurs):
    from reseau.contribution.models import ComptePartenaire

    user = get_user_model().objects.create_user("resovilles", "r@example.org", "x")
    ComptePartenaire.objects.create(user=user, contributeur=contributeurs["resovilles"])
    response = admin_client.post(reverse("jetons_api:add"), {
        "nom": "Export", "contributeur": contributeurs["vto"].pk, "user": user.pk})
    assert response.status_code == 200 and not JetonApi.objects.exists()
    assert "un autre centre (RésO Villes)" in response.content.decode()


def test_revoking_a_token_in_the_admin(admin_client, client, partner):
    jeton, key = partner
    response = admin_client.post(reverse("jetons_api:edit", args=[jeton.pk]), {"nom": jeton.nom, "revoquer": "on"})
    assert response.status_code == 302
    jeton.refresh_from_db()
    assert jeton.revoked
    assert client.get(BASE + "notices/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_tokens_are_in_the_settings_menu(admin_client, db):
    response = admin_client.get("/admin/")
    assert "Jetons d'API des partenaires" in response.content.decode()
