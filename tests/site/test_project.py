"""The project's own plumbing: import name of site/, translations."""
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "site" / "locale" / "fr" / "LC_MESSAGES"


def test_site_folder_does_not_shadow_the_standard_library():
    import site

    assert Path(site.__file__).parent != ROOT / "site"
    assert not (ROOT / "site" / "__init__.py").exists()
    assert sys.modules["crpv_site.settings.test"].__file__ == str(ROOT / "site" / "settings" / "test.py")


def test_french_locale_and_paris_time():
    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"


def catalogues():
    """The site's catalogue and those of the apps that keep their own (reseau/*)."""
    found = [LOCALE] + sorted(ROOT.glob("reseau/*/locale/fr/LC_MESSAGES"))
    return [str(folder.relative_to(ROOT)) for folder in found]


@pytest.mark.parametrize("folder", catalogues())
def test_french_catalogue_is_complete_and_compiled(folder):
    po = polib.pofile(str(ROOT / folder / "django.po"))
    mo = {entry.msgid: entry for entry in polib.mofile(str(ROOT / folder / "django.mo"))}

    assert not po.untranslated_entries() and not po.fuzzy_entries()
    for entry in po.translated_entries():
        compiled = mo.get(entry.msgid)
        assert compiled is not None, f"not compiled (run compilemessages): {entry.msgid}"
        assert (compiled.msgstr or compiled.msgstr_plural) == (entry.msgstr or entry.msgstr_plural)
