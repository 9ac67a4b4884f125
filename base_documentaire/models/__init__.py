from .files import Fichier, NoticeFichier  # noqa: F401
from .types import TypeDocument  # noqa: F401
from .notices import Exemplaire, Notice, NoticeAuteur, NoticeLien  # noqa: F401
from .vocabularies import Contributeur, TermeCandidat, Territoire, Theme  # noqa: F401
from .index_queue import PendingIndexUpdate  # noqa: F401
from .aliases import NoticeAlias  # noqa: F401
from .pages import BaseDocumentairePage  # noqa: F401
from ..doublons.models import Doublon  # noqa: F401 (the duplicate pairs, kept with their package)
