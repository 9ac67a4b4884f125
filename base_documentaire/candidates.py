"""Candidate terms on their notices: a label an import met that no vocabulary declares (a thème, a
territoire, a document type) stays on the notice as written (``Notice.termes_candidats``) until a
documentalist maps it to an existing term or promotes it to a new one.

- `put_on_notice(notice, checked)`: the import's hook (filling.fill_relations), in memory like the
  other relations: the record's unknown labels of the vocabularies it gives replace the notice's
  candidates of those vocabularies (the others are kept).
- `map_candidate(candidate, term, user)`: the label becomes an alias of the term (a theme's
  synonym, a type's or a territory's alias) so that later imports match it, and every notice
  carrying the candidate gets the term instead; `promote_candidate(candidate, user)`: a new theme or
  type of that label, then the same; `promote_territory(candidate, niveau, code, parents, user)`: a
  new territory of that name, with the level and official code the documentalist gives. Published
  notices are published again (a new revision); a draft stays a draft (its latest revision gets the
  change, nothing unpublished goes live). Every notice changed is scheduled for the search index
  (indexing outbox).
"""
from django.db import transaction
from django.utils.text import slugify

from . import indexing
from .models import Notice, TermeCandidat, Territoire, Theme, TypeDocument
from .text import fold
from .vocabulary import synonyms

Vocabulaire = TermeCandidat.Vocabulaire
LABEL_MAX_LENGTH = TermeCandidat._meta.get_field("libelle").max_length


# -- imports ---------------------------------------------------------------------------------------

def provided_vocabularies(checked):
    """The vocabularies the record gives (a CSV without a thèmes column leaves the notice's alone)."""
    provided = set()
    if checked.themes is not None:
        provided.add(Vocabulaire.THEME)
    if checked.territoires is not None:
        provided.add(Vocabulaire.TERRITOIRE)
    if "type_document_id" in checked.fields:
        provided.add(Vocabulaire.TYPE)
    return provided


def put_on_notice(notice, checked):
    """The record's unknown labels on the notice, as candidate terms (created when new)."""
    provided = provided_vocabularies(checked)
    unknown = [(vocabulaire, label) for vocabulaire, label in checked.unknown if vocabulaire in provided and label]
    if not provided:
        return
    if not unknown and notice.pk is None:  # nothing pending (set in memory: no query to read it back)
        notice.termes_candidats = []
        return
    kept = []
    if notice.pk is not None and provided != set(Vocabulaire.values):
        kept = [candidate for candidate in notice.termes_candidats.all() if candidate.vocabulaire not in provided]
    notice.termes_candidats = kept + candidate_rows(unknown)


def candidate_rows(labels):
    """The `TermeCandidat` of each (vocabulaire, label), created with no occurrence when new
    (``writing.record_candidates`` counts them once the import is written)."""
    wanted = {}
    for vocabulaire, label in labels:
        label = label[:LABEL_MAX_LENGTH]
        wanted.setdefault((vocabulaire, fold(label)), label)
    if not wanted:
        return []
    found = {(row.vocabulaire, row.cle): row
             for row in TermeCandidat.objects.filter(cle__in={key for _v, key in wanted})}
    rows = []
    for key, label in wanted.items():
        if key not in found:
            found[key] = TermeCandidat(vocabulaire=key[0], libelle=label, occurrences=0)
            found[key].save()
        rows.append(found[key])
    return rows


# -- the documentalist's decisions -----------------------------------------------------------------

TERM_MODELS = {Vocabulaire.THEME: Theme, Vocabulaire.TERRITOIRE: Territoire, Vocabulaire.TYPE: TypeDocument}


def map_candidate(candidate, term, user=None):
    """The candidate is this existing term: its label becomes an alias of the term and every notice
    carrying it gets the term. Returns the number of notices changed."""
    with transaction.atomic():
        _record_alias(candidate, term)
        changed = _resolve_on_notices(candidate, term, user)
        candidate.delete()
    return changed


def promote_candidate(candidate, user=None):
    """A new term of the candidate's label (a theme or a document type; a territory needs its
    level and official code: `promote_territory`). Returns (term, number of notices changed)."""
    with transaction.atomic():
        term = new_term(candidate)
        changed = _resolve_on_notices(candidate, term, user)
        candidate.delete()
    return term, changed


def promote_territory(candidate, niveau, code, parents=(), user=None):
    """A new territory named as the candidate, of this level and official code, inside `parents`;
    every notice carrying the candidate gets it. Returns (territory, number of notices changed).
    The caller checks the code is free (`territory_conflict`)."""
    with transaction.atomic():
        territory = Territoire.objects.create(niveau=niveau, code=code, nom=candidate.libelle)
        territory.parents.set(parents)
        changed = _resolve_on_notices(candidate, territory, user)
        candidate.delete()
    return territory, changed


def territory_conflict(nom, niveau, code):
    """The existing territory a new one (name, level, code) would clash with: same level and code,
    or same label ("Paris (75)"); None when it is free."""
    label = Territoire(nom=nom, niveau=niveau, code=code).default_label()
    return (Territoire.objects.filter(niveau=niveau, code=code).first()
            or Territoire.objects.filter(libelle=label).first())


def new_term(candidate):
    if candidate.vocabulaire == Vocabulaire.THEME:
        return Theme.objects.create(nom=candidate.libelle)
    if candidate.vocabulaire == Vocabulaire.TYPE:
        return TypeDocument.objects.create(code=_free_code(candidate.libelle), libelle=candidate.libelle)
    raise ValueError("A territory is created with its level and official code: promote_territory().")


def _free_code(label):
    base = slugify(label).replace("-", "_")[:25] or "type"
    code, number = base, 2
    while TypeDocument.objects.filter(code=code).exists():
        code, number = f"{base}_{number}", number + 1
    return code


def _record_alias(candidate, term):
    """Later imports match the label: a theme's synonym, a type's or a territory's alias."""
    if isinstance(term, Theme):
        field, names = "synonymes", [term.nom, *term.synonym_list()]
    elif isinstance(term, TypeDocument):
        field, names = "alias", [term.code, term.libelle, *term.alias_list()]
    else:
        field, names = "synonymes", [term.libelle, term.nom, *synonyms(term.synonymes)]
    if fold(candidate.libelle) in {fold(name) for name in names}:
        return
    current = getattr(term, field).rstrip("\n")
    setattr(term, field, f"{current}\n{candidate.libelle}" if current else candidate.libelle)
    term.save()


def _resolve_on_notices(candidate, term, user):
    notices = list(Notice.objects.filter(termes_candidats=candidate).select_related("latest_revision"))
    for notice in notices:
        _resolve_on_notice(notice, candidate, term, user)
    indexing.schedule([notice.pk for notice in notices])
    return len(notices)


def _apply(notice, candidate, term):
    """The term in place of the candidate, on a notice in memory."""
    notice.termes_candidats = [item for item in notice.termes_candidats.all() if item.pk != candidate.pk]
    if isinstance(term, TypeDocument):
        notice.type_document_id = term.code
    else:
        name = "themes" if isinstance(term, Theme) else "territoires"
        items = list(getattr(notice, name).all())
        if term.pk not in {item.pk for item in items}:
            setattr(notice, name, items + [term])


def _resolve_on_notice(notice, candidate, term, user):
    """A published notice without a pending draft is published again with the change; a draft
    keeps being a draft (its latest revision gets the change); the stored row always gets it."""
    draft_pending = notice.has_unpublished_changes and notice.latest_revision is not None
    if notice.live and not draft_pending:
        _apply(notice, candidate, term)
        notice.save_revision(user=user, clean=False).publish(user=user, skip_permission_checks=True)
        return
    _apply(notice, candidate, term)
    notice.save()
    if notice.latest_revision is not None:
        draft = notice.latest_revision.as_object()
        _apply(draft, candidate, term)
        draft.save_revision(user=user, clean=False)
