"""Small text helpers shared by imports, vocabularies and exports."""
import unicodedata


def fold(text):
    """Lowercase without accents or surrounding spaces: how labels are matched."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())
