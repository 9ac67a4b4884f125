"""Public pages of the service: the request form (routable: form, thank-you, territory autocomplete)
and the questions-réponses listing."""
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class DemandeInfoDocPage(RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)
    texte_donnees = RichTextField(
        _("personal data notice"), blank=True, features=TEXT_FEATURES,
        help_text=_("Shown above the consent box: purpose, retention period, rights."))
    texte_merci = RichTextField(_("thank-you text"), blank=True, features=TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("texte_donnees"),
                                            FieldPanel("texte_merci")]
    subpage_types = ["infodoc.QuestionsReponsesPage", "home.StandardPage"]

    class Meta:
        verbose_name = _("info-doc request page")

    @path("")
    def formulaire(self, request):
        from infodoc.public_views import request_form

        return request_form(request, self)

    @path("merci/")
    def merci(self, request):
        from infodoc.public_views import thank_you

        return thank_you(request, self)

    @path("territoires/")
    def territoires_json(self, request):
        from infodoc.public_views import territory_suggestions

        return territory_suggestions(request)


class QuestionsReponsesPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = []

    class Meta:
        verbose_name = _("questions-answers page")

    def get_context(self, request, *args, **kwargs):
        from infodoc.public_views import questions_context

        context = super().get_context(request, *args, **kwargs)
        context.update(questions_context(request))
        return context


def request_page():
    """The live request page, if the site has one (for links from the questions-réponses page)."""
    return DemandeInfoDocPage.objects.live().first()

