"""Admin form of a request: only the info-doc team (and administrators) can be assigned a request."""
from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminModelForm

TEAM_GROUP = "Service info-doc"


def team_users(keep_id=None):
    members = Q(groups__name=TEAM_GROUP) | Q(is_superuser=True)
    if keep_id:
        members |= Q(pk=keep_id)  # an assignee who left the team stays visible on their requests
    return get_user_model().objects.filter(members, is_active=True).distinct().order_by("last_name", "username")


class DemandeAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = team_users(self.instance.assignee_id)
