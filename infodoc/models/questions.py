"""Published questions-réponses: anonymised answers the team chose to share."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel

from ressources.vocabulary import VocabularyTagged


class QuestionReponse(VocabularyTagged, ClusterableModel):
    titre = models.CharField(_("title"), max_length=255)
    question = models.TextField(_("question"), help_text=_("Anonymised: no name, no organisation, no contact."))
    reponse = models.TextField(_("answer"), help_text=_("Anonymised as well."))
    date = models.DateField(_("date"), default=timezone.localdate)
    live = models.BooleanField(_("published"), default=False)
    demande = models.ForeignKey("infodoc.DemandeInfoDoc", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="questions_reponses", verbose_name=_("source request"))

    panels = [
        FieldPanel("titre"), FieldPanel("question"), FieldPanel("reponse"), FieldPanel("date"),
        VocabularyTagged.vocabulary_panel(), FieldPanel("live"), FieldPanel("demande", read_only=True),
    ]

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("question-answer")
        verbose_name_plural = _("questions-answers")

    def __str__(self):
        return self.titre
