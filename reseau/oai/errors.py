"""OAI-PMH error conditions: the codes are the protocol's, the messages are for people (French)."""
from django.utils.translation import gettext as _

BAD_VERB = "badVerb"
BAD_ARGUMENT = "badArgument"
BAD_RESUMPTION_TOKEN = "badResumptionToken"
CANNOT_DISSEMINATE_FORMAT = "cannotDisseminateFormat"
ID_DOES_NOT_EXIST = "idDoesNotExist"
NO_RECORDS_MATCH = "noRecordsMatch"
NO_METADATA_FORMATS = "noMetadataFormats"
NO_SET_HIERARCHY = "noSetHierarchy"


class OAIError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def bad_verb(verb):
    if not verb:
        return OAIError(BAD_VERB, _("The verb argument is missing."))
    return OAIError(BAD_VERB, _("“%(verb)s” is not an OAI-PMH verb.") % {"verb": verb})


def bad_argument(message):
    return OAIError(BAD_ARGUMENT, message)


def bad_resumption_token():
    return OAIError(BAD_RESUMPTION_TOKEN, _("The resumption token is invalid or has expired: start the list again."))


def cannot_disseminate_format(prefix):
    return OAIError(CANNOT_DISSEMINATE_FORMAT,
                    _("The metadata format “%(prefix)s” is not supported: use oai_dc.") % {"prefix": prefix})


def id_does_not_exist(identifier):
    return OAIError(ID_DOES_NOT_EXIST,
                    _("No record has the identifier “%(identifier)s”.") % {"identifier": identifier})


def no_records_match():
    return OAIError(NO_RECORDS_MATCH, _("No record matches these arguments."))


def no_set_hierarchy():
    return OAIError(NO_SET_HIERARCHY, _("This repository does not support sets."))
