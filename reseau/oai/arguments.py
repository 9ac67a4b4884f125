"""Checks a request's arguments against its verb (OAI-PMH 2.0, section 3.1)."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from crpv_site.request_input import has_control_characters

from . import errors

TOKEN = "resumptionToken"


@dataclass(frozen=True)
class VerbArguments:
    required: frozenset = frozenset()
    optional: frozenset = frozenset()
    exclusive: str = ""


LIST_ARGUMENTS = VerbArguments(frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), TOKEN)
VERBS = {
    "Identify": VerbArguments(),
    "ListMetadataFormats": VerbArguments(optional=frozenset({"identifier"})),
    "ListSets": VerbArguments(exclusive=TOKEN),
    "GetRecord": VerbArguments(frozenset({"identifier", "metadataPrefix"})),
    "ListIdentifiers": LIST_ARGUMENTS,
    "ListRecords": LIST_ARGUMENTS,
}


def parse(params):
    """(verb, {argument: value}) from a QueryDict; raises OAIError badVerb or badArgument."""
    if any(has_control_characters(name) or any(map(has_control_characters, params.getlist(name)))
           for name in params):
        raise errors.bad_argument(_("An argument contains a control character: remove it and try again."))
    verbs = params.getlist("verb")
    if len(verbs) > 1:
        raise errors.OAIError(errors.BAD_VERB, _("The verb argument is repeated."))
    verb = verbs[0] if verbs else ""
    if verb not in VERBS:
        raise errors.bad_verb(verb)
    spec = VERBS[verb]
    arguments = {}
    for name in params:
        if name == "verb":
            continue
        if name not in spec.required | spec.optional | {spec.exclusive} - {""}:
            raise errors.bad_argument(_("“%(name)s” is not an argument of %(verb)s.") % {"name": name, "verb": verb})
        values = params.getlist(name)
        if len(values) > 1:
            raise errors.bad_argument(_("The argument “%(name)s” is repeated.") % {"name": name})
        arguments[name] = values[0]
    if spec.exclusive and spec.exclusive in arguments:
        if len(arguments) > 1:
            raise errors.bad_argument(_("The resumption token must be the only argument besides the verb."))
        return verb, arguments
    missing = sorted(name for name in spec.required if not arguments.get(name))
    if missing:
        raise errors.bad_argument(_("Missing argument: %(names)s.") % {"names": ", ".join(missing)})
    return verb, arguments
