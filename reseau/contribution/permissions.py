"""The notices' permission policy: Django's model permissions, narrowed for partners to the
notices of their own centre (registered for Notice in ContributionConfig.ready)."""
from wagtail.permission_policies import ModelPermissionPolicy

from .partners import partner_scope


class NoticePermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        scope = partner_scope(user)
        if scope is not None:
            if not scope.allows(instance):
                return False
            if action == "delete" and (instance.live or instance.first_published_at):
                return False  # a published notice leaves the base through the documentalist
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        return scope_notices(queryset, user)


def scope_notices(queryset, user):
    """Only the notices a partner may see (all of them for the centre's own team)."""
    scope = partner_scope(user)
    if scope is None:
        return queryset
    if scope.contributeur_id is None:
        return queryset.none()
    return queryset.filter(contributeur_id=scope.contributeur_id)
