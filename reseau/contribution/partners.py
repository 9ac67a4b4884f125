"""Who acts for which centre: a partner's scope, and the files space and group of each centre."""
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission

PARTNERS_GROUP = "Partenaires"
MODERATORS_GROUP = "Moderators"
CENTRE_GROUP_PREFIX = "Partenaires – "
# What a centre's group may do on its files collection (Wagtail documents).
CENTRE_FILE_PERMISSIONS = ("add_document", "change_document", "delete_document", "choose_document")


@dataclass(frozen=True)
class PartnerScope:
    """A partner sees and edits the notices of this contributeur only (none when it is None)."""

    contributeur_id: int | None

    def allows(self, notice):
        return self.contributeur_id is not None and notice.contributeur_id == self.contributeur_id


def partner_scope(user):
    """The scope of a partner user, or None for a user of the centre itself (no restriction).

    A member of the "Partenaires" group without a partner account sees nothing rather than
    everything: a forgotten account must not open the whole base."""
    if user is None or not user.is_authenticated or user.is_superuser:
        return None
    cached = getattr(user, "_contribution_scope", False)
    if cached is not False:
        return cached
    from .models import ComptePartenaire

    contributeur_id = ComptePartenaire.objects.filter(user=user).values_list("contributeur_id", flat=True).first()
    if contributeur_id is not None:
        scope = PartnerScope(contributeur_id)
    elif user.groups.filter(name=PARTNERS_GROUP).exists():
        scope = PartnerScope(None)
    else:
        scope = None
    user._contribution_scope = scope
    return scope


def forget_scope(user):
    user.__dict__.pop("_contribution_scope", None)


@transaction.atomic
def ensure_space(contributeur):
    """The centre's files collection and group (created once, kept when the centre is renamed)."""
    from .models import EspacePartenaire

    space = EspacePartenaire.objects.filter(contributeur=contributeur).select_related("collection", "group").first()
    if space:
        return space
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=contributeur.nom).first() or root.add_child(name=contributeur.nom)
    group, _created = Group.objects.get_or_create(name=f"{CENTRE_GROUP_PREFIX}{contributeur.code}")
    for codename in CENTRE_FILE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtaildocs", codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)
    return EspacePartenaire.objects.create(contributeur=contributeur, collection=collection, group=group)


def centre_groups(user):
    return Group.objects.filter(name__startswith=CENTRE_GROUP_PREFIX, user=user)


@transaction.atomic
def sync_account(compte):
    """Give the account's user the partners' group and its centre's group (and only that one)."""
    space = ensure_space(compte.contributeur)
    user = compte.user
    user.groups.remove(*centre_groups(user).exclude(pk=space.group_id))
    user.groups.add(Group.objects.get(name=PARTNERS_GROUP), space.group)
    forget_scope(user)


@transaction.atomic
def unlink_account(compte):
    user = compte.user
    if not type(user).objects.filter(pk=user.pk).exists():  # the user itself is being deleted
        return
    user.groups.remove(*centre_groups(user), *Group.objects.filter(name=PARTNERS_GROUP))
    forget_scope(user)

