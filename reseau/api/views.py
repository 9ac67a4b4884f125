"""HTTP layer of the partner API: parse the request, call the service, answer JSON."""
from django.http import JsonResponse
from drf_spectacular.openapi import AutoSchema
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from base_documentaire.extraction import configured_limits
from crpv_site.request_input import positive_int

from . import errors, files, openapi, representation
from .authentication import JetonAuthentication
from .parsers import LimitedJSONParser, max_json_bytes, too_large
from .payload import PayloadErrors
from .service import NoticeConflict, NoticeLocked, PartnerNotices
from .throttling import JetonRateThrottle
from .views_constants import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE

JSON = "application/json"
MULTIPART = "multipart/form-data"


class PartnerView(APIView):
    authentication_classes = [JetonAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [JetonRateThrottle]
    renderer_classes = [JSONRenderer]
    parser_classes = [LimitedJSONParser]
    body_types = (JSON,)
    schema = AutoSchema()  # drf-spectacular's, for the OpenAPI description (openapi.py)

    def get_exception_handler(self):
        return errors.handle

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication first: no detail for strangers
        if request.method in ("POST", "PUT", "PATCH"):
            if request.content_type.split(";")[0].strip().lower() not in self.body_types:
                raise exceptions.UnsupportedMediaType(request.content_type)
            self.check_length(request)

    def check_length(self, request):
        if _content_length(request) > max_json_bytes():
            raise too_large(max_json_bytes())

    @property
    def notices(self):
        return PartnerNotices(self.request.auth)

    def get_notice(self, id):  # the partner's id, as named in the URL
        notice = self.notices.get(id)
        if notice is None:
            raise exceptions.NotFound()
        return notice

    def saved(self, notice, warnings, code):
        data = representation.represent(notice, self.request)
        data["avertissements"] = warnings
        return Response(data, status=code)


class NoticeListView(PartnerView):
    @openapi.list_notices
    def get(self, request):
        page, page_size = _pagination(request)
        queryset = self.notices.queryset().order_by("-updated_at", "-pk")
        count = queryset.count()
        start = (page - 1) * page_size
        notices = list(representation.notices_for_listing(queryset)[start:start + page_size])
        return Response({
            "count": count, "page": page, "page_size": page_size,
            "next": _page_url(request, page + 1) if start + page_size < count else None,
            "previous": _page_url(request, page - 1) if page > 1 else None,
            "results": representation.represent_many(notices, request),
        })

    @openapi.create_notice
    def post(self, request):
        try:
            notice, created, warnings = self.notices.save(request.data)
        except NoticeLocked:
            raise _locked() from None
        except NoticeConflict:
            raise errors.Locked(_("The same notice is being created by another request: try again.")) from None
        return self.saved(notice, warnings, status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class NoticeDetailView(PartnerView):
    @openapi.read_notice
    def get(self, request, id):
        return Response(representation.represent(self.get_notice(id), request))

    @openapi.replace_notice
    def put(self, request, id):
        return self._update(request, id, partial=False)

    @openapi.change_notice
    def patch(self, request, id):
        return self._update(request, id, partial=True)

    @openapi.delete_notice
    def delete(self, request, id):
        notice = self.get_notice(id)
        try:
            demande = self.notices.delete(notice)
        except NoticeLocked:
            raise _locked() from None
        if demande is not None:  # published: the documentalist decides, the notice stays online meanwhile
            return Response(representation.status_payload(notice), status=status.HTTP_202_ACCEPTED)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _update(self, request, id, partial):
        notice = self.get_notice(id)
        try:
            notice, _created, warnings = self.notices.save(request.data, notice, partial=partial)
        except NoticeLocked:
            raise _locked() from None
        return self.saved(notice, warnings, status.HTTP_200_OK)


class NoticeStatusView(PartnerView):
    @openapi.read_status
    def get(self, request, id):
        return Response(representation.status_payload(self.get_notice(id)))


class NoticeFilesView(PartnerView):
    parser_classes = [MultiPartParser]
    body_types = (MULTIPART,)

    def check_length(self, request):
        limit = configured_limits().max_bytes + 64 * 1024  # the file and its form fields
        if _content_length(request) > limit:
            raise too_large(limit)

    @openapi.attach_file
    def post(self, request, id):
        notice = self.get_notice(id)
        upload = request.data.get("fichier")
        if upload is None or isinstance(upload, str):
            raise PayloadErrors({"fichier": [_("Send the file in the form field “fichier”.")]})
        private = str(request.data.get("prive", "")).lower() in ("1", "true", "oui", "on")
        try:
            self.notices.check_editable(notice)  # before storing anything
            fichier, _new = files.store(upload, request.auth.contributeur, request.user,
                                        request.data.get("titre", ""), private)
            edited = self.notices.attach(notice, fichier)
        except NoticeLocked:
            raise _locked() from None
        data = representation.represent(edited or notice, request)
        attached = next(item for item in data["fichiers"] if item["numero"] == fichier.pk)
        return Response({"fichier": attached, "notice": data},
                        status=status.HTTP_201_CREATED if edited else status.HTTP_200_OK)


def openapi_view(request):
    """The OpenAPI 3.1 description of this API (public: it holds no data)."""
    return JsonResponse(openapi.description(), json_dumps_params={"ensure_ascii": False})


def _content_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _pagination(request):
    """(page, page size) from the query; a number that is not one, or out of bounds, is a 400 (a page
    beyond 64 bits used to reach the database's OFFSET: a 500)."""
    def number(name, default, maximum):
        raw = request.query_params.get(name, "")
        if not raw:
            return default
        value = positive_int(raw, maximum)
        if value is None:
            raise PayloadErrors({name: [_("Must be an integer from 1 to %(max)d.") % {"max": maximum}]})
        return value

    return number("page", 1, MAX_PAGE), number("page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


def _page_url(request, page):
    query = request.query_params.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(request.path + "?" + query.urlencode())


def _locked():
    return errors.Locked(_("The notice is locked in the administration: try again later."))
