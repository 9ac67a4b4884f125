"""The documentary base's fixtures (vocabularies, contributors, notices, the documentary page) for
the editorial apps, which are tagged with the same vocabularies and list the same notices."""
from tests.base_documentaire.conftest import (contributeurs, documentary_page, make_notice,  # noqa: F401
                                              notices, search_index, vocabulary)
