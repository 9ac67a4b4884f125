"""Notices as the partner API shows them: the latest revision (what the partner last sent, even
while it awaits validation), with the moderation status. Built for a page of notices at once:
vocabularies, tags and files are read in one query each, whatever the page size."""
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from base_documentaire import document_types
from base_documentaire.models import BaseDocumentairePage, Fichier, TermeCandidat, Territoire, Theme
from reseau.contribution import status as contribution_status

FIELDS = ("titre", "sous_titre", "resume", "langue", "editeur", "lieu_edition", "collection", "collation",
          "isbn", "issn")


class Statut:
    """The API's codes for the moderation statuses of reseau.contribution (shared with the admin)."""

    BROUILLON = "brouillon"
    EN_COURS = "en_cours_de_validation"
    MODIFICATIONS = "modifications_demandees"
    REFUSEE = "refusee"
    PUBLIEE = "publiee"
    LABELS = {
        BROUILLON: _("Draft"),
        EN_COURS: _("Awaiting validation"),
        MODIFICATIONS: _("Changes requested"),
        REFUSEE: _("Rejected"),
        PUBLIEE: _("Published"),
    }
    ALL = tuple(LABELS)
    FROM_CONTRIBUTION = {
        contribution_status.DRAFT: BROUILLON, contribution_status.SUBMITTED: EN_COURS,
        contribution_status.CHANGES_REQUESTED: MODIFICATIONS, contribution_status.REJECTED: REFUSEE,
        contribution_status.PUBLISHED: PUBLIEE, contribution_status.PUBLISHED_WITH_DRAFT: PUBLIEE,
    }


def notices_for_listing(queryset):
    """The queryset with what `represent_many` reads."""
    return queryset.select_related("latest_revision")


def status_payload(notice):
    """Where the notice stands, with the documentalist's comment on the last decision."""
    status = contribution_status.status_of(notice)
    code = Statut.FROM_CONTRIBUTION[status.code]
    comment = None
    if status.comment:
        author = status.by
        comment = {"texte": status.comment,
                   "auteur": (author.get_full_name() or author.get_username()) if author else "",
                   "date": status.at.isoformat() if status.at else None}
    return {"id": notice.external_id, "statut": code, "libelle": str(Statut.LABELS[code]),
            "en_ligne": notice.live, "commentaire": comment, "suppression": deletion_payload(notice)}


def deletion_payload(notice):
    """The partner's last deletion request of this notice (reseau.api.deletion), or None."""
    from .deletion import latest

    demande = latest(notice)
    if demande is None:
        return None
    return {"statut": demande.statut, "libelle": str(demande.get_statut_display()),
            "demandee_le": demande.demandee_le.isoformat(), "commentaire": demande.commentaire}


def represent_many(notices, request=None):
    """JSON of each notice (from its latest revision), in order."""
    contents = [_content(notice) for notice in notices]
    labels = _Labels(contents, request)
    statuses = contribution_status.statuses(notices)
    return [_represent(notice, content, labels, Statut.FROM_CONTRIBUTION[statuses[notice.pk].code])
            for notice, content in zip(notices, contents)]


def represent(notice, request=None):
    return represent_many([notice], request)[0]


def _content(notice):
    """What the latest revision holds; the notice itself when it has none (created by code)."""
    revision = notice.latest_revision
    return revision.content if revision is not None else notice.serializable_data()


def _represent(notice, content, labels, status):
    content = content or {}

    def value(name):
        return content.get(name, getattr(notice, name))

    data = {"id": notice.external_id, "numero": notice.pk}
    data.update({name: value(name) for name in FIELDS})
    pending = labels.pending(content.get("termes_candidats", []))
    data["type"] = content.get("type_document", notice.type_document_id) or ""
    data["type_libelle"] = (document_types.label(data["type"]) if data["type"]
                            else next((p["libelle"] for p in pending if p["vocabulaire"] == "type_document"), ""))
    data["en_attente"] = pending
    data["annee"] = value("annee")
    data["auteurs"] = [{"nom": a["nom"], "nature": a["nature"], "role": a.get("role", "")}
                       for a in sorted(content.get("auteurs", []), key=lambda a: a.get("sort_order") or 0)]
    data["themes"] = labels.names(Theme, content.get("themes", []))
    data["territoires"] = labels.names(Territoire, content.get("territoires", []))
    data["mots_cles"] = labels.names(Tag, [item["tag"] for item in content.get("mots_cles_items", [])])
    data["urls"] = [link["url"] for link in content.get("liens", [])]
    data["fichiers"] = [labels.file(item["fichier"]) for item in content.get("fichiers", [])
                        if labels.file(item["fichier"])]
    data["statut"] = status
    data["en_ligne"] = notice.live
    data["url"] = labels.public_url(notice) if notice.live else None
    data["modifie_le"] = notice.updated_at.isoformat()
    return data


class _PublicUrls:
    """Permalinks of live notices, under the documentary page read once per response."""

    def __init__(self, request):
        self.request, self._page = request, None

    def __call__(self, notice):
        if self._page is None:
            self._page = BaseDocumentairePage.objects.live().first() or False
        if not self._page:
            return None  # no documentary page yet
        url = self._page.notice_url(notice, self.request)
        return self.request.build_absolute_uri(url) if self.request is not None else url


class _Labels:
    """Labels of every theme, territory, tag and file the notices name, one query per model."""

    def __init__(self, contents, request):
        wanted = {Theme: set(), Territoire: set(), Tag: set(), Fichier: set(), TermeCandidat: set()}
        for content in filter(None, contents):
            wanted[TermeCandidat].update(content.get("termes_candidats", []))
            wanted[Theme].update(content.get("themes", []))
            wanted[Territoire].update(content.get("territoires", []))
            wanted[Tag].update(item["tag"] for item in content.get("mots_cles_items", []))
            wanted[Fichier].update(item["fichier"] for item in content.get("fichiers", []))
        label_field = {Theme: "nom", Territoire: "libelle", Tag: "name"}
        self.labels = {model: dict(model.objects.filter(pk__in=ids).values_list("pk", label_field[model]))
                       if ids else {} for model, ids in wanted.items() if model in label_field}
        self.candidates = ({pk: {"vocabulaire": vocabulaire, "libelle": libelle} for pk, vocabulaire, libelle in
                            TermeCandidat.objects.filter(pk__in=wanted[TermeCandidat]).values_list(
                                "pk", "vocabulaire", "libelle")} if wanted[TermeCandidat] else {})
        self.files = {f.pk: f for f in Fichier.objects.filter(pk__in=wanted[Fichier])} if wanted[Fichier] else {}
        self.public_url, self.request = _PublicUrls(request), request

    def names(self, model, ids):
        return [self.labels[model][pk] for pk in ids if pk in self.labels[model]]

    def pending(self, ids):
        """The labels waiting among the candidate terms, as the source wrote them."""
        return [self.candidates[pk] for pk in ids if pk in self.candidates]

    def file(self, pk):
        fichier, request = self.files.get(pk), self.request
        if fichier is None:
            return None
        url = fichier.url
        return {"numero": fichier.pk, "titre": fichier.title, "nom": fichier.filename,
                "type_mime": fichier.type_mime, "taille": fichier.file_size, "prive": fichier.prive,
                "extraction": fichier.extraction_statut,
                "url": request.build_absolute_uri(url) if request is not None else url}
