"""Agenda: an index page (listing, filters, iCalendar and RSS feeds), cycles that group events, event
pages with their sessions, and registrations to events."""
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ressources.blocks import ContentBlock
from ressources.pages import public
from ressources.vocabulary import VocabularyTagged


class Kind(models.TextChoices):
    RENCONTRE = "rencontre", _("Meeting")
    JOURNEE_ECHANGES = "journee_echanges", _("Day of exchanges")
    WEBINAIRE = "webinaire", _("Webinar")
    FORMATION = "formation", _("Training")
    ATELIER = "atelier", _("Workshop")
    GROUPE_TRAVAIL = "groupe_travail", _("Working group")
    REUNION_RESEAU = "reunion_reseau", _("Network meeting")
    FACEBOOK_LIVE = "facebook_live", _("Facebook live")
    AUTRE = "autre", _("Other event")


class Format(models.TextChoices):
    PRESENTIEL = "presentiel", _("In person")
    DISTANCE = "distance", _("Online")
    HYBRIDE = "hybride", _("Hybrid")


class Registration(models.TextChoices):
    NONE = "aucune", _("No registration")
    EXTERNAL = "externe", _("External registration link")
    FORM = "formulaire", _("Registration form on this site")


class AgendaIndexPage(RoutablePageMixin, Page):
    intro = models.TextField(_("Introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["agenda.EvenementPage", "agenda.CyclePage"]

    class Meta:
        verbose_name = _("agenda index page")

    def events(self):
        """The published public events anywhere below this index (cycles' sessions included)."""
        return public(EvenementPage.objects.descendant_of(self).live())

    @path("")
    def listing_view(self, request):
        from .views import listing

        return listing(request, self)

    @path("ical/")
    def ical_view(self, request):
        from .views import index_ical

        return index_ical(request, self)

    @path("flux/")
    def rss_view(self, request):
        from .views import index_rss

        return index_rss(request, self)


class CyclePage(VocabularyTagged, Page):
    """A cycle (e.g. « Quartiers en transitions #2 »): its events are its child pages."""

    chapo = models.TextField(_("standfirst"), blank=True,
                             help_text=_("A few lines shown in lists and at the top of the page."))
    body = StreamField(ContentBlock(), blank=True, verbose_name=_("presentation"))
    organisateurs = ParentalManyToManyField("annuaire.Acteur", blank=True, related_name="cycles_organises",
                                            verbose_name=_("organisers"))

    content_panels = Page.content_panels + [
        FieldPanel("chapo"), FieldPanel("body"), FieldPanel("organisateurs"),
        VocabularyTagged.vocabulary_panel(),
    ]
    search_fields = Page.search_fields + [index.SearchField("chapo"), index.SearchField("body")]
    parent_page_types = ["agenda.AgendaIndexPage"]
    subpage_types = ["agenda.EvenementPage"]

    class Meta:
        verbose_name = _("cycle of events")
        verbose_name_plural = _("cycles of events")

    def events(self):
        return (public(EvenementPage.objects.child_of(self).live()).order_by("date_debut", "pk")
                .prefetch_related("seances"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_vocabulary()
        context["index"] = self.get_parent().specific
        context["events"] = self.events()
        return context


class EvenementPage(RoutablePageMixin, VocabularyTagged, Page):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.RENCONTRE)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices, default=Format.PRESENTIEL)
    chapo = models.TextField(_("standfirst"), blank=True,
                             help_text=_("A few lines shown in lists and at the top of the page."))
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("image"),
                              help_text=_("Shown on the event's card and page (set its focal point)."))
    autre_manifestation = models.BooleanField(
        _("partners' event"), default=False,
        help_text=_("An event organised by others, listed in « Agenda des autres manifestations »."))
    # Denormalised from the sessions on save: cheap sorting and "upcoming/past" in listings.
    date_debut = models.DateTimeField(_("start"), null=True, editable=False, db_index=True)
    date_fin = models.DateTimeField(_("end"), null=True, editable=False, db_index=True)
    lieu = models.CharField(_("venue"), max_length=255, blank=True, help_text=_("Name of the place."))
    adresse = models.TextField(_("address"), blank=True)
    lien_en_ligne = models.URLField(_("online link"), max_length=500, blank=True,
                                    help_text=_("Where to follow the event online (videoconference, live)."))
    public_vise = models.CharField(_("intended audience"), max_length=255, blank=True)
    organisateurs = ParentalManyToManyField("annuaire.Acteur", blank=True, related_name="evenements_organises",
                                            verbose_name=_("organisers"))
    partenaires = ParentalManyToManyField("annuaire.Acteur", blank=True, related_name="evenements_partenaires",
                                          verbose_name=_("partners"))
    intervenants = models.TextField(_("speakers"), blank=True,
                                    help_text=_("One per line: name, role, organisation."))
    programme = StreamField(ContentBlock(), blank=True, verbose_name=_("programme"))
    # Registration
    inscription = models.CharField(_("registration"), max_length=12, choices=Registration.choices,
                                   default=Registration.NONE)
    lien_inscription = models.URLField(_("registration link"), max_length=500, blank=True)
    inscriptions_ouvertes = models.BooleanField(_("registrations open"), default=True)
    cloture_inscriptions = models.DateTimeField(_("registrations close on"), null=True, blank=True)
    capacite = models.PositiveIntegerField(_("capacity"), null=True, blank=True,
                                           help_text=_("Number of places; leave empty for no limit."))
    liste_attente = models.BooleanField(_("waiting list"), default=True,
                                        help_text=_("When full, further registrations go on a waiting list."))
    message_confirmation = models.TextField(_("confirmation message"), blank=True,
                                            help_text=_("Added to the confirmation e-mail (practical details)."))
    # After the event
    compte_rendu = RichTextField(_("report"), blank=True)
    replay = models.URLField(_("replay"), max_length=500, blank=True)
    notices = ParentalManyToManyField("base_documentaire.Notice", blank=True, related_name="evenements",
                                      verbose_name=_("notices in the documentary base"))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldRowPanel([FieldPanel("kind"), FieldPanel("format")]),
                         FieldPanel("autre_manifestation")], heading=_("Event")),
        FieldPanel("chapo"),
        FieldPanel("image"),
        InlinePanel("seances", heading=_("Sessions"), label=_("session"), min_num=1),
        MultiFieldPanel([FieldPanel("lieu"), FieldPanel("adresse"), FieldPanel("lien_en_ligne")],
                        heading=_("Where")),
        MultiFieldPanel([FieldPanel("public_vise"), FieldPanel("organisateurs"), FieldPanel("partenaires"),
                         FieldPanel("intervenants")], heading=_("Who")),
        FieldPanel("programme"),
        MultiFieldPanel([FieldPanel("inscription"), FieldPanel("lien_inscription"),
                         FieldRowPanel([FieldPanel("inscriptions_ouvertes"), FieldPanel("cloture_inscriptions")]),
                         FieldRowPanel([FieldPanel("capacite"), FieldPanel("liste_attente")]),
                         FieldPanel("message_confirmation")], heading=_("Registration")),
        MultiFieldPanel([FieldPanel("compte_rendu"), FieldPanel("replay"),
                         InlinePanel("publications", label=_("publication")), FieldPanel("notices")],
                        heading=_("After the event")),
        VocabularyTagged.vocabulary_panel(),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("chapo"), index.SearchField("programme"), index.SearchField("intervenants"),
        index.SearchField("lieu"), index.FilterField("kind"), index.FilterField("date_debut"),
    ]
    parent_page_types = ["agenda.AgendaIndexPage", "agenda.CyclePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.load_vocabulary()
        return context

    def clean(self):
        super().clean()
        if self.inscription == Registration.EXTERNAL and not self.lien_inscription:
            raise ValidationError({"lien_inscription": _("Give the address where people register.")})

    def save(self, *args, **kwargs):
        self.date_debut, self.date_fin = self.period()
        super().save(*args, **kwargs)

    def sorted_seances(self):
        return sorted(self.seances.all(), key=lambda seance: seance.debut or timezone.now())

    def period(self):
        """(start of the first session, end of the last one), from the sessions in memory."""
        seances = [seance for seance in self.seances.all() if seance.debut]
        if not seances:
            return None, None
        return min(seance.debut for seance in seances), max(seance.end() for seance in seances)

    def is_past(self, now=None):
        return self.date_fin is not None and self.date_fin < (now or timezone.now())

    def is_online(self):
        return self.format in (Format.DISTANCE, Format.HYBRIDE)

    # Registration ---------------------------------------------------------------------------------
    def registration_closed_reason(self, now=None):
        """Why the built-in registration form is closed, or "" when it is open."""
        now = now or timezone.now()
        if self.inscription != Registration.FORM:
            return _("This event has no registration form.")
        if not self.inscriptions_ouvertes:
            return _("Registrations are closed.")
        if self.cloture_inscriptions and self.cloture_inscriptions < now:
            return _("Registrations closed on %(date)s.") % {
                "date": timezone.localtime(self.cloture_inscriptions).strftime("%d/%m/%Y %H:%M")}
        if self.is_past(now):
            return _("This event is over.")
        return ""

    def confirmed_count(self):
        return self.inscriptions.filter(statut=Inscription.Statut.CONFIRMEE).count()

    def places_left(self):
        if self.capacite is None:
            return None
        return max(self.capacite - self.confirmed_count(), 0)

    def is_full(self):
        return self.capacite is not None and self.places_left() == 0

    # Routes ---------------------------------------------------------------------------------------
    @path("")
    def event_view(self, request):
        from .views import event_page

        return event_page(request, self)

    @path("inscription/")
    def register_view(self, request):
        from .views import register

        return register(request, self)

    @path("ical/")
    def ical_view(self, request):
        from .views import event_ical

        return event_ical(request, self)

    @path("inscrits/")
    def registrants_view(self, request):
        from .views import registrants_csv

        return registrants_csv(request, self)


class Seance(Orderable):
    """One session of an event: a date and time range, or whole days."""

    page = ParentalKey(EvenementPage, on_delete=models.CASCADE, related_name="seances")
    titre = models.CharField(_("title"), max_length=255, blank=True,
                             help_text=_("Optional, e.g. « Matinée » or « Session 2 »."))
    debut = models.DateTimeField(_("start"))
    fin = models.DateTimeField(_("end"), null=True, blank=True)
    journee_entiere = models.BooleanField(_("all day"), default=False,
                                          help_text=_("The times are ignored; the end gives the last day."))

    panels = [FieldPanel("titre"), FieldRowPanel([FieldPanel("debut"), FieldPanel("fin")]),
              FieldPanel("journee_entiere")]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.titre or timezone.localtime(self.debut).strftime("%d/%m/%Y %H:%M")

    def clean(self):
        super().clean()
        if self.debut and self.fin and self.fin < self.debut:
            raise ValidationError({"fin": _("The end must come after the start.")})

    def first_day(self):
        return timezone.localtime(self.debut).date()

    def last_day(self):
        return timezone.localtime(self.fin).date() if self.fin else self.first_day()

    def end(self):
        """The moment the session is over (end of its last day when it runs all day)."""
        if self.journee_entiere:
            next_day = self.last_day() + datetime.timedelta(days=1)
            return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))
        return self.fin or self.debut

    def spans_days(self):
        return self.last_day() != self.first_day()


class EvenementPublication(Orderable):
    """A page (publication, news, documentary page…) the event produced."""

    page = ParentalKey(EvenementPage, on_delete=models.CASCADE, related_name="publications")
    publication = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("page"))

    panels = [PageChooserPanel("publication")]

    class Meta(Orderable.Meta):
        verbose_name = _("publication")
        verbose_name_plural = _("publications")


class Inscription(models.Model):
    class Statut(models.TextChoices):
        CONFIRMEE = "confirmee", _("Confirmed")
        ATTENTE = "attente", _("Waiting list")
        ANNULEE = "annulee", _("Cancelled")

    evenement = models.ForeignKey(EvenementPage, on_delete=models.CASCADE, related_name="inscriptions",
                                  verbose_name=_("event"))
    nom = models.CharField(_("last name"), max_length=150)
    prenom = models.CharField(_("first name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"))
    statut = models.CharField(_("status"), max_length=10, choices=Statut.choices, default=Statut.CONFIRMEE)
    created = models.DateTimeField(_("registered on"), auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["evenement", "email"], condition=~models.Q(statut="annulee"),
                                    name="agenda_inscription_unique_active_email"),
        ]

    def __str__(self):
        return f"{self.prenom} {self.nom} — {self.evenement.title}"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)
