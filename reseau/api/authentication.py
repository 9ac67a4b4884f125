"""`Authorization: Bearer <key>` (or `Token <key>`): the partner's token, its user and centre."""
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .models import JetonApi

SCHEMES = ("bearer", "token")


class JetonAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header:
            raise exceptions.NotAuthenticated(_("Authentication required: send the header "
                                                "“Authorization: Bearer <your key>”."))
        if header[0].lower() not in SCHEMES or len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header: expected "
                                                    "“Authorization: Bearer <your key>”."))
        jeton = JetonApi.for_key(header[1])
        if jeton is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API key."))
        jeton.touch()
        return jeton.user, jeton

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
