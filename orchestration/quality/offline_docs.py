"""Make Great Expectations' Data Docs readable offline.

GX's pages load Bootstrap, jQuery and bootstrap-table from CDNs, and the index page draws its
tables with them: without network it is empty. After every build we copy the vendored files
(`vendor/`, see its README) into `<site>/static/vendor/` and point every page at them; the
optional extras (dark theme, Vega charts, which our expectations do not use) are dropped,
and the logo comes from the site's own static folder.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "vendor"

# CDN url fragment -> local file (None: drop the tag)
_ASSETS: dict[str, str | None] = {
    "bootstrap/4.3.1/css/bootstrap.min.css": "bootstrap.min.css",
    "bootstrap/4.3.1/js/bootstrap.min.js": "bootstrap.min.js",
    "jquery-3.7.1.min.js": "jquery.min.js",
    "popper.js/1.12.9/umd/popper.min.js": "popper.min.js",
    "dist/bootstrap-table.min.css": "bootstrap-table.min.css",
    "dist/bootstrap-table.min.js": "bootstrap-table.min.js",
    "filter-control/bootstrap-table-filter-control.min.js": "bootstrap-table-filter-control.min.js",
    "filter-control/bootstrap-table-filter-control.css": "bootstrap-table-filter-control.min.css",
    "filter-control/bootstrap-table-filter-control.min.css": (
        "bootstrap-table-filter-control.min.css"
    ),
    "font-awesome/6.6.0/css/all.min.css": "icons.css",
    "bootstrap-prefers-dark.css": None,
    # the index page's filter-control extension calls $.fn.datepicker for the run-time column:
    # without it the script stops and the table of validation results stays empty
    "bootstrap-datepicker/1.9.0/css/bootstrap-datepicker.min.css": "bootstrap-datepicker.min.css",
    "bootstrap-datepicker/1.9.0/js/bootstrap-datepicker.min.js": "bootstrap-datepicker.min.js",
    "npm/vega": None,
}
_LINK = re.compile(r"<link\b[^>]*\bhref=\"(https?://[^\"]+)\"[^>]*>")
_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=\"(https?://[^\"]+)\"[^>]*>\s*</script>")
_FAVICON = re.compile(r'href="(?:\.\./)*static/images/favicon\.ico"')
_LOGO = re.compile(r"https://great-expectations-web-assets[^\"]*logo-long\.png[^\"]*")


def _local(url: str) -> tuple[bool, str | None]:
    for fragment, local in _ASSETS.items():
        if fragment in url:
            return True, local
    return False, None


def _rewrite(html: str, vendor_rel: str, images_rel: str) -> str:
    def link(match: re.Match[str]) -> str:
        known, local = _local(match.group(1))
        if not known:
            return match.group(0)
        return "" if local is None else f'<link rel="stylesheet" href="{vendor_rel}/{local}">'

    def script(match: re.Match[str]) -> str:
        known, local = _local(match.group(1))
        if not known:
            return match.group(0)
        return "" if local is None else f'<script src="{vendor_rel}/{local}"></script>'

    html = _LINK.sub(link, html)
    html = _SCRIPT.sub(script, html)
    html = _FAVICON.sub(f'href="{images_rel}/favicon.ico"', html)  # GX miscounts the depth
    return _LOGO.sub(f"{images_rel}/logo-long.png", html)


def make_offline(site_dir: Path) -> int:
    """Rewrite every page of the site; returns the number of pages."""
    vendor_dir = site_dir / "static" / "vendor"
    shutil.copytree(VENDOR, vendor_dir, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.md"))
    pages = 0
    for page in site_dir.rglob("*.html"):
        vendor_rel = Path(os.path.relpath(vendor_dir, page.parent)).as_posix()
        images_rel = Path(os.path.relpath(site_dir / "static" / "images", page.parent)).as_posix()
        text = page.read_text(encoding="utf-8")
        page.write_text(_rewrite(text, vendor_rel, images_rel), encoding="utf-8")
        pages += 1
    return pages
