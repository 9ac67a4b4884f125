"""Addresses carrying control characters get a French 400 before any view runs.

A NUL in a search parameter reached PostgreSQL (which refuses it: a 500), and %01 or %0B in the
documentary feed's query reached the RSS writer (XML 1.0 refuses them: a 500). No address of the
site has a use for them, so the whole site refuses them in one place: the path, the parameters'
names and their values. Tab, line feed and carriage return stay allowed (pasted text). A view speaking a protocol with its
own error format (OAI-PMH's badArgument) is marked by `answers_control_characters` and checks them itself.
"""
from django.http import JsonResponse
from django.urls import Resolver404, resolve
from django.shortcuts import render
from django.utils.translation import gettext as _

from .request_input import has_control_characters, without_control_characters

# Where the JSON APIs live, and the shape of their errors (README): lists for the partners' API.
PARTNER_API_PREFIX = "/api/v1/partenaires/"
JSON_PREFIX = "/api/"


def refused_parameter(request):
    """"" when the path has a control character, the parameter's name when one has, else None."""
    if has_control_characters(request.path):
        return ""
    for name, values in request.GET.lists():
        if has_control_characters(name) or any(has_control_characters(value) for value in values):
            return without_control_characters(name)[:40]
    return None


def message_for(name):
    if not name:
        return _("The address contains a control character: remove it and try again.")
    return _("The parameter “%(name)s” contains a control character: remove it and try again.") % {"name": name}


def bad_request(request, name):
    message = message_for(name)
    if request.path.startswith(PARTNER_API_PREFIX):
        return JsonResponse({"errors": {name or "non_field_errors": [message]}}, status=400)
    if request.path.startswith(JSON_PREFIX):
        return JsonResponse({"errors": {name or "__all__": message}}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


def answers_control_characters(view):
    """Mark a view that answers control characters in its parameters in its own protocol's terms."""
    view.answers_control_characters = True
    return view


def view_answers_itself(request):
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, "answers_control_characters", False)


class ControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = refused_parameter(request)
        if name is not None and (name == "" or not view_answers_itself(request)):
            return bad_request(request, name)
        return self.get_response(request)
