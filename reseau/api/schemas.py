"""The partner API's bodies, declared once as pydantic models.

`payload.parse` validates request bodies with `NoticeModification` (strict JSON shapes; what the
values mean is the import pipeline's business), `representation` builds what `Notice`, `Statut`
and `Fichier` declare, and `openapi` generates the OpenAPI 3.1 description from these models
(JSON Schema 2020-12, as pydantic writes it). Descriptions are in French: they are the partners'
documentation. Enumerations come from the code.
"""
import enum
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

from base_documentaire.extraction import ExtractionStatus
from base_documentaire.models.notices import Langue, TermeCandidat

from .representation import Statut

ID_MAX_LENGTH = 255
# The most values a list of a notice may hold (a 400 beyond: README, OpenAPI "maxItems").
LIST_LIMITS = {"auteurs": 100, "themes": 50, "territoires": 50, "mots_cles": 100, "urls": 20}
AUTHOR_NATURES = ("personne", "collectivite")
UPLOAD_FLAGS = ("true", "false", "1", "0", "oui", "non")


def _choice(values):
    return Literal.__getitem__(tuple(values))


CodeStatut = enum.Enum("CodeStatut", {code.upper(): code for code in Statut.ALL}, type=str)


def _strings(field):
    return Annotated[list[str], Field(max_length=LIST_LIMITS[field])] | None


def _at_most(field):
    return f" ; {LIST_LIMITS[field]} au plus (au-delà : erreur 400)."


NatureAuteur = _choice(AUTHOR_NATURES)


def _text(description):
    return Field(None, description=description)


class Payload(BaseModel):
    """What partners send: JSON types checked strictly (no "12" for 12, nor 12 for "12")."""

    model_config = ConfigDict(strict=True)


class AuteurEnvoye(Payload):
    nom: str = Field(description="Personne : « Nom, Prénom » ; sinon une collectivité.")
    nature: NatureAuteur | None = Field(None, description="Absente (ou vide) : déduite du nom.")
    role: str = Field("", description="Par exemple « directeur de publication ».")

    @model_validator(mode="before")
    @classmethod
    def _empty_nature_means_none(cls, data):
        if isinstance(data, dict) and data.get("nature") == "":
            return {key: value for key, value in data.items() if key != "nature"}
        return data


class NoticeModification(Payload):
    """The writable fields, in the order of the CSV import. Read-only fields (those of `Notice`)
    are accepted and ignored, so a GET response can be sent back."""

    id: Annotated[str, Field(max_length=ID_MAX_LENGTH, pattern="^[^/]*$")] | None = Field(
        None, description="Identifiant de la notice dans votre base (unique pour votre centre). Absent : dérivé "
                          "du titre, du sous-titre, de l'année et du premier auteur.")
    titre: str | None = _text("Titre (obligatoire à la création et en PUT).")
    sous_titre: str | None = _text("Sous-titre.")
    resume: str | None = _text("Résumé (texte brut, jamais interprété comme du HTML).")
    type: str | None = _text("Type de document : code, libellé ou alias de la table des types de la base "
                             "(gérée par les documentalistes), comme dans l'import CSV. Un type inconnu "
                             "n'est pas refusé : la notice le garde tel qu'écrit (« en_attente ») et il est "
                             "proposé comme terme candidat. « signalement » : un signalement de veille "
                             "(club de veille : titre, lien ou fichier, résumé = la note, thèmes, territoires).")
    auteurs: Annotated[list[str | AuteurEnvoye], Field(max_length=LIST_LIMITS["auteurs"])] | None = _text(
        "Auteurs : chaînes (« Nom, Prénom » pour une personne) ou objets" + _at_most("auteurs"))
    annee: int | str | None = _text("Année d'édition (1800–2100).")
    themes: _strings("themes") = _text("Libellés du thésaurus (casse et accents ignorés ; synonymes acceptés). Un "
                                       "libellé inconnu n'est pas rattaché : il est signalé dans « avertissements »"
                                       + _at_most("themes"))
    territoires: _strings("territoires") = _text("Libellés des territoires (même règle que les thèmes)"
                                                 + _at_most("territoires"))
    langue: str | None = _text("Langue : code (" + ", ".join(Langue.values) + ") ou nom.")
    editeur: str | None = _text("Éditeur.")
    lieu_edition: str | None = _text("Lieu d'édition.")
    collection: str | None = _text("Collection.")
    collation: str | None = _text("Collation (pages).")
    isbn: str | None = _text("ISBN.")
    issn: str | None = _text("ISSN.")
    mots_cles: _strings("mots_cles") = _text("Mots-clés libres" + _at_most("mots_cles"))
    urls: _strings("urls") = _text("Liens (http, https ou ftp) ; un lien invalide est ignoré avec un avertissement"
                                   + _at_most("urls"))


class NoticeEcriture(NoticeModification):
    """A whole notice (POST, PUT): the title is required."""

    titre: str = Field(description="Titre (obligatoire).")


class LibelleEnAttente(BaseModel):
    vocabulaire: _choice(TermeCandidat.Vocabulaire.values)
    libelle: str


class AuteurLu(BaseModel):
    nom: str
    nature: NatureAuteur
    role: str


class Fichier(BaseModel):
    numero: int
    titre: str
    nom: str
    type_mime: str = Field(description="Type lu dans le contenu du fichier.")
    taille: int | None
    prive: bool
    extraction: _choice(ExtractionStatus.values) = Field(
        description="Extraction du texte, en arrière-plan (en_attente avant).")
    url: str


class Notice(BaseModel):
    """A notice as its latest revision holds it (what the partner last sent)."""

    id: str
    numero: int = Field(description="Numéro de la notice chez nous.")
    titre: str
    sous_titre: str
    resume: str
    type: str = Field(description="Code du type de document (table des types de la base, gérée par les "
                                  "documentalistes : chaîne libre) ; vide quand le type reçu n'est pas encore "
                                  "déclaré (son libellé est dans « en_attente »).")
    type_libelle: str = Field(description="Libellé du type de document, ou le type reçu tel qu'écrit.")
    auteurs: list[AuteurLu]
    annee: int | None
    themes: list[str]
    territoires: list[str]
    langue: _choice(Langue.values)
    editeur: str
    lieu_edition: str
    collection: str
    collation: str
    isbn: str
    issn: str
    mots_cles: list[str]
    urls: list[str]
    en_attente: list[LibelleEnAttente] = Field(
        description="Libellés reçus qu'aucun vocabulaire ne déclare encore (thème, territoire, type de "
                    "document) : gardés tels qu'écrits jusqu'à ce qu'un documentaliste les rattache.")
    fichiers: list[Fichier]
    statut: CodeStatut
    en_ligne: bool = Field(description="Une version de la notice est publiée.")
    url: str | None = Field(description="Page publique, si la notice est en ligne.")
    modifie_le: datetime


class NoticeEnregistree(Notice):
    avertissements: list[str] = Field(description="Libellés inconnus (proposés comme termes candidats), liens "
                                                  "ignorés.")


class PageNotices(BaseModel):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None
    results: list[Notice]


class Commentaire(BaseModel):
    """The documentalist's comment on her last decision."""

    texte: str
    auteur: str
    date: datetime | None


class DemandeSuppression(BaseModel):
    """A deletion request (DELETE on a notice that is or was published)."""

    statut: Literal["en_attente", "refusee"] = Field(
        description="« en_attente » : la notice reste en ligne jusqu'à la décision de la documentaliste ; "
                    "« refusee » : elle reste en ligne. Une fois la demande acceptée, la notice est supprimée "
                    "(404).")
    libelle: str
    demandee_le: datetime
    commentaire: str = Field(description="Le commentaire de la documentaliste sur sa décision.")


class StatutNotice(BaseModel):
    id: str
    statut: CodeStatut
    libelle: str
    en_ligne: bool
    commentaire: Commentaire | None
    suppression: DemandeSuppression | None = Field(description="Votre dernière demande de suppression, s'il y "
                                                               "en a une.")


class FichierEnvoi(BaseModel):
    fichier: Annotated[bytes, WithJsonSchema({"type": "string", "contentMediaType": "application/octet-stream"})]
    titre: str = ""
    prive: _choice(UPLOAD_FLAGS) = "false"


class FichierJoint(BaseModel):
    fichier: Fichier
    notice: Notice


class Erreurs(BaseModel):
    errors: dict[str, Annotated[list[str], Field(min_length=1)]] = Field(
        min_length=1, description="Messages en français par champ ; « non_field_errors » pour la requête.")
