from bs4 import BeautifulSoup


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_home_page_renders_in_french_with_landmarks(client, demo_site, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):  # 13 today: the page, the settings and the empty home sections
        response = client.get("/")

    assert response.status_code == 200
    soup = _soup(response)
    assert soup.html["lang"] == "fr"
    skip = soup.select_one("a.skip-link")
    assert skip.get_text(strip=True) == "Aller au contenu" and skip["href"] == "#contenu"
    assert soup.find("header") and soup.find("footer")
    assert soup.select_one("main#contenu")
    assert soup.find("nav", attrs={"aria-label": "Navigation principale"})
    search = soup.find("form", attrs={"role": "search"})
    assert search.find("label", attrs={"for": "site-search-q"}).get_text(strip=True) == "Rechercher sur le site"
    assert soup.h1.get_text(strip=True) == demo_site.title


def test_main_navigation_lists_menu_pages_only(client, demo_site):
    nav = _soup(client.get("/")).find("nav", attrs={"aria-label": "Navigation principale"})
    labels = [link.get_text(strip=True) for link in nav.find_all("a")]
    assert labels == ["Le centre de ressources", "Nos rendez-vous", "Service info-doc"]


def test_standard_page_marks_current_menu_item_and_breadcrumbs(client, demo_site, django_assert_max_num_queries):
    client.get("/")  # the first request of a site looks up its settings: not the page's own cost
    with django_assert_max_num_queries(12):
        response = client.get("/le-centre/")
    assert response.status_code == 200
    soup = _soup(response)
    current = soup.find("nav", attrs={"aria-label": "Navigation principale"}).find("a", attrs={"aria-current": "page"})
    assert current.get_text(strip=True) == "Le centre de ressources"
    crumbs = soup.find("nav", attrs={"aria-label": "Vous êtes ici"})
    assert [li.get_text(strip=True) for li in crumbs.find_all("li")] == ["Accueil", "Le centre de ressources"]


def test_footer_shows_site_settings(client, demo_site):
    footer = _soup(client.get("/")).find("footer")
    assert "contact@example.org" in footer.get_text()
    assert footer.find("a", string="Accessibilité\u00a0: non conforme")["href"] == "/accessibilite/"


def test_unknown_page_answers_french_404(client, demo_site):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    soup = _soup(response)
    assert soup.h1.get_text(strip=True) == "Page introuvable"
    assert soup.html["lang"] == "fr"


def test_server_error_page_is_french_and_self_contained(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    soup = _soup(response)
    assert soup.h1.get_text(strip=True) == "Une erreur est survenue"
    assert not soup.find("link", rel="stylesheet")  # renders even when static files are broken
