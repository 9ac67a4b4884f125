"""The `mailpit` fixture reads what really went through the SMTP server (tests/mailpit.py)."""
import pytest
from django.core.mail import EmailMultiAlternatives

from tests.mailpit import links

pytestmark = pytest.mark.services


def send(to, subject="Essai", reply_to=None, headers=None):
    message = EmailMultiAlternatives(subject, "Première ligne\nSeconde ligne", "Service <service@example.org>",
                                     [to], reply_to=reply_to or [], headers=headers or {})
    message.attach_alternative('<p>Bonjour <a href="https://crpv.example.org/a/">lien</a></p>', "text/html")
    message.send()


def test_a_message_arrives_with_its_parts_addresses_and_headers(mailpit):
    send("lea@example.org", subject="Réponse à « votre » demande", reply_to=["equipe@example.org"],
         headers={"List-Unsubscribe": "<https://crpv.example.org/desabonner/x/>"})
    (message,) = mailpit.wait_for("lea@example.org")
    assert message["Subject"] == "Réponse à « votre » demande"
    assert (message["From"], message["FromName"]) == ("service@example.org", "Service")
    assert message["To"] == ["lea@example.org"] and message["ReplyTo"] == ["equipe@example.org"]
    assert message["Text"].startswith("Première ligne\nSeconde ligne")
    assert links(message) == ["https://crpv.example.org/a/"]
    assert message["Headers"]["List-Unsubscribe"] == ["<https://crpv.example.org/desabonner/x/>"]


def test_messages_are_filtered_by_recipient_oldest_first_and_cleared(mailpit):
    send("a@example.org", subject="un")
    send("b@example.org", subject="deux")
    send("A@example.org", subject="trois")
    assert [m["Subject"] for m in mailpit.wait_for("a@example.org", count=2)] == ["un", "trois"]
    assert [m["Subject"] for m in mailpit.messages()] == ["un", "deux", "trois"]
    mailpit.clear()
    assert mailpit.messages() == []


def test_waiting_for_a_message_that_never_comes_fails_the_test(mailpit):
    with pytest.raises(pytest.fail.Exception, match="0 message"):
        mailpit.wait_for("personne@example.org", timeout=0.5)
