"""Keywords (taggit tags) and candidate terms an import puts on its notices, read and created
once a batch instead of once a notice.

- `Tags`: tags by name; the names a batch uses are read in one query and the new ones created in
  one insert (a name whose slug is taken goes through taggit's own ``save``, which finds a free
  slug).
- `CandidateTerms`: the `TermeCandidat` rows of the unknown labels a batch meets, read in one query
  and the new ones created in one insert (with no occurrence: ``writing.record_candidates`` counts
  them once the import is written); `put_on_notice` is ``base_documentaire.candidates.put_on_notice``
  reading them from it (tests/base_documentaire/test_import_batches.py checks both give the same
  notices).
"""
from collections import Counter

from django.db import IntegrityError, transaction
from taggit.models import Tag

from base_documentaire import candidates
from base_documentaire.models import TermeCandidat
from base_documentaire.text import fold

LABEL_MAX_LENGTH = TermeCandidat._meta.get_field("libelle").max_length


class Tags:
    """Tags by name, read or created once; a cache for one import (``clear`` after a rollback)."""

    def __init__(self):
        self._by_name = {}

    def clear(self):
        self._by_name.clear()

    def objects(self, names):
        """The tags of these names, in their order (read, or created when new)."""
        missing = list(dict.fromkeys(name for name in names if name not in self._by_name))
        if missing:
            for tag in Tag.objects.filter(name__in=missing):
                self._by_name[tag.name] = tag
            self._create([name for name in missing if name not in self._by_name])
        return [self._by_name[name] for name in names]

    def _create(self, names):
        if not names:
            return
        tags = [Tag(name=name, slug=Tag().slugify(name)) for name in names]
        slugs = Counter(tag.slug for tag in tags)
        taken = set(Tag.objects.filter(slug__in=list(slugs)).values_list("slug", flat=True))
        free = [tag for tag in tags if tag.slug not in taken and slugs[tag.slug] == 1]
        try:
            with transaction.atomic():
                Tag.objects.bulk_create(free)
        except IntegrityError:  # written meanwhile by someone else: one at a time below
            free = []
        created = {id(tag) for tag in free}
        for tag in tags:
            if id(tag) in created:
                self._by_name[tag.name] = tag
            else:  # taggit's save finds a free slug ("name_1")
                self._by_name[tag.name] = Tag.objects.get_or_create(name=tag.name)[0]


class CandidateTerms:
    """`TermeCandidat` rows by (vocabulaire, folded label), read or created once an import; ``load``
    takes every label a batch will ask for (one query, one insert)."""

    def __init__(self):
        self._rows = {}

    def clear(self):
        self._rows.clear()

    def load(self, labels):
        """Read (and create, with no occurrence, when new) the rows of these (vocabulaire, label)."""
        wanted = {}
        for vocabulaire, label in labels:
            label = label[:LABEL_MAX_LENGTH]
            key = (vocabulaire, fold(label))
            if key not in self._rows:
                wanted.setdefault(key, label)
        if not wanted:
            return
        for row in TermeCandidat.objects.filter(cle__in={key for _vocabulaire, key in wanted}):
            self._rows[(row.vocabulaire, row.cle)] = row
        new = [TermeCandidat(vocabulaire=key[0], libelle=label, cle=key[1], occurrences=0)
               for key, label in wanted.items() if key not in self._rows]
        if new:
            TermeCandidat.objects.bulk_create(new)
            self._rows.update({(row.vocabulaire, row.cle): row for row in new})

    def rows(self, labels):
        """The rows of these (vocabulaire, label), one per distinct key, in their order."""
        self.load(labels)
        keys = dict.fromkeys((vocabulaire, fold(label[:LABEL_MAX_LENGTH])) for vocabulaire, label in labels)
        return [self._rows[key] for key in keys]


def put_on_notice(notice, checked, terms):
    """``candidates.put_on_notice`` with the rows read from ``terms`` (a `CandidateTerms`): the
    record's unknown labels of the vocabularies it gives replace the notice's candidates of those
    vocabularies, the others are kept."""
    provided = candidates.provided_vocabularies(checked)
    unknown = [(vocabulaire, label) for vocabulaire, label in checked.unknown if vocabulaire in provided and label]
    if not provided:
        return
    if not unknown and notice.pk is None:
        notice.termes_candidats = []
        return
    kept = []
    if notice.pk is not None and provided != set(TermeCandidat.Vocabulaire.values):
        kept = [candidate for candidate in notice.termes_candidats.all() if candidate.vocabulaire not in provided]
    notice.termes_candidats = kept + terms.rows(unknown)
