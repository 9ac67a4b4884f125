"""What the views of the reader's space share: safe return addresses."""
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback):
    """The `next` address sent with a form if it stays on this site, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


def back(request, fallback, anchor=""):
    target = safe_next(request, fallback)
    return redirect(f"{target.split('#')[0]}#{anchor}" if anchor else target)
