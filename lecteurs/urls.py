"""/mon-espace/: the reader's space, the basket and the personal data pages (French addresses)."""
from django.urls import path

from .views import baskets, espace, personal_data, saved_searches

app_name = "lecteurs"

urlpatterns = [
    path("", espace.home, name="espace"),
    path("recherches/enregistrer/", saved_searches.save, name="recherche_enregistrer"),
    path("recherches/<int:pk>/", saved_searches.rerun, name="recherche"),
    path("recherches/<int:pk>/supprimer/", saved_searches.delete, name="recherche_supprimer"),
    path("panier/", baskets.current, name="panier"),
    path("panier/modifier/", baskets.change, name="panier_modifier"),
    path("panier/export/", baskets.export, name="panier_export"),
    path("panier/enregistrer/", baskets.save, name="panier_enregistrer"),
    path("paniers/<int:pk>/", baskets.saved_detail, name="panier_enregistre"),
    path("paniers/<int:pk>/export/", baskets.saved_export, name="panier_enregistre_export"),
    path("paniers/<int:pk>/supprimer/", baskets.saved_delete, name="panier_enregistre_supprimer"),
    path("paniers/<int:pk>/reprendre/", baskets.saved_take_back, name="panier_enregistre_reprendre"),
    path("alertes/<int:pk>/desabonner/", espace.alert_delete, name="alerte_supprimer"),
    path("bulletins/<int:pk>/desabonner/", espace.bulletin_delete, name="bulletin_supprimer"),
    path("mes-donnees/", personal_data.export, name="mes_donnees"),
    path("supprimer-mon-compte/", personal_data.delete_account, name="supprimer_compte"),
]
