"""Demo content for a first run, written from the seed documents (shared/seeds/).

Idempotent: what already exists (found by slug) is left as editors made it; only
missing pages and unset settings are created.
"""
from django.db import transaction
from wagtail.models import Page, Site

from .accessibility_demo import DECLARATION
from .models import HomePage, SiteSettings, StandardPage

HOME = {
    "title": "Centre de ressources politique de la ville",
    "slug": "accueil",
    "intro": (
        "<p>Qualification, information et mise en réseau des professionnel·les, élu·es, associations "
        "et conseils citoyens qui agissent dans les quartiers prioritaires de la politique de la ville.</p>"
    ),
    "body": [
        {"type": "heading", "value": {"text": "Nos missions", "level": "h2"}},
        {"type": "paragraph", "value": (
            "<p>Le centre accompagne la montée en compétence des acteur·rices de la politique de la ville "
            "autour de la cohésion sociale, de l'emploi et du développement économique, du renouvellement "
            "urbain, de la santé, de la citoyenneté et des transitions.</p>"
        )},
        {"type": "paragraph", "value": (
            "<p>Rencontres, cycles d'échanges, webinaires, publications (actes, dossiers thématiques, "
            "fiches expériences), service info-doc et base documentaire partagée avec le réseau "
            "des centres de ressources.</p>"
        )},
    ],
}

PAGES = [
    {
        "slug": "le-centre",
        "title": "Le centre de ressources",
        "intro": "Un facilitateur au service des acteur·rices du développement des quartiers et des territoires.",
        "body": [
            {"type": "paragraph", "value": (
                "<p>Le centre exerce une mission de qualification, d'information et de mise en réseau auprès "
                "des professionnel·les, des acteur·rices de la société civile, dont les conseils citoyens, "
                "et des élu·es, dans les domaines du développement social et territorial.</p>"
            )},
            {"type": "heading", "value": {"text": "De nouveaux formats", "level": "h2"}},
            {"type": "paragraph", "value": (
                "<p>À côté des journées et des cycles d'échanges, des formats numériques valorisent les "
                "acteurs, diffusent les bonnes pratiques, questionnent les expert·es et mettent les sujets "
                "en débat.</p>"
            )},
        ],
    },
    {
        "slug": "nos-rendez-vous",
        "title": "Nos rendez-vous",
        "intro": "Journées d'échanges, cycles, ateliers et webinaires.",
        "body": [
            {"type": "heading", "value": {"text": "Quartiers en transitions #2", "level": "h2"}},
            {"type": "paragraph", "value": (
                "<p>La deuxième saison du cycle rapproche réseaux, expériences et territoires autour de "
                "quatre questions : les mobilités, la biodiversité, l'habiter et la démocratie.</p>"
            )},
        ],
    },
    {
        "slug": "service-info-doc",
        "title": "Service info-doc",
        "intro": "Un service gratuit qui répond aux besoins d'information des professionnel·les.",
        "body": [
            {"type": "paragraph", "value": (
                "<p>Recherche de documents, dossiers thématiques et bibliographies, orientation vers les "
                "bonnes personnes et les expert·es : 112 demandes ont été traitées en 2023.</p>"
            )},
        ],
    },
    DECLARATION,
    {
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "intro": "Éditeur du site, hébergement et données personnelles.",
        "show_in_menus": False,
        "body": [
            {"type": "paragraph", "value": (
                "<p>Les données personnelles recueillies par les formulaires du site servent uniquement à "
                "répondre aux demandes ; elles sont conservées pour une durée limitée.</p>"
            )},
        ],
    },
]

SETTINGS = {
    "organisation_name": "Centre de ressources politique de la ville",
    "tagline": "Qualifier, informer, mettre en réseau",
    "address": "12 rue de l'Exemple\n95000 Cergy",
    "contact_email": "contact@example.org",
    "phone": "01 00 00 00 00",
}
PARTNERS = [
    {"name": "Agence nationale de la cohésion des territoires", "logo": None, "url": "https://anct.gouv.fr/"},
    {"name": "Réseau national des centres de ressources politique de la ville", "logo": None,
     "url": "https://www.reseau-crpv.fr/"},
    {"name": "Région Île-de-France", "logo": None, "url": "https://www.iledefrance.fr/"},
]


@transaction.atomic
def load():
    home = _home_page()
    _site(home)
    for spec in PAGES:
        _child_page(home, spec)
    _settings(home)
    return home


def _home_page():
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(**HOME))
        home.save_revision().publish()
    return home


def _site(home):
    """Point the default site at the demo home page and drop Wagtail's welcome page."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page, site.site_name = home, SETTINGS["organisation_name"]
    site.save()
    Page.objects.filter(depth=2, slug="home").exclude(pk=home.pk).delete()


def _child_page(home, spec):
    if Page.objects.child_of(home).filter(slug=spec["slug"]).exists():
        return
    spec = {"show_in_menus": True, **spec}
    page = home.add_child(instance=StandardPage(**spec))
    page.save_revision().publish()


def _settings(home):
    site = Site.objects.get(root_page=home)
    site_settings = SiteSettings.for_site(site)
    if site_settings.accessibility_page_id is None:  # an unset setting, also on a site made before it existed
        site_settings.accessibility_page_id = (
            StandardPage.objects.child_of(home).filter(slug="accessibilite").values_list("pk", flat=True).first())
    if not site_settings.organisation_name:
        for field, value in SETTINGS.items():
            setattr(site_settings, field, value)
        site_settings.footer_links = [
            {"type": "link", "value": {"label": "Mentions légales", "page": _page_id(home, "mentions-legales"),
                                       "url": ""}},
        ]
        site_settings.partners = [{"type": "partner", "value": partner} for partner in PARTNERS]
    site_settings.save()


def _page_id(home, slug):
    return StandardPage.objects.child_of(home).get(slug=slug).pk
