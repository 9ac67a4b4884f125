"""URLs of reseau.oai."""
urlpatterns = []
