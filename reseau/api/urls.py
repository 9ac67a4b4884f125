"""URLs of reseau.api."""
urlpatterns = []
