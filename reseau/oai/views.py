"""The OAI-PMH 2.0 repository at /oai/ (GET and POST)."""
from dataclasses import replace
from datetime import timedelta

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from base_documentaire.models import BaseDocumentairePage
from crpv_site.hostile_input import answers_control_characters

from . import arguments as oai_arguments
from . import conf, dates, dublin_core, errors, marcxml, repository, tokens
from .models import DeletedRecord
from .sets import ThemeTree, all_sets, notice_specs
from .xml import XSI_NS, envelope, qname, serialize, sub

CONTENT_TYPE = "text/xml; charset=utf-8"
# metadataPrefix: (schema, namespace)
METADATA_FORMATS = {dublin_core.PREFIX: (dublin_core.OAI_DC_SCHEMA, dublin_core.OAI_DC_NS),
                    marcxml.PREFIX: (marcxml.SCHEMA, marcxml.MARC_NS)}


@answers_control_characters
@csrf_exempt
@require_http_methods(["GET", "POST"])
def endpoint(request):
    params = request.GET if request.method == "GET" else request.POST
    base_url = request.build_absolute_uri(request.path)
    verb, arguments = "", {}
    try:
        verb, arguments = oai_arguments.parse(params)
        root = envelope(base_url, {"verb": verb, **arguments})
        HANDLERS[verb](request, root, arguments)
    except errors.OAIError as error:
        echoed = None if error.code in (errors.BAD_VERB, errors.BAD_ARGUMENT) else {"verb": verb, **arguments}
        root = envelope(base_url, echoed)
        sub(root, "error", error.message, code=error.code)
    return HttpResponse(serialize(root), content_type=CONTENT_TYPE)


# -- verbs ---------------------------------------------------------------------------------------

def identify(request, root, arguments):
    element = sub(root, "Identify")
    sub(element, "repositoryName", conf.repository_name())
    sub(element, "baseURL", request.build_absolute_uri(request.path))
    sub(element, "protocolVersion", "2.0")
    for email in conf.admin_emails():
        sub(element, "adminEmail", email)
    sub(element, "earliestDatestamp", dates.format_datestamp(repository.earliest_datestamp()))
    sub(element, "deletedRecord", "persistent")
    sub(element, "granularity", dates.GRANULARITY)
    description = sub(element, "description")
    identifier_ns = "http://www.openarchives.org/OAI/2.0/oai-identifier"
    oai_identifier = sub(description, "oai-identifier", namespace=identifier_ns)
    oai_identifier.set(qname(XSI_NS, "schemaLocation"),
                       f"{identifier_ns} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd")
    sub(oai_identifier, "scheme", "oai", namespace=identifier_ns)
    sub(oai_identifier, "repositoryIdentifier", conf.repository_identifier(), namespace=identifier_ns)
    sub(oai_identifier, "delimiter", ":", namespace=identifier_ns)
    sub(oai_identifier, "sampleIdentifier", repository.oai_identifier(1), namespace=identifier_ns)


def list_metadata_formats(request, root, arguments):
    if "identifier" in arguments:
        _find_or_raise(arguments["identifier"])
    element = sub(root, "ListMetadataFormats")
    for prefix, (schema, namespace) in METADATA_FORMATS.items():
        metadata_format = sub(element, "metadataFormat")
        sub(metadata_format, "metadataPrefix", prefix)
        sub(metadata_format, "schema", schema)
        sub(metadata_format, "metadataNamespace", namespace)


def list_sets(request, root, arguments):
    if not conf.get("SETS"):
        raise errors.no_set_hierarchy()
    if oai_arguments.TOKEN in arguments:  # the set list is answered whole: no token was ever issued
        raise errors.bad_resumption_token()
    element = sub(root, "ListSets")
    for found in all_sets():
        set_element = sub(element, "set")
        sub(set_element, "setSpec", found.spec)
        sub(set_element, "setName", found.name)
        if found.description:
            dublin_core.description_element(sub(set_element, "setDescription"), found.description)


def get_record(request, root, arguments):
    _check_prefix(arguments["metadataPrefix"])
    item = _find_or_raise(arguments["identifier"])
    element = sub(root, "GetRecord")
    RecordWriter(request, [item], with_metadata=True, prefix=arguments["metadataPrefix"]).record(element, item)


def list_identifiers(request, root, arguments):
    _list(request, root, arguments, "ListIdentifiers")


def list_records(request, root, arguments):
    _list(request, root, arguments, "ListRecords")


HANDLERS = {"Identify": identify, "ListMetadataFormats": list_metadata_formats, "ListSets": list_sets,
            "GetRecord": get_record, "ListIdentifiers": list_identifiers, "ListRecords": list_records}


# -- lists ---------------------------------------------------------------------------------------

def _list(request, root, arguments, verb):
    query = _list_query(arguments, verb)
    with_metadata = verb == "ListRecords"
    tree = ThemeTree()
    selection = repository.select(query, tree)
    if selection is None:
        raise errors.no_records_match()
    first_page = oai_arguments.TOKEN not in arguments
    if first_page:
        total = selection.count()
        if not total:
            raise errors.no_records_match()
        query = replace(query, total=total)
    size = max(1, int(conf.get("PAGE_SIZE")))
    items, more = selection.page(query.after, size)
    if not items:
        raise errors.no_records_match()
    element = sub(root, verb)
    writer = RecordWriter(request, items, with_metadata, tree, prefix=query.metadata_prefix)
    for item in items:
        if with_metadata:
            writer.record(element, item)
        else:
            writer.header(element, item)
    if more or not first_page:
        _resumption_token(element, query, items, more)


def _resumption_token(element, query, items, more):
    attributes = {"completeListSize": str(max(query.total, query.cursor + len(items))), "cursor": str(query.cursor)}
    if not more:
        sub(element, "resumptionToken", **attributes)  # empty: the list is complete
        return
    expires = dates.now() + timedelta(seconds=conf.get("TOKEN_MAX_AGE"))
    token = tokens.encode(query.next_page(repository.item_id(items[-1]), len(items)))
    sub(element, "resumptionToken", token, expirationDate=dates.format_datestamp(expires), **attributes)


def _list_query(arguments, verb):
    if oai_arguments.TOKEN in arguments:
        query = tokens.decode(arguments[oai_arguments.TOKEN])
        if query is None or query.verb != verb:
            raise errors.bad_resumption_token()
        return query
    start, end = _datestamp(arguments, "from"), _datestamp(arguments, "until")
    if start and end:
        if start.granularity != end.granularity:
            raise errors.bad_argument(_("“from” and “until” must have the same granularity."))
        if start.value > end.value:
            raise errors.bad_argument(_("“from” is later than “until”."))
    set_spec = arguments.get("set", "")
    if "set" in arguments and not conf.get("SETS"):
        raise errors.no_set_hierarchy()
    _check_prefix(arguments["metadataPrefix"])
    return tokens.ListQuery(verb=verb, metadata_prefix=arguments["metadataPrefix"], set_spec=set_spec,
                            from_=arguments.get("from", ""), until=arguments.get("until", ""))


def _datestamp(arguments, name):
    if name not in arguments:
        return None
    parsed = dates.parse(arguments[name])
    if parsed is None:
        raise errors.bad_argument(
            _("“%(name)s” must be a UTC date YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, not “%(value)s”.")
            % {"name": name, "value": arguments[name]})
    return parsed


def _check_prefix(prefix):
    if prefix not in METADATA_FORMATS:
        raise errors.cannot_disseminate_format(prefix)


def _find_or_raise(identifier):
    notice_id = repository.notice_id_of(identifier)
    item = repository.find(notice_id) if notice_id is not None else None
    if item is None:
        raise errors.id_does_not_exist(identifier)
    return item


# -- records -------------------------------------------------------------------------------------

class RecordWriter:
    """Headers and records of one answer, with what its records share loaded once."""

    def __init__(self, request, items, with_metadata, tree=None, prefix=dublin_core.PREFIX):
        self.request = request
        self.with_metadata = with_metadata
        self.prefix = prefix
        self.tree = tree or ThemeTree()
        self.sets = conf.get("SETS")
        self.repository_identifier = conf.repository_identifier()
        live_ids = [item.pk for item in items if not isinstance(item, DeletedRecord)]
        self.related = repository.Related.load(live_ids, with_metadata)
        self.marc_authors = marcxml.load_authors(live_ids) if with_metadata and prefix == marcxml.PREFIX else {}
        self.type_labels = dublin_core.type_labels() if with_metadata else {}
        self._page = BaseDocumentairePage.objects.live().first() if with_metadata else None
        self._root_url = self._page.get_url(request) if self._page else None

    def permalink(self, notice):
        if not self._root_url:
            return None
        path = self._root_url + self._page.reverse_subpage("notice_view", args=[notice.pk])
        return self.request.build_absolute_uri(path)

    def header(self, parent, item):
        deleted = isinstance(item, DeletedRecord)
        header = sub(parent, "header", **({"status": "deleted"} if deleted else {}))
        sub(header, "identifier", repository.oai_identifier(repository.item_id(item), self.repository_identifier))
        sub(header, "datestamp", dates.format_datestamp(item.datestamp if deleted else item.updated_at))
        if self.sets:
            if deleted:
                specs = [record_set.spec for record_set in item.sets.all()]
            else:
                specs = notice_specs(self.related.theme_ids.get(item.pk, []), item.contributeur, self.tree)
            for spec in specs:
                sub(header, "setSpec", spec)
        return header

    def record(self, parent, item):
        element = sub(parent, "record")
        self.header(element, item)
        if self.with_metadata and not isinstance(item, DeletedRecord):
            related = self.related
            themes = sorted(self.tree.names[pk] for pk in related.theme_ids.get(item.pk, []))
            values = dublin_core.NoticeValues(
                notice=item, type_label=self.type_labels.get(item.type_document_id) or item.get_type_document_display(),
                auteurs=related.auteurs.get(item.pk, []), themes=themes,
                mots_cles=related.mots_cles.get(item.pk, []), territoires=related.territoires.get(item.pk, []),
                liens=related.liens.get(item.pk, []), permalink=self.permalink(item))
            if self.prefix == marcxml.PREFIX:
                self._marc_metadata(sub(element, "metadata"), values)
            else:
                dublin_core.metadata_element(sub(element, "metadata"), values)
        return element

    def _marc_metadata(self, parent, values):
        notice = values.notice
        marcxml.metadata_element(parent, marcxml.values(
            notice, type_label=values.type_label, auteurs=self.marc_authors.get(notice.pk, []), themes=values.themes,
            territoires=values.territoires, mots_cles=values.mots_cles, liens=values.liens,
            permalink=values.permalink))
