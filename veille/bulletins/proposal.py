"""« Proposer les notices de la période »: each rubrique's search, narrowed to the notices first published
in the bulletin's period (the alerts' `publie_le` field), adds its hits not chosen yet to the rubrique's
notices, newest first, with an empty comment. The result is a new draft revision: the documentalist then
removes, orders and comments in the editor; nothing is published."""
import datetime
import json
import uuid
from dataclasses import dataclass, field

from django.utils import timezone

from base_documentaire import search_service
from base_documentaire.documents import PUBLISHED_FIELD, index_datetime, notice_schema
from base_documentaire.models import Notice
from search.engines import get_engine
from veille.alerts.searches import SavedSearch
from veille.bulletins.blocks import search_params

PROPOSAL_LIMIT = 100  # notices proposed per rubrique


@dataclass
class Proposal:
    added: dict = field(default_factory=dict)  # rubrique title: number of notices added
    invalid: list = field(default_factory=list)  # titles of rubriques whose search is no longer valid

    @property
    def total(self):
        return sum(self.added.values())


def period_bounds(bulletin):
    """(start, end) instants of the period: from the first day's midnight to the last day's end, local time."""
    start = timezone.make_aware(datetime.datetime.combine(bulletin.debut, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(bulletin.fin, datetime.time.max))
    return start, end


def period_notices(search, start, end):
    """The search's live notices first published in [start, end], newest first (one engine query)."""
    query = search_service.to_engine_query(search.search_request(PROPOSAL_LIMIT), highlight=False)
    query.ranges = {**query.ranges, PUBLISHED_FIELD: (index_datetime(start), index_datetime(end))}
    query.sort, query.facets, query.offset, query.limit = f"-{PUBLISHED_FIELD}", (), 0, PROPOSAL_LIMIT
    try:
        ids = [int(hit.id) for hit in get_engine().search(notice_schema(), query).hits]
    except Exception as error:  # the engine is down or refuses: nothing is changed
        raise search_service.SearchUnavailable(str(error)) from error
    found = Notice.objects.filter(pk__in=ids, live=True, first_published_at__range=(start, end)).in_bulk()
    return [found[pk] for pk in ids if pk in found]


def chosen_id(item):
    value = item.get("value", item) if isinstance(item, dict) else {}
    return value.get("notice")


def propose(bulletin, user=None):
    """Add the period's notices to the latest revision of ``bulletin``; saves a draft revision when some
    were added. Raises search_service.SearchUnavailable when the engine is down (nothing saved)."""
    page = bulletin.get_latest_revision_as_object()
    start, end = period_bounds(page)
    raw = list(page.rubriques.raw_data)
    proposal = Proposal()
    for block in raw:
        if block.get("type") != "rubrique":
            continue
        value = block["value"]
        try:
            search = SavedSearch.from_params(search_params(value))
        except search_service.InvalidSearch:
            proposal.invalid.append(value.get("titre", ""))
            continue
        proposal.added[value.get("titre", "")] = _add(value, period_notices(search, start, end))
    if proposal.total:
        page.rubriques = json.dumps(raw)
        page.save_revision(user=user, log_action=True)
    return proposal


def _add(rubrique, notices):
    items = rubrique.setdefault("notices", [])
    present = {chosen_id(item) for item in items}
    new = [notice for notice in notices if notice.pk not in present]
    items.extend({"type": "item", "id": str(uuid.uuid4()), "value": {"notice": notice.pk, "commentaire": ""}}
                 for notice in new)
    return len(new)
