from .demandes import CompteurReference, DemandeInfoDoc, NoteInterne, Reponse, Statut, TypeStructure  # noqa: F401
from .pages import DemandeInfoDocPage, QuestionsReponsesPage  # noqa: F401
from .questions import QuestionReponse  # noqa: F401
from .settings import InfoDocSettings  # noqa: F401
