"""The public request form and the questions-réponses filter."""
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base_documentaire.models import Theme
from ressources.listing import VocabularyFilterForm

from . import territories
from .models import DemandeInfoDoc, TypeStructure
from .spam import HONEYPOT_FIELD

QUESTION_MAX_LENGTH = 5000
QUESTION_MIN_LENGTH = 10
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
# WCAG 1.3.5: the purpose of the fields about the user, so that browsers can fill them in.
AUTOCOMPLETE = {"nom": "name", "organisation": "organization", "email": "email", "telephone": "tel"}
CHOICE_FIELDS = ("type_structure", "themes")  # their <fieldset> carries the error (includes/choices.html)


class TelephoneInput(forms.TextInput):
    input_type = "tel"


def no_html(value):
    if HTML_TAG.search(value or ""):
        raise ValidationError(_("Please write plain text: HTML tags are not accepted."), code="html")


class DemandeForm(forms.ModelForm):
    territoire_libelle = forms.CharField(
        label=_("Territory"), max_length=255,
        help_text=_("Commune, EPCI, département… Start typing and choose from the list."),
        error_messages={"required": _("Please indicate your territory.")})
    themes = forms.ModelMultipleChoiceField(
        label=_("Theme(s)"), required=False,
        queryset=Theme.objects.filter(Q(parent__isnull=True) | Q(parent__parent__isnull=True)),
        widget=forms.CheckboxSelectMultiple, help_text=_("Optional: the team completes them if needed."))
    consentement = forms.BooleanField(
        label=_("I agree that the centre processes these data to answer my request."),
        error_messages={"required": _("Your consent is needed to process your request.")})
    telephone = forms.CharField(
        label=_("Telephone (optional)"), required=False, max_length=30, widget=TelephoneInput,
        validators=[RegexValidator(r"^[0-9+(). \-]{6,30}$", _("Enter a valid telephone number."))])
    echeance_souhaitee = forms.DateField(
        label=_("Wished deadline (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a valid date, for example 31/12/2026.")})
    honeypot = forms.CharField(label=_("Leave this field empty"), required=False)

    class Meta:
        model = DemandeInfoDoc
        fields = ["nom", "organisation", "type_structure", "email", "telephone", "territoire_libelle", "themes",
                  "question", "echeance_souhaitee", "consentement"]
        labels = {"nom": _("Your name"), "organisation": _("Your organisation"), "email": _("E-mail"),
                  "type_structure": _("Type of organisation"), "question": _("Your question")}
        widgets = {"type_structure": forms.RadioSelect, "question": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "nom": {"required": _("Please give your name.")},
            "organisation": {"required": _("Please give your organisation.")},
            "type_structure": {"required": _("Please choose the type of your organisation.")},
            "email": {"required": _("Please give your e-mail address."),
                      "invalid": _("Enter a valid e-mail address, for example nom@exemple.fr.")},
            "question": {"required": _("Please write your question.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = self.fields.pop("honeypot")
        self.fields["type_structure"].choices = TypeStructure.choices
        self.fields["question"].max_length = QUESTION_MAX_LENGTH
        self.fields["question"].widget.attrs["maxlength"] = QUESTION_MAX_LENGTH
        for name in ("nom", "organisation", "question"):
            self.fields[name].validators.append(no_html)
        for name, purpose in AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = purpose
        for name, field in self.fields.items():
            if field.help_text and name not in CHOICE_FIELDS:
                field.widget.attrs["aria-describedby"] = f"id_{name}-help"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields and name not in CHOICE_FIELDS:  # screen readers announce it with the field
                self.fields[name].widget.attrs.update({"aria-invalid": "true", "aria-describedby": described_by(
                    self.fields[name], name)})

    def is_spam(self):
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean_territoire_libelle(self):
        text = self.cleaned_data["territoire_libelle"]
        territory = territories.match(text)
        if territory is None:
            found = territories.suggestions(text, limit=5)
            if found:
                raise ValidationError(_("Unknown territory “%(text)s”. Did you mean: %(suggestions)s?"),
                                      params={"text": text, "suggestions": ", ".join(found)}, code="unknown")
            raise ValidationError(_("Unknown territory “%(text)s”: type a commune, an EPCI or a département."),
                                  params={"text": text}, code="unknown")
        self.instance.territoire = territory
        return territory.libelle

    def clean_question(self):
        question = self.cleaned_data["question"].strip()
        if len(question) > QUESTION_MAX_LENGTH:
            raise ValidationError(_("Your question is too long (%(length)s characters, %(max)s at most)."),
                                  params={"length": len(question), "max": QUESTION_MAX_LENGTH}, code="max_length")
        if len(question) < QUESTION_MIN_LENGTH:
            raise ValidationError(_("Your question is too short: describe what you are looking for."), code="short")
        return question

    def clean_echeance_souhaitee(self):
        deadline = self.cleaned_data["echeance_souhaitee"]
        if deadline and deadline < timezone.localdate():
            raise ValidationError(_("The wished deadline cannot be in the past."), code="past")
        return deadline

    def save(self, commit=True):
        self.instance.consentement_le = timezone.now()
        return super().save(commit)


def described_by(field, name):
    """The ids of a field's help text (when it has one) and of its error message."""
    return " ".join(([f"id_{name}-help"] if field.help_text else []) + [f"id_{name}-errors"])


class QuestionsFilterForm(VocabularyFilterForm):
    """Theme (and territory) filters of the shared listings, plus a text search in the published Q&A."""

    q = forms.CharField(label=_("Search the questions-answers"), required=False, max_length=200)

    field_order = ["q", "theme", "territoire"]

    def filter_extra(self, queryset, data):
        words = (data.get("q") or "").split()
        for word in words:
            queryset = queryset.filter(Q(titre__icontains=word) | Q(question__icontains=word)
                                       | Q(reponse__icontains=word))
        return queryset
