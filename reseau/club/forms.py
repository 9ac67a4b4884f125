"""The « Signaler » quick form: what a veilleur spotted, in a few fields."""
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base_documentaire.models import Territoire
from base_documentaire.territory_autocomplete import TerritoriesAutocomplete

from .service import split_labels

NOTE_MAX_LENGTH = 2000


class SignalementForm(forms.Form):
    titre = forms.CharField(label=gettext_lazy("Title"), max_length=500)
    url = forms.URLField(label=gettext_lazy("Link"), required=False, max_length=2000, assume_scheme="https",
                         help_text=gettext_lazy("The address of what you spotted (or send a file)."))
    fichier = forms.FileField(label=gettext_lazy("File"), required=False)
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=gettext_lazy("Why it matters, in a few lines (plain text)."))
    themes = forms.CharField(label=gettext_lazy("Themes"), required=False,
                             help_text=gettext_lazy("Labels separated by semicolons; an unknown one is proposed "
                                                    "to the documentalist."))
    territoires = forms.ModelMultipleChoiceField(label=gettext_lazy("Territories"), required=False,
                                                 queryset=Territoire.objects.all(), widget=TerritoriesAutocomplete)

    def clean_themes(self):
        return split_labels(self.cleaned_data["themes"])

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("fichier") and not self.has_error("url") \
                and not self.has_error("fichier"):
            raise forms.ValidationError(_("Give the link of what you spotted, or send its file."))
        return data
