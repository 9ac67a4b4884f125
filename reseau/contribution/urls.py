"""URLs of reseau.contribution."""
urlpatterns = []
