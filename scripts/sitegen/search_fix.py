"""Fix how the theme's search worker splits a Chinese query into index terms.

mkdocs-material 9.8.1 segments a Han query greedily against the terms in the
index, but its loop never tries a term that ends at the query's last
character: 照片 is searched as 照, 试用期 as 试用. We patch that one loop
bound in the built worker (``o<t.length`` -> ``o<=t.length``) so whole words
are tried; the rest of the theme's search is unchanged. If a theme update
changes the code, nothing is patched and the search tests show the effect.
"""

from __future__ import annotations

from pathlib import Path

BUGGY = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"
FIXED = "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"


def patch_search_worker(site_dir: Path) -> list[Path]:
    """Patch every built search worker that has the known loop; return the patched files."""
    patched = []
    for path in sorted((Path(site_dir) / "assets" / "javascripts" / "workers").glob("search.*.js")):
        text = path.read_text(encoding="utf-8")
        if BUGGY in text:
            path.write_text(text.replace(BUGGY, FIXED), encoding="utf-8")
            patched.append(path)
    return patched
