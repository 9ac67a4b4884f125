"""Small text helpers shared by imports, vocabularies and exports."""
from search.analysis import fold as fold_case_and_accents


def fold(text):
    """How labels are matched: the project's one folding (lowercase, accents and ligatures folded
    as the search engines fold them: "Œuvre" -> "oeuvre"), spaces collapsed."""
    return " ".join(fold_case_and_accents(text or "").split())
