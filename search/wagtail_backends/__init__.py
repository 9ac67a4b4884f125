"""Wagtail's own search (site pages, the admin's searches) with the French analysis of the notices.

WAGTAILSEARCH_BACKENDS names one of these modules, chosen with the documentary engine in
search/settings.py: ``database`` beside the embedded engine, ``opensearch`` and
``elasticsearch`` beside the clusters. Each gives Wagtail's backend the analyser the notices
use, so "logements" finds a page about "logement" and "ecole" one about an "École" everywhere.
"""
