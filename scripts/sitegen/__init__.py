"""Generate the guide site's Markdown pages from checked content.

* ``pages``   which page comes from which template, and the Jinja environment
* ``links``   reference helpers (sources, guide anchors, FAQ, pathways) that fail loudly
* ``changes`` the 年度变更 data: dated parameter values that start in the cycle
* ``nav``     the navigation from templates/nav.yaml plus every other page
"""

from scripts.sitegen.nav import nav_from
from scripts.sitegen.pages import render_pages

__all__ = ["nav_from", "render_pages"]
