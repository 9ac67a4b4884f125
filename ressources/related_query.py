"""One query for several "related content" searches on the same kind of objects.

A page lists what shares its themes, then what shares its territories: two searches over the same
objects, each wanting its first `limit` objects and its total. `first_of_each` answers both in a
single query: each search becomes a boolean column (an EXISTS on the tagging table), a window
function numbers and counts the matches of each search, and only the first `limit` rows of each
search are kept.
"""
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber


def first_of_each(queryset, selections, ordering, limit, themes_field="themes", territories_field="territoires"):
    """[(objects, total)] per selection, in `ordering` (a list of expressions or field names).

    selections: (theme_ids, territory_ids) pairs, already widened; None means "no filter on it",
    and an object must match both parts of a selection.
    """
    if not selections:
        return []
    flags = {f"match_{n}": _matches(queryset.model, themes, territories, themes_field, territories_field)
             for n, (themes, territories) in enumerate(selections)}
    ordering = [_expression(item) for item in ordering]
    annotated = queryset.annotate(**flags).filter(_any(Q(**{name: True}) for name in flags))
    windows = {}
    for name in flags:
        windows[f"{name}_rank"] = Window(RowNumber(), partition_by=[F(name)], order_by=ordering)
        windows[f"{name}_total"] = Window(Count("pk"), partition_by=[F(name)])
    rows = list(annotated.annotate(**windows).order_by()  # each selection is put in order by its rank
                .filter(_any(Q(**{name: True, f"{name}_rank__lte": limit}) for name in flags)))
    return [_selection_result(rows, name) for name in flags]


def _matches(model, theme_ids, territory_ids, themes_field, territories_field):
    """A boolean expression: the object is tagged with one of the themes and one of the territories."""
    condition = Q()
    if theme_ids is not None:
        condition &= Q(_tagged(model, themes_field, theme_ids))
    if territory_ids is not None:
        condition &= Q(_tagged(model, territories_field, territory_ids))
    if not condition:
        condition = Q(pk__isnull=False)  # a selection without filter matches everything
    return ExpressionWrapper(condition, output_field=BooleanField())


def _tagged(model, field_name, ids):
    field = model._meta.get_field(field_name)
    links = field.remote_field.through.objects.filter(**{
        field.m2m_field_name(): OuterRef("pk"), f"{field.m2m_reverse_field_name()}__in": list(ids)})
    return Exists(links)


def _expression(item):
    if isinstance(item, str):
        return F(item[1:]).desc() if item.startswith("-") else F(item).asc()
    return item


def _any(conditions):
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined


def _selection_result(rows, name):
    found = [row for row in rows if getattr(row, name)]
    found.sort(key=lambda row: getattr(row, f"{name}_rank"))
    return found, (getattr(found[0], f"{name}_total") if found else 0)
