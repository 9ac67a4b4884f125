"""Who sees the search statistics: the centre's documentalists (the permission, given to the
"Moderators" group), never a partner centre's account, whatever its permissions."""
from reseau.contribution.partners import partner_scope

VIEW_PERMISSION = "statistiques.view_recherche"
SYNONYM_PERMISSION = "base_documentaire.change_theme"


def can_view_statistics(user):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm(VIEW_PERMISSION)
                and partner_scope(user) is None)


def can_add_synonyms(user):
    return can_view_statistics(user) and user.has_perm(SYNONYM_PERMISSION)
