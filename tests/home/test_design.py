"""The site's chrome and design system, as served HTML: header (logo and bloc-marque from the site settings,
one documentary search box, the menu's disclosure button, the info-doc service's links), footer (partners,
accessibility status), the print stylesheet, the colour tokens' contrast, the cards, the accessibility
declaration and the admin's sign-in page in French with the centre's name."""
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from home.models import AccessibilityStatus, SiteSettings
from infodoc.models import DemandeInfoDocPage, QuestionsReponsesPage
from tests.base_documentaire.conftest import documentary_page  # noqa: F401

CSS_DIR = Path(__file__).resolve().parents[2] / "site" / "static" / "css"


def _soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _settings():
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def service_pages(demo_site):
    service = demo_site.get_children().get(slug="service-info-doc")
    form = service.add_child(instance=DemandeInfoDocPage(title="Poser une question au service info-doc",
                                                         slug="demande-info-doc"))
    form.save_revision().publish()
    answers = service.add_child(instance=QuestionsReponsesPage(title="Questions-réponses", slug="questions-reponses"))
    answers.save_revision().publish()
    return form, answers


def test_header_shows_the_logo_name_and_tagline_from_the_settings_as_webp_with_a_fallback(client, demo_site):
    site_settings = _settings()
    site_settings.logo = Image.objects.create(title="Logo", file=get_test_image_file())
    site_settings.organisation_name, site_settings.tagline = "CRPV de l'Essonne", "Informer, relier"
    site_settings.save()

    brand = _soup(client.get("/")).select_one("header .brand")
    assert brand["href"] == "/"
    assert brand.select_one(".brand-name").get_text(strip=True) == "CRPV de l'Essonne"
    assert brand.select_one(".brand-tagline").get_text(strip=True) == "Informer, relier"
    picture = brand.find("picture")
    assert picture.find("source")["type"] == "image/webp"
    fallback = picture.find("img")
    assert fallback["src"].endswith(".png") and fallback["alt"] == ""  # the name is beside it


def test_menu_button_is_a_disclosure_added_by_a_static_script_and_the_menu_works_without_it(client, demo_site):
    soup = _soup(client.get("/"))
    button = soup.select_one("header button.menu-toggle")
    assert button["aria-expanded"] == "false" and button.has_attr("hidden")  # shown by the script only
    menu = soup.find(id=button["aria-controls"])
    assert menu.name == "nav" and menu["aria-label"] == "Navigation principale"
    script = soup.find("script", src=re.compile(r"js/menu\.js$"))
    assert script.has_attr("defer")
    assert all(tag.has_attr("src") for tag in soup.find_all("script")), "no inline script (CSP)"
    assert not soup.select("[style]")
    source = (CSS_DIR.parent / "js" / "menu.js").read_text()
    assert "aria-expanded" in source and "button.hidden = false" in source


def test_one_search_box_on_the_home_page_sends_to_the_documentary_base(client, demo_site, documentary_page):
    soup = _soup(client.get("/"))
    [form] = soup.find_all("form", attrs={"role": "search"})
    assert form["action"] == "/base-documentaire/"
    assert form.find("label", attrs={"for": "site-search-q"}).get_text(strip=True) == \
        "Rechercher dans la base documentaire"
    whole_site = form.find("button", attrs={"formaction": "/recherche/"})
    assert whole_site.get_text(strip=True) == "Chercher dans tout le site"


def test_the_documentary_page_keeps_its_own_search_box_only(client, demo_site, documentary_page):
    soup = _soup(client.get("/base-documentaire/"))
    assert soup.find(id="site-search-q") is None
    assert soup.find("header").find("form") is None


def test_menu_and_home_link_the_info_doc_form_and_the_questions_reponses(client, demo_site, service_pages):
    form, answers = service_pages
    soup = _soup(client.get("/"))
    menu = soup.find("nav", attrs={"aria-label": "Navigation principale"})
    links = {link.get_text(strip=True): link["href"] for link in menu.find_all("a")}
    assert links["Poser une question"] == form.url and links["Questions-réponses"] == answers.url
    block = soup.find(id="home-infodoc").find_parent("section")
    assert [link["href"] for link in block.find_all("a")] == [form.url, answers.url]

    current = _soup(client.get(answers.url)).find("nav", attrs={"aria-label": "Navigation principale"})
    assert "Questions-réponses" in [link.get_text(strip=True) for link in current.find_all("a", attrs={"aria-current": "page"})]


def test_footer_lists_partners_and_the_accessibility_status_from_the_settings(client, demo_site):
    footer = _soup(client.get("/")).find("footer")
    partners = footer.find(id="footer-partners").find_parent("section")
    assert [link.get_text(strip=True) for link in partners.find_all("a")] == [
        "Agence nationale de la cohésion des territoires",
        "Réseau national des centres de ressources politique de la ville", "Région Île-de-France"]
    status = footer.select_one(".accessibility-status a")
    assert status.get_text(strip=True) == "Accessibilité\u00a0: non conforme"
    assert status["href"] == "/accessibilite/"

    site_settings = _settings()
    site_settings.accessibility_status = AccessibilityStatus.NON_COMPLIANT
    site_settings.accessibility_page = None
    site_settings.partners = []
    site_settings.save()
    footer = _soup(client.get("/")).find("footer")
    assert footer.select_one(".accessibility-status").get_text(strip=True) == "Accessibilité\u00a0: non conforme"
    assert footer.select_one(".accessibility-status a") is None and footer.find(id="footer-partners") is None


def test_skip_link_to_the_results_on_a_filtered_listing(client, demo_site):
    from ressources.annuaire.models import AnnuairePage

    directory = demo_site.add_child(instance=AnnuairePage(title="Annuaire", slug="annuaire"))
    directory.save_revision().publish()
    soup = _soup(client.get("/annuaire/"))
    links = [(link["href"], link.get_text(strip=True)) for link in soup.select(".skip-links a")]
    assert links == [("#contenu", "Aller au contenu"), ("#resultats", "Aller aux résultats")]
    assert soup.find(id="resultats").name == "section"
    assert soup.find(id="results-title").name == "h2"  # the count's live region does not remove the heading


def test_print_stylesheet_is_linked_for_print_and_hides_the_chrome(client, demo_site):
    soup = _soup(client.get("/"))
    [link] = soup.find_all("link", href=re.compile(r"css/print\.css$"))
    assert link["media"] == "print"
    screen = soup.find("link", href=re.compile(r"css/site\.css$"))
    assert not screen.has_attr("media")
    css = (CSS_DIR / "print.css").read_text()
    hidden = css[:css.index("{ display: none !important; }")]
    for selector in (".site-header", ".main-nav", ".site-footer", "form", "button", ".facets"):
        assert selector in hidden
    assert 'content: " <" attr(href) ">"' in css  # the links' addresses printed
    assert "max-width: 3.5cm" in css  # covers small


def _luminance(hex_colour):
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_colour_tokens_meet_aa_contrast_for_the_pairs_the_site_uses():
    css = (CSS_DIR / "site.css").read_text()
    tokens = dict(re.findall(r"--(color-[a-z0-9-]+):\s*(#[0-9a-f]{6});", css))
    text_pairs = [("color-ink", "color-paper"), ("color-ink", "color-tint"), ("color-muted", "color-paper"),
                  ("color-muted", "color-tint"), ("color-muted", "color-grey-50"), ("color-brand", "color-paper"),
                  ("color-brand", "color-tint"), ("color-brand-dark", "color-paper"), ("color-accent", "color-paper"),
                  ("color-accent", "color-accent-tint"), ("color-error", "color-error-tint"),
                  ("color-paper", "color-brand"), ("color-paper", "color-ink")]
    for text, background in text_pairs:
        assert _contrast(tokens[text], tokens[background]) >= 4.5, (text, background)
    assert _contrast(tokens["color-field-border"], tokens["color-paper"]) >= 3  # form fields' borders
    font_stack = re.search(r"--font-sans:([^;]*);", css).group(1)
    assert "Marianne" not in font_stack and "Marianne" not in css.split("*/", 1)[1]  # the État's reserved typeface


def test_publication_card_shows_its_cover_in_webp_with_a_jpeg_fallback_or_a_placeholder(client, demo_site,
                                                                                        documentary_page):
    from tests.ressources.publications.conftest import make_publication
    from ressources.publications.models import PublicationsIndexPage

    index = demo_site.add_child(instance=PublicationsIndexPage(title="Nos publications", slug="publications"))
    index.save_revision().publish()
    cover = Image.objects.create(title="Couverture", file=get_test_image_file())
    make_publication(index, "Étude illustrée", kind="etude", cover=cover, cover_alt="")
    make_publication(index, "Dossier sans image", kind="dossier")

    cards = {card.h3.get_text(strip=True): card for card in _soup(client.get(index.url)).select(".publication-list .card")}
    illustrated = cards["Étude illustrée"]
    assert illustrated.find("source")["type"] == "image/webp"
    assert illustrated.find("img")["src"].endswith(".jpg")
    assert illustrated.select_one(".card-type").get_text(strip=True) == "Étude"
    plain = cards["Dossier sans image"]
    assert plain.find("img") is None
    placeholder = plain.select_one(".card-placeholder")
    assert placeholder["aria-hidden"] == "true" and placeholder.get_text(strip=True) == "Dossier thématique"
    assert plain.find("time")["datetime"] == "2023-06-01"


def test_accessibility_declaration_of_the_demo_has_what_rgaa_requires(client, demo_site):
    text = _soup(client.get("/accessibilite/")).find("main").get_text(" ", strip=True)
    for expected in ("non conforme", "audit complet", "RGAA", "5 décembre 2026", "HTML5", "axe-core", "320 px",
                     "Non-conformités connues", "Dérogations pour charge disproportionnée", "Défenseur des droits",
                     "Libre réponse 71120", "contact@example.org"):
        assert expected in text, expected


def test_service_info_doc_page_links_the_form_and_the_questions_reponses_once(client, demo_site, service_pages):
    from home import accessibility_demo

    form, answers = service_pages
    accessibility_demo.link_service_pages(demo_site)
    accessibility_demo.link_service_pages(demo_site)  # idempotent: the page now has two revisions
    main = _soup(client.get("/service-info-doc/")).find("main")
    hrefs = [link["href"] for link in main.select("article a")]
    assert hrefs.count(form.url) == 1 and hrefs.count(answers.url) == 1


def test_admin_sign_in_page_is_french_with_the_centres_name(client, demo_site):
    soup = _soup(client.get("/admin/login/"))
    assert soup.html["lang"] == "fr"
    assert soup.find("label", attrs={"for": "id_password"}).get_text(strip=True).startswith("Mot de passe")
    assert soup.find("label", attrs={"for": "id_username"}).get_text(strip=True).startswith("Nom d’utilisateur")
    assert soup.h1.get_text(strip=True) == "Se connecter"
    brand = soup.select_one(".crpv-login-brand")
    assert "Administration du site Centre de ressources politique de la ville" in brand.get_text()
    assert soup.find("a", string="Retour au site public")["href"] == "/"
    assert "Centre de ressources politique de la ville" in soup.title.get_text()
    assert "Password" not in soup.get_text() and "Sign in" not in soup.get_text()


def test_admin_pages_are_french(admin_client, demo_site):
    soup = _soup(admin_client.get("/admin/"))
    assert soup.html["lang"] == "fr"
    assert "Tableau de bord" in soup.get_text() or "Bienvenue" in soup.get_text()
    assert "Centre de ressources politique de la ville" in soup.title.get_text()


def test_card_pictures_are_fetched_with_the_list_not_one_query_per_card(client, demo_site, documentary_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ressources.publications.models import PublicationsIndexPage
    from tests.ressources.publications.conftest import make_publication

    index = demo_site.add_child(instance=PublicationsIndexPage(title="Nos publications", slug="publications"))
    index.save_revision().publish()

    def queries_with(count):
        for number in range(count):
            cover = Image.objects.create(title=f"Couverture {number}", file=get_test_image_file())
            make_publication(index, f"Étude {count}-{number}", kind="etude", cover=cover, cover_alt="")
        client.get(index.url)  # the renditions are made on the first view
        with CaptureQueriesContext(connection) as context:
            response = client.get(index.url)
        assert len(_soup(response).select(".publication-list source[type='image/webp']")) >= count
        return len(context)

    assert queries_with(2) == queries_with(4)


@pytest.mark.parametrize("kind", ["event", "acteur"])
def test_event_and_acteur_cards_pictures_come_with_the_list(client, demo_site, kind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ressources.agenda.models import AgendaIndexPage
    from ressources.annuaire.models import AnnuairePage
    from tests.ressources.agenda.conftest import make_event
    from tests.ressources.annuaire.conftest import make_acteur

    model = AgendaIndexPage if kind == "event" else AnnuairePage
    index = demo_site.add_child(instance=model(title=kind, slug=kind))
    index.save_revision().publish()

    def queries_with(count):
        for number in range(count):
            image = Image.objects.create(title=f"Image {number}", file=get_test_image_file())
            if kind == "event":
                make_event(index, f"Rencontre {count}-{number}", image=image)
            else:
                make_acteur(f"Association {count}-{number}", slug=f"association-{count}-{number}", logo=image)
        client.get(index.url)  # the renditions are made on the first view
        with CaptureQueriesContext(connection) as context:
            response = client.get(index.url)
        pictures = _soup(response).select(".cards source[type='image/webp']")
        assert len(pictures) >= count and all(picture.find_parent(class_="card-media") for picture in pictures)
        return len(context)

    assert queries_with(2) == queries_with(4)


def test_the_footers_accessibility_link_costs_no_query_of_its_own(client, demo_site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        client.get("/le-centre/")  # the site's settings read once
        with CaptureQueriesContext(connection) as context:
            footer = _soup(client.get("/le-centre/")).find("footer")
        return len(context), footer.select_one(".accessibility-status a")

    with_link, link = queries()
    assert link["href"] == "/accessibilite/"
    site_settings = _settings()
    site_settings.accessibility_page = None
    site_settings.save()
    without_link, link = queries()
    assert link is None and with_link == without_link
