"""Check everything under content/ and list every problem at once.

Usage: python -m scripts.check_content [CONTENT_DIR]   (exit 1 when there are problems)
"""

from __future__ import annotations

import sys
from pathlib import Path

from scripts.content import ContentError, load_content
from scripts.content.problems import text

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else ROOT / "content"
    try:
        content = load_content(root, complete=True)
    except ContentError as err:
        print(err.report(), file=sys.stderr)
        return 1
    except Exception as err:  # never a traceback: a bug in the checker still prints one line
        print(f"check_content: {type(err).__name__}: {err}", file=sys.stderr)
        return 2
    if content["skipped_modules"]:
        print(text("skipped", modules=", ".join(content["skipped_modules"])), file=sys.stderr)
    print(
        text(
            "ok",
            files=content["files"],
            params=len(content["parameters"]),
            faq=len(content["faq"]),
            pathways=len(content["pathways"]),
            materials=len(content["materials"]),
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
