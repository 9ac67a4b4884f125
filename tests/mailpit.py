"""The e-mails the site really sent, read from the Mailpit started by scripts/test.sh (its REST API).

Tests take the `mailpit` fixture (tests/conftest.py): it points Django at Mailpit's SMTP server for the
test and empties the inbox first, so each test sees only its own messages. A test using it needs the
real services (`services` marker, added automatically to tests that use the fixture).

    mailpit.messages(to=None)        every message (to this address, if given), oldest first
    mailpit.wait_for(to, count=1, timeout=10)   the messages to `to` once at least `count` arrived
    mailpit.clear()                  empty the inbox
    with mailpit.stopped(): ...      the SMTP server down for the block (restarted after, same port)

Django's SMTP backend returns once Mailpit has stored the message: right after a request that sends, `messages()`
already lists it (and an empty list means nothing was sent). `wait_for` is for mail sent by another thread or
process (live server, task worker).

Each message is a dict:
    "ID"        Mailpit's id
    "Subject"   decoded subject
    "From"      sender's address ("infodoc@example.org"); "FromName" its display name
    "To", "Cc", "ReplyTo"   lists of addresses
    "Text", "HTML"          the plain-text and HTML parts ("" when missing), line ends as "\n"
    "Headers"   {name: [values]} as Mailpit reports them (e.g. headers["List-Unsubscribe"])
    "Attachments"           list of file names
`links(message)` lists the href of every <a> of the HTML part.
"""
import os
import time
from contextlib import contextmanager
from html.parser import HTMLParser

import pytest
import requests

from tests import services

TIMEOUT = 10  # seconds of an API request


def mailpit_url():
    url = os.environ.get("MAILPIT_URL")
    if not url:
        pytest.fail("MAILPIT_URL is not set: run the suite with scripts/test.sh, which starts Mailpit.")
    return url.rstrip("/")


def _addresses(people):
    return [person["Address"] for person in people or []]


class Mailpit:
    def __init__(self, url):
        self.url = url
        self.http = requests.Session()

    def _get(self, path, **params):
        response = self.http.get(f"{self.url}/api/v1/{path}", params=params, timeout=TIMEOUT)
        response.raise_for_status()
        return response.json()

    def clear(self):
        """Delete every message of the inbox."""
        self.http.delete(f"{self.url}/api/v1/messages", timeout=TIMEOUT).raise_for_status()

    def _summaries(self):
        summaries, start = [], 0
        while True:
            page = self._get("messages", start=start, limit=500)
            summaries += page["messages"]
            start += len(page["messages"])
            if not page["messages"] or start >= page["messages_count"]:
                return list(reversed(summaries))  # the API lists newest first

    def message(self, message_id):
        """One message in full (see the module's docstring)."""
        detail = self._get(f"message/{message_id}")
        sender = detail.get("From") or {}
        return {
            "ID": detail["ID"],
            "Subject": detail["Subject"],
            "From": sender.get("Address", ""),
            "FromName": sender.get("Name", ""),
            "To": _addresses(detail.get("To")),
            "Cc": _addresses(detail.get("Cc")),
            "ReplyTo": _addresses(detail.get("ReplyTo")),
            "Text": (detail.get("Text") or "").replace("\r\n", "\n"),
            "HTML": (detail.get("HTML") or "").replace("\r\n", "\n"),
            "Headers": self._get(f"message/{message_id}/headers"),
            "Attachments": [part.get("FileName", "") for part in detail.get("Attachments") or []],
        }

    def messages(self, to=None):
        """Every message, or those with `to` among their recipients (To, Cc or Bcc), oldest first."""
        wanted = to.lower() if to else None
        found = []
        for summary in self._summaries():
            recipients = {address.lower() for key in ("To", "Cc", "Bcc") for address in _addresses(summary.get(key))}
            if wanted is None or wanted in recipients:
                found.append(self.message(summary["ID"]))
        return found

    def wait_for(self, to, count=1, timeout=10):
        """The messages to `to` once at least `count` have arrived; fails the test after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.messages(to)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                subjects = [message["Subject"] for message in self.messages()]
                pytest.fail(f"{len(found)} message(s) to {to} after {timeout} s, {count} expected; "
                            f"inbox: {subjects}")
            time.sleep(0.1)


    @contextmanager
    def stopped(self):
        """Mailpit stopped (its SMTP port refuses connections) inside the block, started again after it."""
        services.service("stop", "mailpit")
        try:
            yield self
        finally:
            services.service("start", "mailpit")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def links(message):
    """The href of every link of the message's HTML part, in order."""
    parser = _Links()
    parser.feed(message["HTML"])
    return parser.hrefs


def use_mailpit(settings):
    """Point Django's e-mail at Mailpit's SMTP server for this test (settings restored after it)."""
    url = mailpit_url()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
    settings.EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or pytest.fail("EMAIL_PORT is not set (mailpit.env)"))
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    return Mailpit(url)
