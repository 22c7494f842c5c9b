"""Apply the code blocks of the README's "Install the plugin into an existing Wagtail site"
section to a new ``wagtail start`` project: the README is the source, this only follows it.

Each fenced block of that section starts with a comment line that names its target, relative to
the project folder, and how it is applied:

    # mysite/settings/base.py (append)
    # mysite/asgi.py (new file)
    {# mysite/templates/base.html (before "{% block content %}") #}

``mysite`` stands for the project's name. A section without such blocks, a target that does not
exist, or an anchor that is not in the file is an error: the proof must never silently skip a
step the README documents.

Usage: python plugin_install_apply.py README.md PROJECT_DIR PROJECT_NAME
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SECTION = "## Install the plugin into an existing Wagtail site"
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```[a-z]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S
)
TARGET = re.compile(
    r"^(?:#|\{#)\s*(?P<path>\S+)\s+\((?P<how>append|new file|before \"(?P<anchor>.+)\")\)"
    r"\s*(?:#\})?\s*$"
)


def section_text(readme: str) -> str:
    start = readme.find(SECTION + "\n")
    if start < 0:
        raise SystemExit(f"plugin-install-check: README has no section {SECTION!r}")
    rest = readme[start + len(SECTION) :]
    end = re.search(r"^## ", rest, re.M)
    return rest[: end.start()] if end else rest


def blocks(section: str) -> list[tuple[str, str, str | None, str]]:
    """(path, how, anchor, code) of every block that names a target, in README order."""
    found = []
    for match in FENCE.finditer(section):
        indent = match["indent"]
        lines = [line.removeprefix(indent) for line in match["body"].splitlines()]
        if not lines:
            continue
        target = TARGET.match(lines[0].strip())
        if target is None:
            raise SystemExit(
                "plugin-install-check: a code block of the install section does not name its "
                f"file on its first line: {lines[0]!r}"
            )
        code = "\n".join(lines[1:]) + "\n"
        how = "before" if target["anchor"] else target["how"]
        found.append((target["path"], how, target["anchor"], code))
    if not found:
        raise SystemExit("plugin-install-check: the install section has no code blocks to apply")
    return found


def apply(readme_path: Path, project_dir: Path, name: str) -> None:
    for path, how, anchor, code in blocks(section_text(readme_path.read_text(encoding="utf-8"))):
        path = path.replace("mysite/", f"{name}/", 1)
        target = project_dir / path
        if how == "new file":
            if target.exists():
                raise SystemExit(f"plugin-install-check: {path} exists, the README says new file")
            target.write_text(code, encoding="utf-8")
        elif not target.exists():
            raise SystemExit(f"plugin-install-check: {path} (named in the README) does not exist")
        elif how == "append":
            with target.open("a", encoding="utf-8") as handle:
                handle.write("\n# --- from the README's install section ---\n" + code)
        else:
            text = target.read_text(encoding="utf-8")
            if anchor not in text:
                raise SystemExit(f"plugin-install-check: {anchor!r} is not in {path}")
            target.write_text(text.replace(anchor, code + anchor, 1), encoding="utf-8")
        print(f"  {how:8} {path} ({len(code.splitlines())} lines)")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__.rsplit("Usage: ", 1)[1])
    apply(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
