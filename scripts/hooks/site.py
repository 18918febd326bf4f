"""MkDocs hook: generate the guide pages from content/ through templates/.

At ``on_config`` the content is loaded with the strict checker (any problem
stops the build with the full report); at ``on_files`` every page is rendered
with Jinja2 (StrictUndefined: an unknown variable fails the build) and added
as a generated file, and the navigation is built from templates/nav.yaml.
A reference that does not resolve while rendering also fails the build.

``SITE_CONTENT_DIR`` points the build at another content tree (tests).
"""

from __future__ import annotations

import logging
import os
import sys
from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `mkdocs` run as a console script does not put the repo on sys.path
    sys.path.insert(0, str(ROOT))

from scripts.content import MISSING, ContentError, check, placeholders  # noqa: E402
from scripts.sitegen import a11y, named, nav_from, parts, render_pages, units  # noqa: E402
from scripts.sitegen.search_fix import patch_search_worker  # noqa: E402

log = logging.getLogger("mkdocs.hooks.site")


def content_dir() -> Path:
    return Path(os.environ.get("SITE_CONTENT_DIR") or ROOT / "content")


def _quiet_segmenter() -> None:
    """The search index splits Chinese with jieba, which logs four English lines at every build
    ("Building prefix dict…"); an administrator's build log keeps only what concerns the content.
    jieba sets its own logger to DEBUG when imported, so the level is set after the import."""
    try:
        import jieba
    except ImportError:  # the search plugin then indexes without it
        return
    jieba.setLogLevel(logging.WARNING)


class SiteHook:
    """One build's state: the checked content, read at ``on_config`` and used by the later events.

    MkDocs loads a hook file once per process (``mkdocs serve`` rebuilds with the same module), so
    every build starts from ``on_config``, which replaces the content; an event that runs without it
    is a build error, not a KeyError.
    """

    def __init__(self) -> None:
        self.content: dict | None = None
        self.notices: list | None = None
        self.named: list = []

    def loaded(self) -> dict:
        if self.content is None:
            raise PluginError("site generation: the content was not loaded (on_config did not run)")
        return self.content

    def on_config(self, config):
        _quiet_segmenter()
        # the validator's finding codes belong to this repository's content, not to another tree
        codes = None if os.environ.get("SITE_CONTENT_DIR") else "validator"
        if str(ROOT) not in sys.path:  # mkdocs restores sys.path after loading hooks: the validator
            sys.path.insert(0, str(ROOT))  # must import from any working directory
        self.content = self.notices = None
        content, problems = check(content_dir(), codes_package=codes)
        broken = [p for p in problems if p.code not in MISSING]
        if broken:
            raise PluginError(ContentError(broken).report())
        if content.get("skipped_modules"):  # never skip the "every result code has a message" check
            raise PluginError("validator modules could not be imported, so their result codes were not "
                              f"checked against content/messages: {', '.join(content['skipped_modules'])}")
        for warning in content.get("warnings", []):
            log.info("内容检查的提醒（不影响构建）：%s", warning)
        missing = [p for p in problems if p.code in MISSING]
        if missing:
            # While content is still being written the site builds without those pages;
            # `make build` runs `make check-content` first, which refuses missing files.
            log.info("content incomplete, pages left out: %s", ", ".join(p.file for p in missing))
        content["missing"] = sorted(p.file for p in missing)
        self.content = content
        # the units the pages' scripts hold to their numbers (overrides/main.html #yk-units, dom.js held)
        config.setdefault("extra", {})["yk_units"] = " ".join(content.get("units", []))
        # the official tools the texts name, and the page each links to (overrides/main.html #yk-named, dom.js
        # named; scripts/sitegen/named.py for the pages' own text)
        self.named = named.from_content(content.get("extra", {}).get("tools") or {})
        config["extra"]["yk_named"] = [
            {"key": t.key, "names": escape("|".join(t.names), quote=True), "page": named.page_url(t.page),
             "anchor": t.anchor}
            for t in self.named
        ]
        return config

    def on_files(self, files, config):
        content = self.loaded()
        try:
            pages = render_pages(content, ROOT / "templates")
        except Exception as err:  # template or reference error: one clear line, build fails
            raise PluginError(f"site generation failed: {type(err).__name__}: {err}") from None
        pages["notices.md"] = self._notices_page(content)
        for src_uri, text in pages.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None:
                raise PluginError(f"{src_uri} is generated from content/; remove docs/{src_uri}")
            files.append(File.generated(config, src_uri, content=text))
        config["nav"] = nav_from(
            ROOT / "templates" / "nav.yaml", [f.src_uri for f in files.documentation_pages()]
        )
        return files

    def _notices_page(self, content: dict) -> str:
        """/notices/: this site's licences and every third-party package it ships (scripts/notices/)."""
        from scripts import notices
        from scripts.sitegen.pages import environment

        try:
            self.notices = notices.load()
        except (notices.NoticeError, OSError, KeyError) as err:
            raise PluginError(f"third-party notices: {err}") from None
        env = environment(ROOT / "templates", content)
        return env.get_template("notices.md.j2").render(
            page="notices.md",
            site_name=content["site"]["site_name"],
            packages=self.notices,
            content_licence=(ROOT / "LICENSE-content").read_text(encoding="utf-8"),
        )

    def on_page_markdown(self, markdown, page, config, files):
        """A hand-written page (docs/, not the admin pages, which show the placeholder syntax itself) writes
        a parameter's value as a placeholder, filled here as in content prose (its description in the front
        matter too); a value written by hand, or a placeholder that cannot be filled, stops the build with
        the page, the line and the placeholder to write (scripts/content/placeholders.py ``page``)."""
        if page.file.generated_by or page.file.src_uri.startswith("admin"):
            return markdown
        content = self.loaded()
        where = f"docs/{page.file.src_uri}"
        markdown, problems = placeholders.page(content, where, markdown)
        for key, value in list(page.meta.items()):
            if isinstance(value, str):
                page.meta[key], more = placeholders.page(content, where, value, (key,))
                problems += more
        if problems:
            raise PluginError(ContentError(problems).report())
        # parts the tool's script would build, written from content (scripts/sitegen/parts.py)
        try:
            markdown, unknown = parts.expand(markdown, content, page.url, ROOT / "templates")
        except Exception as err:  # a template error: one clear line, build fails
            raise PluginError(f"{where}: a page part failed: {type(err).__name__}: {err}") from None
        if unknown:
            missing = ", ".join(unknown)
            raise PluginError(f"{where}: no template templates/parts/NAME.html.j2 for yk-part {missing}")
        return markdown

    def on_page_content(self, html, page, config, files):
        """Names for checklist tick boxes and focusable wide tables (scripts/sitegen/a11y.py); every number
        and its unit in the text held on one line (scripts/sitegen/units.py)."""
        content = self.loaded()
        texts = content.get("site", {}).get("texts", {})
        if not page.file.src_uri.startswith("admin"):  # the admin pages show content as written
            html = named.link_names(html, self.named, page.url)
        return units.hold(a11y.fix(html, texts.get("page.table", "")), content.get("units", []))

    def on_post_build(self, config):
        # each named thing's link leads somewhere: its page was built and has its anchor (named.py)
        problem = named.dangling(self.named, Path(config["site_dir"]))
        if problem:
            raise PluginError(problem)
        # without a public address (SITE_URL unset) a sitemap could only list 127.0.0.1 or nothing: none
        if not config.get("site_url"):
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                (Path(config["site_dir"]) / name).unlink(missing_ok=True)
        patched = patch_search_worker(Path(config["site_dir"]))
        log.info("search worker: whole-word Chinese query segmentation patched in %d file(s)", len(patched))


# MkDocs finds a hook's events as module attributes: the bound methods of this build's state.
_hook = SiteHook()
on_config = _hook.on_config
on_files = _hook.on_files
on_page_markdown = _hook.on_page_markdown
on_page_content = _hook.on_page_content
on_post_build = _hook.on_post_build
