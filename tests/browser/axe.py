"""axe-core (Deque, MPL-2.0) run in the real Chromium, and the 320 px reflow check (WCAG 1.4.10).

axe-core's own file comes from the npm registry at a pinned version and checksum
(`scripts/services/chromium.sh install`, path in AXE_CORE_PATH). It is added with
`context.add_init_script` — before the page's own scripts, in every page of the context — because
the pages' Content-Security-Policy refuses an injected <script> and `eval`; `axe.run` is then
called through Playwright's `evaluate`, which the CSP does not govern.
"""
from pathlib import Path

from tests.services import require_env

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NARROW = {"width": 320, "height": 640}


def install(context):
    """Make axe-core available in every page the Playwright context opens from now on."""
    context.add_init_script(script=Path(require_env("AXE_CORE_PATH")).read_text(encoding="utf-8"))


def violations(page):
    """axe-core's violations of WCAG 2.0/2.1 A and AA on the page as it is now."""
    page.wait_for_load_state("load")
    result = page.evaluate(
        """async tags => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' ')),
                summaries: v.nodes.map(n => n.failureSummary || ''),
            }));
        }""",
        TAGS,
    )
    return result


def describe(found):
    lines = []
    for violation in found:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for target, summary in zip(violation["targets"], violation["summaries"]):
            lines.append(f"    {target}: {' '.join(summary.split())[:300]}")
    return "\n".join(lines)


def assert_no_violations(page, context=""):
    """Fail with each violation's id, impact, help and targets."""
    found = violations(page)
    assert not found, f"axe-core: {len(found)} violation(s) on {context or page.url}\n{describe(found)}"


def horizontal_overflow(page):
    """How many CSS pixels the document is wider than the viewport (0 when it fits)."""
    return page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
    )


def assert_fits_320(page, context=""):
    """At 320 CSS px wide, the page scrolls only vertically (WCAG 1.4.10 reflow)."""
    size = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        overflow = horizontal_overflow(page)
        widest = page.evaluate(WIDEST) if overflow > 0 else []
        assert overflow <= 0, (
            f"{context or page.url}: {320 + overflow} px wide at 320 px; widest elements: {widest}"
        )
    finally:
        page.set_viewport_size(size)


WIDEST = """() => Array.from(document.querySelectorAll('body *'))
    .map(e => [e, e.getBoundingClientRect().right])
    .filter(([e, right]) => right > document.documentElement.clientWidth + 0.5)
    .sort((a, b) => b[1] - a[1]).slice(0, 5)
    .map(([e, right]) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''} (${Math.round(right)} px)`)"""
