"""Extension point of the documentary base's admin views.

Apps above this one change how the notices' and files' admin views behave without this app
knowing them: a function registered under the Wagtail hook `base_documentaire_admin_view` is called
with (model, view class) for every view these viewsets build (listing, edit, delete, history,
revisions, workflow, preview, usage…) and returns the view class to use. reseau.contribution
confines partners to their own centre's objects this way.
"""
from wagtail import hooks

HOOK = "base_documentaire_admin_view"


class ExtensibleViewsMixin:
    """For a Wagtail viewset: each view class it builds goes through the hook's functions."""

    def construct_view(self, view_class, **kwargs):
        for wrap in hooks.get_hooks(HOOK):
            view_class = wrap(self.model, view_class)
        return super().construct_view(view_class, **kwargs)
