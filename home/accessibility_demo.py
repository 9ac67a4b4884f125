"""The demo's accessibility declaration (RGAA 4.1.2's model declaration, filled in for this site) and the
links the Service info-doc page gives to the request form and the questions-réponses."""
from wagtail.models import Page
from wagtail.rich_text import RichText

DECLARATION_DATE = "5 décembre 2026"


def _heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _paragraph(html):
    return {"type": "paragraph", "value": html}


DECLARATION = {
    "slug": "accessibilite",
    "title": "Accessibilité",
    "intro": "Déclaration d'accessibilité du site (RGAA 4.1.2).",
    "show_in_menus": False,
    "body": [
        _paragraph(
            "<p>Le Centre de ressources politique de la ville s'engage à rendre son site internet accessible "
            "conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration "
            "d'accessibilité s'applique au site public du centre : pages éditoriales, agenda, publications, "
            "annuaire, fiches territoires, base documentaire, formulaire du service info-doc et espace "
            "des lecteurs.</p>"),
        _heading("État de conformité"),
        _paragraph(
            "<p>Le site est <b>non conforme</b> avec le référentiel général d'amélioration de l'accessibilité "
            "(RGAA), version 4.1.2 : il n'a pas encore fait l'objet de l'audit complet qu'exige une déclaration "
            "de conformité, même partielle (en son absence, le RGAA impose la mention « non conforme »). Les "
            "résultats de l'évaluation interne et les non-conformités connues sont décrits ci-dessous.</p>"),
        _heading("Résultats des tests"),
        _paragraph(
            "<p>L'évaluation, interne, a porté sur les pages suivantes : accueil, base documentaire (recherche "
            "avec filtres), une notice, agenda et un événement, publications, annuaire, une fiche territoire, "
            "actualités, formulaire de demande info-doc (y compris son état d'erreur) et espace des lecteurs. "
            "Ces pages ne présentent aucune erreur détectée par axe-core (règles WCAG 2.1 niveaux A et AA), "
            "se parcourent au clavier seul (liens d'évitement, menu, filtres, panier) et s'affichent sans "
            "défilement horizontal à 320 px de large.</p>"
            "<p>Cette évaluation interne ne remplace pas l'audit complet des 106 critères du RGAA sur un "
            "échantillon de pages, qui reste à réaliser : la présente déclaration sera mise à jour à son "
            "issue.</p>"),
        _heading("Contenus non accessibles"),
        _paragraph(
            "<p>Non-conformités connues :</p><ul>"
            "<li>certains documents PDF de la base documentaire, numérisés, n'ont qu'une couche de texte issu "
            "d'OCR, sans structure (titres, ordre de lecture, alternatives des images) ;</li>"
            "<li>les vidéos intégrées depuis des plateformes tierces n'ont pas toutes de sous-titres ni de "
            "transcription ;</li>"
            "<li>l'interface d'administration (éditeurs et partenaires du réseau) n'a pas été évaluée.</li>"
            "</ul>"),
        _paragraph(
            "<p>Contenus non soumis à l'obligation d'accessibilité : les fichiers bureautiques publiés avant le "
            "23 septembre 2018 et les documents produits par les partenaires du réseau (contenus de tiers), "
            "signalés dans la base documentaire. Dérogations pour charge disproportionnée : aucune.</p>"),
        _heading("Établissement de cette déclaration"),
        _paragraph(
            f"<p>Cette déclaration a été établie le {DECLARATION_DATE}.</p>"
            "<p>Technologies utilisées pour la réalisation du site : HTML5, CSS, WAI-ARIA et JavaScript "
            "(en amélioration progressive : le site s'utilise sans JavaScript).</p>"
            "<p>Environnement de test : navigateur Chromium (Debian) piloté par Playwright, bibliothèque "
            "axe-core ; parcours au clavier ; largeurs d'écran de 320 px, 375 px et 1 280 px.</p>"),
        _heading("Retour d'information et contact"),
        _paragraph(
            "<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter le centre "
            "pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme : "
            "écrivez à <a href=\"mailto:contact@example.org\">contact@example.org</a>, appelez le "
            "01 00 00 00 00 ou écrivez au 12 rue de l'Exemple, 95000 Cergy.</p>"),
        _heading("Voies de recours"),
        _paragraph(
            "<p>Si vous avez signalé au centre un défaut d'accessibilité qui vous empêche d'accéder à un contenu "
            "ou à un service du site et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez :</p><ul>"
            "<li>écrire un message au Défenseur des droits "
            "(<a href=\"https://formulaire.defenseurdesdroits.fr/\">formulaire en ligne</a>) ;</li>"
            "<li>contacter <a href=\"https://www.defenseurdesdroits.fr/saisir/delegues\">le délégué du "
            "Défenseur des droits dans votre région</a> ;</li>"
            "<li>envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, "
            "Libre réponse 71120, 75342 Paris CEDEX 07.</li></ul>"),
    ],
}

SERVICE_SLUG = "service-info-doc"
SERVICE_LINKS = (
    "<p>Une question ? <a linktype=\"page\" id=\"{form}\">Posez-la au service info-doc</a> avec le formulaire "
    "de demande, ou parcourez <a linktype=\"page\" id=\"{answers}\">les questions-réponses</a> déjà publiées.</p>"
)


def link_service_pages(home):
    """Give the Service info-doc page links to the request form and the questions-réponses, once: only a
    page never edited since the demo made it (one revision) is changed."""
    from infodoc.models import DemandeInfoDocPage, QuestionsReponsesPage

    service = Page.objects.child_of(home).filter(slug=SERVICE_SLUG).first()
    form = DemandeInfoDocPage.objects.live().first()
    answers = QuestionsReponsesPage.objects.live().first()
    if service is None or form is None or answers is None or service.revisions.count() != 1:
        return
    service = service.specific
    service.body.append(("paragraph", RichText(SERVICE_LINKS.format(form=form.pk, answers=answers.pk))))
    service.save_revision().publish()
