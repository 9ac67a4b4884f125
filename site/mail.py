"""Every e-mail the product sends: HTML and plain text, in French, signed with the site's name and address.

Templates come in three parts, `<name>.subject.txt`, `<name>.txt` and `<name>.html` (the HTML one extends
`mail/base.html`). Links in them are built from the configured site address (`site_url`, from
WAGTAILADMIN_BASE_URL), never from a request: a digest sent by the worker has no request.
"""
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def site_url():
    return (getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")


def absolute_url(path):
    """A path of the site as a link that works from a mailbox."""
    return path if path.startswith(("http://", "https://", "mailto:")) else site_url() + path


def mail_context(context=None):
    return {"site_name": settings.WAGTAIL_SITE_NAME, "site_url": site_url(), **(context or {})}


def build_mail(template, context, to, *, from_email=None, reply_to=None, headers=None):
    """The message, not yet sent: rendered from the three templates of `template`."""
    context = mail_context(context)
    subject = " ".join(render_to_string(f"{template}.subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject, render_to_string(f"{template}.txt", context), from_email or settings.DEFAULT_FROM_EMAIL,
        list(to), reply_to=list(reply_to or []), headers=headers or {},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def send_templated_mail(template, context, to, **options):
    """Render and send; returns the message sent (for its headers and ids)."""
    message = build_mail(template, context, to, **options)
    message.send()
    return message
