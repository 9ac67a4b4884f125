"""Stateless resumption tokens: the list's filters and the position reached, signed.

The position is the last record id sent (keyset paging), so a list stays consistent while
records are added or changed between two requests; nothing is stored on the server.
"""
from dataclasses import asdict, dataclass, replace

from django.core import signing

from . import conf

SALT = "reseau.oai.resumption-token"


@dataclass(frozen=True)
class ListQuery:
    verb: str
    metadata_prefix: str
    set_spec: str = ""
    from_: str = ""  # the datestamps as the harvester wrote them
    until: str = ""
    after: int = 0  # records with a greater id come next
    cursor: int = 0  # how many records were sent before this answer
    total: int = 0  # completeListSize, counted on the first request

    def next_page(self, last_id, sent):
        return replace(self, after=last_id, cursor=self.cursor + sent)


def encode(query):
    return signing.dumps(asdict(query), salt=SALT, compress=True)


def decode(token):
    """The ListQuery of a token; None when it is forged, damaged or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=conf.get("TOKEN_MAX_AGE"))
        return ListQuery(**data)
    except (signing.BadSignature, TypeError, ValueError):
        return None
