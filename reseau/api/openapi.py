"""The OpenAPI 3.1 description of the partner API, written by hand as data.

Hand-written because the views parse bodies through the import pipeline, not through DRF
serializers, so a generator would describe nothing useful; written in Python (not YAML) to take
its enumerations from the code (statuses, document types, languages, page sizes), and checked
against real requests and responses by openapi-core in tests/reseau/api/test_openapi.py.
"""
from django.urls import reverse

from base_documentaire.extraction import ExtractionStatus
from base_documentaire.models.notices import Langue, TypeDocument

from .payload import AUTHOR_NATURES, ID_MAX_LENGTH
from .representation import Statut
from .views_constants import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

VERSION = "1.0.0"


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _text(description, nullable=False):
    return {"type": ["string", "null"] if nullable else "string", "description": description}


def _strings(description):
    return {"type": ["array", "null"], "items": {"type": "string"}, "description": description}


def _error(description):
    return {"description": description, "content": {"application/json": {"schema": _ref("Erreurs")}}}


def _json(schema, description):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


AUTEUR = {
    "type": "object", "required": ["nom"], "additionalProperties": False,
    "properties": {
        "nom": {"type": "string", "description": "Personne : « Nom, Prénom » ; sinon une collectivité."},
        "nature": {"type": "string", "enum": list(AUTHOR_NATURES)},
        "role": {"type": "string", "description": "Par exemple « directeur de publication »."},
    },
}

WRITABLE_PROPERTIES = {
    "id": {"type": ["string", "null"], "maxLength": ID_MAX_LENGTH, "pattern": "^[^/]*$",
           "description": "Identifiant de la notice dans votre base (unique pour votre centre). "
                          "Absent : dérivé du titre, du sous-titre, de l'année et du premier auteur."},
    "titre": _text("Titre (obligatoire à la création et en PUT)."),
    "sous_titre": _text("Sous-titre.", nullable=True),
    "resume": _text("Résumé (texte brut, jamais interprété comme du HTML).", nullable=True),
    "type": _text("Type de document : code (" + ", ".join(TypeDocument.values) + ") ou libellé français "
                  "ou anglais, comme dans l'import CSV.", nullable=True),
    "auteurs": {"type": ["array", "null"], "items": {"oneOf": [{"type": "string"}, AUTEUR]},
                "description": "Auteurs : chaînes (« Nom, Prénom » pour une personne) ou objets."},
    "annee": {"type": ["integer", "string", "null"], "description": "Année d'édition (1800–2100)."},
    "themes": _strings("Libellés du thésaurus (casse et accents ignorés ; synonymes acceptés). Un libellé "
                       "inconnu n'est pas rattaché : il est signalé dans « avertissements »."),
    "territoires": _strings("Libellés des territoires (même règle que les thèmes)."),
    "langue": _text("Langue : code (" + ", ".join(Langue.values) + ") ou nom.", nullable=True),
    "editeur": _text("Éditeur.", nullable=True),
    "lieu_edition": _text("Lieu d'édition.", nullable=True),
    "collection": _text("Collection.", nullable=True),
    "collation": _text("Collation (pages).", nullable=True),
    "isbn": _text("ISBN.", nullable=True),
    "issn": _text("ISSN.", nullable=True),
    "mots_cles": _strings("Mots-clés libres."),
    "urls": _strings("Liens (http, https ou ftp) ; un lien invalide est ignoré avec un avertissement."),
}

FICHIER = {
    "type": "object",
    "required": ["numero", "titre", "nom", "type_mime", "taille", "prive", "extraction", "url"],
    "properties": {
        "numero": {"type": "integer"}, "titre": {"type": "string"}, "nom": {"type": "string"},
        "type_mime": {"type": "string", "description": "Type lu dans le contenu du fichier."},
        "taille": {"type": ["integer", "null"]}, "prive": {"type": "boolean"},
        "extraction": {"type": "string", "enum": list(ExtractionStatus.values),
                       "description": "Extraction du texte, en arrière-plan (en_attente avant)."},
        "url": {"type": "string"},
    },
}

NOTICE = {
    "type": "object",
    "required": ["id", "numero", "titre", "type", "auteurs", "annee", "themes", "territoires", "langue",
                 "mots_cles", "urls", "fichiers", "statut", "en_ligne", "url", "modifie_le"],
    "properties": {
        "id": {"type": "string"}, "numero": {"type": "integer", "description": "Numéro de la notice chez nous."},
        "titre": {"type": "string"}, "sous_titre": {"type": "string"}, "resume": {"type": "string"},
        "type": {"type": "string", "enum": list(TypeDocument.values)},
        "auteurs": {"type": "array", "items": {**AUTEUR, "required": ["nom", "nature", "role"]}},
        "annee": {"type": ["integer", "null"]},
        "themes": {"type": "array", "items": {"type": "string"}},
        "territoires": {"type": "array", "items": {"type": "string"}},
        "langue": {"type": "string", "enum": list(Langue.values)},
        "editeur": {"type": "string"}, "lieu_edition": {"type": "string"}, "collection": {"type": "string"},
        "collation": {"type": "string"}, "isbn": {"type": "string"}, "issn": {"type": "string"},
        "mots_cles": {"type": "array", "items": {"type": "string"}},
        "urls": {"type": "array", "items": {"type": "string"}},
        "fichiers": {"type": "array", "items": _ref("Fichier")},
        "statut": _ref("CodeStatut"),
        "en_ligne": {"type": "boolean", "description": "Une version de la notice est publiée."},
        "url": {"type": ["string", "null"], "description": "Page publique, si la notice est en ligne."},
        "modifie_le": {"type": "string", "format": "date-time"},
    },
}


def description():
    base = reverse("partner_api:notices").removesuffix("notices/")
    id_parameter = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"},
                    "description": "L'identifiant de la notice dans votre base (champ « id »)."}
    body = {"required": True, "content": {"application/json": {"schema": _ref("NoticeEcriture")}}}
    saved = _json(_ref("NoticeEnregistree"), "La notice enregistrée (brouillon soumis à validation).")
    common_errors = {"401": _error("Clé absente, invalide ou révoquée."),
                     "404": _error("Aucune notice de votre centre n'a cet identifiant.")}
    write_errors = {"400": _error("Erreurs de validation, champ par champ."),
                    "409": _error("La notice est verrouillée dans l'administration."),
                    "413": _error("Corps de requête trop volumineux."),
                    "415": _error("Type de contenu non pris en charge.")}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "API des partenaires — base documentaire", "version": VERSION,
            "description": "Les centres partenaires créent, modifient et suppriment leurs propres notices, y "
                           "joignent des fichiers et suivent leur validation. Une création ou une modification "
                           "n'est jamais publiée directement : elle est soumise au circuit de validation de la "
                           "documentaliste. Les champs sont ceux de l'import CSV, avec les mêmes règles.",
        },
        "servers": [{"url": base}],
        "security": [{"jeton": []}],
        "paths": {
            "/notices/": {
                "get": {
                    "operationId": "listerNotices",
                    "summary": "Les notices de votre centre, les plus récentes d'abord.",
                    "parameters": [
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                        {"name": "page_size", "in": "query",
                         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE,
                                    "default": DEFAULT_PAGE_SIZE}},
                    ],
                    "responses": {"200": _json(_ref("PageNotices"), "Une page de notices."),
                                  "400": _error("Paramètre invalide."), "401": common_errors["401"]},
                },
                "post": {
                    "operationId": "creerNotice",
                    "summary": "Créer une notice (ou mettre à jour celle qui a déjà cet « id »).",
                    "requestBody": body,
                    "responses": {"201": saved, "200": saved, "401": common_errors["401"], **write_errors},
                },
            },
            "/notices/{id}/": {
                "parameters": [id_parameter],
                "get": {"operationId": "lireNotice", "summary": "Lire une notice (sa dernière version).",
                        "responses": {"200": _json(_ref("Notice"), "La notice."), **common_errors}},
                "put": {"operationId": "remplacerNotice",
                        "summary": "Remplacer la notice : un champ absent est vidé.",
                        "requestBody": body, "responses": {"200": saved, **common_errors, **write_errors}},
                "patch": {"operationId": "modifierNotice", "summary": "Modifier les seuls champs envoyés.",
                          "requestBody": {**body, "content": {"application/json": {
                              "schema": _ref("NoticeModification")}}},
                          "responses": {"200": saved, **common_errors, **write_errors}},
                "delete": {"operationId": "supprimerNotice",
                           "summary": "Dépublier et supprimer la notice (et la retirer de la recherche).",
                           "responses": {"204": {"description": "Supprimée."}, **common_errors,
                                         "409": write_errors["409"]}},
            },
            "/notices/{id}/statut/": {
                "parameters": [id_parameter],
                "get": {"operationId": "lireStatut",
                        "summary": "Où en est la validation, avec le dernier commentaire.",
                        "responses": {"200": _json(_ref("Statut"), "Le statut."), **common_errors}},
            },
            "/notices/{id}/fichiers/": {
                "parameters": [id_parameter],
                "post": {
                    "operationId": "joindreFichier",
                    "summary": "Joindre un fichier : son type est lu dans son contenu, son texte extrait en "
                               "arrière-plan ; la notice est de nouveau soumise à validation.",
                    "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                        "type": "object", "required": ["fichier"],
                        "properties": {
                            "fichier": {"type": "string", "contentMediaType": "application/octet-stream"},
                            "titre": {"type": "string"},
                            "prive": {"type": "string", "enum": ["true", "false", "1", "0", "oui", "non"]},
                        }}}}},
                    "responses": {
                        "201": _json(_ref("FichierJoint"), "Fichier joint."),
                        "200": _json(_ref("FichierJoint"), "Ce fichier était déjà joint."),
                        **common_errors, **{code: write_errors[code] for code in ("400", "409", "413", "415")},
                    },
                },
            },
        },
        "components": {
            "securitySchemes": {"jeton": {
                "type": "http", "scheme": "bearer",
                "description": "La clé remise par la documentaliste : « Authorization: Bearer <clé> » "
                               "(« Token <clé> » est aussi accepté)."}},
            "schemas": {
                "NoticeEcriture": {"type": "object", "required": ["titre"], "properties": WRITABLE_PROPERTIES},
                "NoticeModification": {"type": "object", "properties": WRITABLE_PROPERTIES},
                "Notice": NOTICE,
                "NoticeEnregistree": {"allOf": [_ref("Notice"), {
                    "type": "object", "required": ["avertissements"],
                    "properties": {"avertissements": {"type": "array", "items": {"type": "string"}}}}]},
                "PageNotices": {
                    "type": "object", "required": ["count", "page", "page_size", "next", "previous", "results"],
                    "properties": {
                        "count": {"type": "integer"}, "page": {"type": "integer"}, "page_size": {"type": "integer"},
                        "next": {"type": ["string", "null"]}, "previous": {"type": ["string", "null"]},
                        "results": {"type": "array", "items": _ref("Notice")}}},
                "CodeStatut": {"type": "string", "enum": list(Statut.ALL)},
                "Statut": {
                    "type": "object", "required": ["id", "statut", "libelle", "en_ligne", "commentaire"],
                    "properties": {
                        "id": {"type": "string"}, "statut": _ref("CodeStatut"), "libelle": {"type": "string"},
                        "en_ligne": {"type": "boolean"},
                        "commentaire": {"oneOf": [{"type": "null"}, {
                            "type": "object", "required": ["texte", "auteur", "date"],
                            "description": "Le commentaire de la documentaliste sur sa dernière décision.",
                            "properties": {"texte": {"type": "string"}, "auteur": {"type": "string"},
                                           "date": {"type": ["string", "null"], "format": "date-time"}}}]}}},
                "Fichier": FICHIER,
                "FichierJoint": {"type": "object", "required": ["fichier", "notice"],
                                 "properties": {"fichier": _ref("Fichier"), "notice": _ref("Notice")}},
                "Erreurs": {
                    "type": "object", "required": ["errors"],
                    "properties": {"errors": {
                        "type": "object", "minProperties": 1,
                        "additionalProperties": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                        "description": "Messages en français par champ ; « non_field_errors » pour la requête."}}},
            },
        },
    }
