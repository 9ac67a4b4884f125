"""What the accessibility tests visit: the demo site plus a reader with a basket, a saved search and
an alert, so that the reader pages show their real content, not only their empty states."""
from django.http import QueryDict

READER_EMAIL = "lecteur.a11y@example.org"
READER_PASSWORD = "Un-mot-de-passe-solide-2026"


def load_reader():
    """A verified reader with two notices in the current basket, a saved search and a confirmed alert.
    Returns the alert's management address (its token is the only way in)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    from base_documentaire.models import Notice
    from lecteurs.models import Panier, RechercheEnregistree
    from veille.alerts import subscription
    from veille.alerts.searches import SavedSearch
    from veille.models import Frequence

    user = get_user_model().objects.create_user(username="lecteur-a11y", email=READER_EMAIL, password=READER_PASSWORD)
    EmailAddress.objects.create(user=user, email=READER_EMAIL, verified=True, primary=True)
    panier = Panier.objects.create(lecteur=user, courant=True)
    panier.notices.add(*Notice.objects.order_by("pk")[:2])
    RechercheEnregistree.objects.create(lecteur=user, nom="Renouvellement urbain", requete="q=renouvellement+urbain")
    search = SavedSearch.from_params(QueryDict("q=renouvellement+urbain"))
    done = subscription.subscribe(search, READER_EMAIL, Frequence.HEBDOMADAIRE, user=user, verified=True)
    return subscription.manage_url(done.alert)


def first_url(model, **filters):
    return model.objects.live().filter(**filters).order_by("path").first().url


def page_urls():
    """(name, path) of each public page checked, found in the demo's content."""
    from wagtail.models import Page

    from base_documentaire.models import BaseDocumentairePage, Notice
    from infodoc.models import DemandeInfoDocPage, QuestionsReponsesPage
    from ressources.actualites.models import ActualitePage, ActualitesIndexPage
    from ressources.agenda.models import AgendaIndexPage, CyclePage, EvenementPage
    from ressources.annuaire.models import Acteur, AnnuairePage
    from ressources.publications.models import PublicationPage, PublicationsIndexPage
    from ressources.territoires.models import FicheTerritoirePage, TerritoiresIndexPage

    notice = Notice.objects.order_by("pk").first()
    base = first_url(BaseDocumentairePage)
    acteur = Acteur.objects.order_by("pk").first()
    return [
        ("accueil", "/"),
        ("recherche-facettes", base + "?q=quartiers&theme=Coh%C3%A9sion+sociale&territoire=%C3%8Ele-de-France"),
        ("recherche-sans-resultat", base + "?q=zzqxwv"),
        ("notice", f"{base}notices/{notice.pk}/"),
        ("recherche-site", "/recherche/?q=quartiers"),
        ("agenda", first_url(AgendaIndexPage)),
        ("evenement", first_url(EvenementPage)),
        ("cycle", first_url(CyclePage)),
        ("publications", first_url(PublicationsIndexPage)),
        ("publication", first_url(PublicationPage)),
        ("annuaire", first_url(AnnuairePage)),
        ("acteur", acteur.get_absolute_url()),
        ("territoires", first_url(TerritoiresIndexPage)),
        ("fiche-territoire", first_url(FicheTerritoirePage)),
        ("actualites", first_url(ActualitesIndexPage)),
        ("actualite", first_url(ActualitePage)),
        ("infodoc", first_url(DemandeInfoDocPage)),
        ("questions-reponses", first_url(QuestionsReponsesPage)),
        ("accessibilite", Page.objects.get(slug="accessibilite").url),
    ]
