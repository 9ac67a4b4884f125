"""Content-Security-Policy of every page (django-csp; crpv_site.csp adds the admin's relaxations and the files'
origin). Strict on the public site and the readers' pages: scripts from this site or carrying the request's nonce,
styles from this site only, no plugin, no foreign form target, no framing by another site."""
import base64
import hashlib
import re
from pathlib import Path

from csp.constants import NONCE, NONE, SELF

from .env import env_bool, env_list

# Players the "Video or audio" block embeds (Wagtail's oEmbed finders); CSP_FRAME_SRC adds others.
EMBED_FRAME_SOURCES = [
    "https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com",
    "https://www.dailymotion.com", "https://geo.dailymotion.com", "https://w.soundcloud.com",
]
# Self-contained error pages (no database, no static file): their one inline <style> is allowed by its hash.
SELF_CONTAINED_PAGES = ("500.html", "503_storage.html")


def inline_style_hashes(templates_dir):
    """'sha256-…' sources of the <style> elements of the self-contained error pages, read from the templates."""
    sources = []
    for name in SELF_CONTAINED_PAGES:
        for style in re.findall(r"<style>(.*?)</style>", (Path(templates_dir) / name).read_text(), re.S):
            digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
            sources.append(f"'sha256-{digest}'")
    return list(dict.fromkeys(sources))


def directives(templates_dir):
    return {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, *inline_style_hashes(templates_dir)],
        "img-src": [SELF, "data:"],  # crpv_site.csp adds the files' origin (S3, CDN) when it is another one
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *EMBED_FRAME_SOURCES, *env_list("CSP_FRAME_SRC")],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],  # like X-Frame-Options DENY; the admin's previews are framed: crpv_site.csp
        "report-uri": env_list("CSP_REPORT_URI") or None,
    }


def csp_settings(templates_dir):
    """(CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY): enforced, or only reported when
    CSP_REPORT_ONLY is set (to try a change on a live site first)."""
    policy = {"DIRECTIVES": directives(templates_dir)}
    return (None, policy) if env_bool("CSP_REPORT_ONLY") else (policy, None)
