"""One folding for the whole project: labels are matched as the search engines fold words."""
import pytest

from base_documentaire.models import TermeCandidat
from base_documentaire.text import fold
from search.analysis import fold as engine_fold


@pytest.mark.parametrize("label, key", [
    ("Œuvre", "oeuvre"), ("  Cœur   de ville ", "coeur de ville"), ("Æsthétique", "aesthetique"),
    ("l’École", "l'ecole"), ("Garges-lès-Gonesse", "garges-les-gonesse"), ("", ""), (None, ""),
])
def test_labels_fold_like_the_engines(label, key):
    assert fold(label) == key


def test_label_folding_is_the_engine_folding_with_spaces_collapsed():
    for label in ("Œuvre", "Ça déçoit", "Straße", "Ærø", "Αθήνα"):
        assert fold(label) == engine_fold(label)


@pytest.mark.django_db
def test_candidate_terms_written_with_a_ligature_or_not_are_one_candidate():
    TermeCandidat.objects.create(vocabulaire="theme", libelle="Cœur de ville", occurrences=2)
    assert TermeCandidat.objects.get().cle == "coeur de ville"
    assert TermeCandidat.objects.filter(vocabulaire="theme", cle=fold("coeur de ville")).exists()
