"""An SMTP backend that refuses some recipients (the others go to Mailpit as usual): part of a batch fails."""
from smtplib import SMTPRecipientsRefused

from django.core.mail.backends.smtp import EmailBackend

REFUSED = []  # addresses the server refuses, set by the test


class RefusingBackend(EmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            refused = [address for address in message.recipients() if address in REFUSED]
            if refused:
                raise SMTPRecipientsRefused({address: (550, b"5.1.1 Mailbox unavailable") for address in refused})
        return super().send_messages(email_messages)
