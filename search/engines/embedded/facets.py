"""Facet counts: bitmap intersections over the snapshot, no SQL."""
from functools import reduce
from operator import and_


def facet_counts(snapshot, query, base, filters):
    """Counts per value of each facet, under every filter but the facet's own (multi-select)."""
    size = max(int(query.facet_size), 1)
    facets = {}
    for name in dict.fromkeys(query.facets or ()):
        scope = reduce(and_, (bits for field, bits in filters.items() if field != name), base)
        every = scope == snapshot.all_docs
        counts = [(value, bits.bit_count() if every else (bits & scope).bit_count())
                  for value, bits in snapshot.values.get(name, {}).items()]
        facets[name] = sorted(((value, count) for value, count in counts if count),
                              key=lambda item: (-item[1], item[0]))[:size]
    return facets
