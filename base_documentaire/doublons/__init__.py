"""Duplicate notices ("doublons"): detection on save and on import, pairs for the moderator to
handle, merge or keep both.

- ``keys``: normalised title and ISBN keys, stored on the notice in indexed columns;
- ``models``: ``Doublon``, one flagged pair and its decision;
- ``detection``: the look-alikes of one notice, in one indexed query, and the pairs it flags;
- ``fusion``: merging a pair into the notice kept, or keeping both;
- ``admin`` and ``views``: the Wagtail admin (pairs listing, side-by-side comparison, flags).
"""
