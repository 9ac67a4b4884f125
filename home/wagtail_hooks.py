"""What the home app answers to the other apps' extension points."""
from wagtail import hooks

from .models import SiteSettings


@hooks.register("organisation_name")
def organisation_name(site):
    """The centre's name from the site settings (the publications' notices are catalogued under it)."""
    return SiteSettings.for_site(site).organisation_name
