"""Launching the real Chromium (Debian's package) through Playwright, for fixtures and tests that need their own
browser (several viewports, JavaScript off). Start it after the database fixtures: see conftest's `page`."""
from contextlib import contextmanager

from tests.browser import axe
from tests.services import require_env

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}


@contextmanager
def launched():
    """A headless Chromium, closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=require_env("CHROMIUM_PATH"), headless=True,
                                             args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser, viewport=DESKTOP, javascript=True, with_axe=True):
    """A page in a fresh French context; axe-core installed unless told otherwise."""
    context = browser.new_context(locale="fr-FR", viewport=viewport, java_script_enabled=javascript)
    if with_axe:
        axe.install(context)
    return context.new_page()
