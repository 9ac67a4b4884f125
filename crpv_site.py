"""Import name of the project configuration package kept in the ``site/`` folder.

A package literally named ``site`` would shadow the standard-library module ``site``
that Python imports at start-up, so ``site/`` has no ``__init__.py`` and is never
imported under that name. This module makes ``site/`` the search path of the package
``crpv_site``: ``crpv_site.settings.dev`` is ``site/settings/dev.py``.
"""
from pathlib import Path

__path__ = [str(Path(__file__).resolve().parent / "site")]
