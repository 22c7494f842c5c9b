"""Apply a section of the README to a ``wagtail start`` project: the README is the source, this
only follows it. ``scripts/plugin-install-check.sh`` uses it for the install section ("Install the
plugin into an existing Wagtail site") and the uninstall section ("Uninstall the plugin").

Every fenced block of the section is one of two kinds, told apart by its first line:

* a **file block** names its target, relative to the project folder, and how it is applied:

      # mysite/settings/base.py (append)
      # mysite/asgi.py (new file)
      {# mysite/templates/base.html (before "{% block content %}") #}
      # mysite/urls.py (remove)

  ``mysite`` stands for the project's name; ``remove`` deletes the block's lines (as an earlier
  ``append`` added them) from the file;
* a **command block** holds shell commands, one per line starting with ``$ ``, run in the
  project folder (where ``manage.py`` is):

      $ pip install leernetwerk
      $ python manage.py migrate

  ``pip`` and ``python`` are the project's virtualenv; in a ``pip install`` the requirement
  ``leernetwerk`` (with or without extras) is replaced by ``--wheel`` when given, and
  ``--pip-extra`` requirements are added (the Django pin on Python 3.11). Any other program is
  an error: the proof runs only what it can run exactly as documented.

A section without blocks, a block of neither kind, a target that does not exist, an anchor or a
removed text that is not in the file, or a command that fails is an error: the proof must never
silently skip a step the README documents. Blocks are applied in README order.

Usage: python plugin_install_apply.py README.md PROJECT_DIR PROJECT_NAME
           [--section install|uninstall] [--python PYTHON] [--wheel WHEEL]
           [--pip-extra REQUIREMENT ...] [--timings FILE]
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SECTIONS = {
    "install": "## Install the plugin into an existing Wagtail site",
    "uninstall": "## Uninstall the plugin",
}
SECTION = SECTIONS["install"]
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```[a-z]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S
)
TARGET = re.compile(
    r"^(?:#|\{#)\s*(?P<path>\S+)\s+"
    r"\((?P<how>append|new file|remove|before \"(?P<anchor>.+)\")\)"
    r"\s*(?:#\})?\s*$"
)
COMMAND_PREFIX = "$ "
SHOWN_LINES = 25  # a longer output (pip, migrate) shows its last lines only
PIP_NOTICE = "WARNING: Location 'file:"
APPEND_MARKER = "\n# --- from the README's install section ---\n"
PLUGIN_REQUIREMENT = re.compile(r"^leernetwerk(?P<extras>\[[a-z0-9_,-]+\])?$")


class ApplyError(SystemExit):
    def __init__(self, message: str):
        super().__init__(f"plugin-install-check: {message}")


def section_text(readme: str, heading: str = SECTION) -> str:
    """The section's text, up to the next heading of the same or a higher level."""
    start = readme.find(heading + "\n")
    if start < 0:
        raise ApplyError(f"README has no section {heading!r}")
    level = len(heading) - len(heading.lstrip("#"))
    rest = readme[start + len(heading) :]
    lines = rest.splitlines(keepends=True)
    in_code = False
    for index, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            in_code = not in_code
        elif not in_code and re.match(rf"#{{1,{level}}} ", line):
            return "".join(lines[:index])
    return rest


@dataclass(frozen=True)
class Block:
    """One code block: a file change (``path``, ``how``, ``anchor``) or ``commands``."""

    code: str
    path: str | None = None
    how: str | None = None
    anchor: str | None = None
    commands: tuple[str, ...] = ()

    def __iter__(self):
        # (path, how, anchor, code), as the README test unpacks file blocks.
        return iter((self.path, self.how, self.anchor, self.code))


def parse_blocks(section: str) -> list[Block]:
    """Every block of the section, in README order."""
    found = []
    for match in FENCE.finditer(section):
        indent = match["indent"]
        lines = [line.removeprefix(indent) for line in match["body"].splitlines()]
        if not lines:
            continue
        first = lines[0].strip()
        if first.startswith(COMMAND_PREFIX):
            commands = []
            for line in lines:
                line = line.strip()
                if line.startswith(COMMAND_PREFIX):
                    commands.append(line.removeprefix(COMMAND_PREFIX).strip())
                elif line and not line.startswith("#"):
                    raise ApplyError(
                        f"a command block has a line that is not a command ($ …): {line!r}"
                    )
            found.append(Block(code="\n".join(lines) + "\n", commands=tuple(commands)))
            continue
        target = TARGET.match(first)
        if target is None:
            raise ApplyError(
                "a code block of the section neither names its file on its first line nor "
                f"starts with a command ($ …): {lines[0]!r}"
            )
        code = "\n".join(lines[1:]) + "\n"
        how = "before" if target["anchor"] else target["how"]
        found.append(Block(code=code, path=target["path"], how=how, anchor=target["anchor"]))
    if not found:
        raise ApplyError("the section has no code blocks to apply")
    return found


def blocks(section: str) -> list[Block]:
    """The file blocks of the section (path, how, anchor, code)."""
    return [block for block in parse_blocks(section) if block.path]


def commands(section: str) -> list[str]:
    """The commands of the section's command blocks, in order."""
    return [command for block in parse_blocks(section) for command in block.commands]


def apply_file(block: Block, project_dir: Path, name: str) -> None:
    path = block.path.replace("mysite/", f"{name}/", 1)
    target = project_dir / path
    code = block.code
    if block.how == "new file":
        if target.exists():
            raise ApplyError(f"{path} exists, the README says new file")
        target.write_text(code, encoding="utf-8")
    elif not target.exists():
        raise ApplyError(f"{path} (named in the README) does not exist")
    elif block.how == "append":
        with target.open("a", encoding="utf-8") as handle:
            handle.write(APPEND_MARKER + code)
    elif block.how == "remove":
        text = target.read_text(encoding="utf-8")
        if APPEND_MARKER + code in text:
            text = text.replace(APPEND_MARKER + code, "", 1)
        elif code in text:
            text = text.replace(code, "", 1)
        else:
            raise ApplyError(f"the lines to remove are not in {path}:\n{code}")
        target.write_text(text, encoding="utf-8")
    else:
        text = target.read_text(encoding="utf-8")
        if block.anchor not in text:
            raise ApplyError(f"{block.anchor!r} is not in {path}")
        target.write_text(text.replace(block.anchor, code + block.anchor, 1), encoding="utf-8")
    print(f"  {block.how:8} {path} ({len(code.splitlines())} lines)", flush=True)


def command_argv(
    command: str, *, python: str, wheel: str | None, pip_extra: list[str]
) -> list[str]:
    """The argv that runs a README command in the project's virtualenv."""
    words = shlex.split(command)
    if not words:
        raise ApplyError("an empty command in a command block")
    program, args = words[0], words[1:]
    if program == "python":
        return [python, *args]
    if program != "pip":
        raise ApplyError(f"the proof runs only pip and python commands, not {command!r}")
    if args[:1] == ["install"]:
        if wheel:
            for index, arg in enumerate(args):
                match = PLUGIN_REQUIREMENT.match(arg)
                if match:
                    args[index] = wheel + (match["extras"] or "")
        args = [*args, *pip_extra]
    return [python, "-m", "pip", "--disable-pip-version-check", *args]


def run_command(
    command: str,
    project_dir: Path,
    *,
    python: str,
    wheel: str | None,
    pip_extra: list[str],
    timings: Path | None,
) -> None:
    argv = command_argv(command, python=python, wheel=wheel, pip_extra=pip_extra)
    print(f"  $ {command}", flush=True)
    if argv[1:3] == ["-m", "pip"] and argv[4:] != shlex.split(command)[1:]:
        print(f"    (as: pip {shlex.join(argv[4:])})", flush=True)
    started = time.monotonic()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    result = subprocess.run(  # noqa: S603
        argv,
        cwd=project_dir,
        env=env,
        check=False,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    elapsed = time.monotonic() - started
    # (pip's notices about this machine's unused find-links folders are left out)
    output = [line for line in result.stdout.splitlines() if not line.startswith(PIP_NOTICE)]
    shown = output if len(output) <= SHOWN_LINES or result.returncode else output[-5:]
    if len(shown) < len(output):
        print(f"    ({len(output)} lines of output, the last {len(shown)}:)", flush=True)
    for line in shown[-60:]:
        print(f"    {line}", flush=True)
    print(f"    ({elapsed:.1f} s, exit {result.returncode})", flush=True)
    if timings is not None:
        with timings.open("a", encoding="utf-8") as handle:
            handle.write(f"{elapsed:.1f}\t{command}\n")
    if result.returncode != 0:
        raise ApplyError(f"the README's command failed (exit {result.returncode}): {command}")


def apply(
    readme_path: Path,
    project_dir: Path,
    name: str,
    *,
    section: str = "install",
    python: str | None = None,
    wheel: str | None = None,
    pip_extra: list[str] | None = None,
    timings: Path | None = None,
) -> None:
    text = section_text(readme_path.read_text(encoding="utf-8"), SECTIONS[section])
    for block in parse_blocks(text):
        if block.path:
            apply_file(block, project_dir, name)
            continue
        if python is None:
            raise ApplyError("the section has commands: pass --python (the project's python)")
        for command in block.commands:
            run_command(
                command,
                project_dir,
                python=python,
                wheel=wheel,
                pip_extra=pip_extra or [],
                timings=timings,
            )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        description="Apply a README section to a wagtail start project."
    )
    parser.add_argument("readme", type=Path)
    parser.add_argument("project_dir", type=Path)
    parser.add_argument("project_name")
    parser.add_argument("--section", choices=sorted(SECTIONS), default="install")
    parser.add_argument("--python", help="the project's virtualenv python (runs pip and python)")
    parser.add_argument("--wheel", help="install this wheel where the README says leernetwerk")
    parser.add_argument("--pip-extra", action="append", default=[], metavar="REQUIREMENT")
    parser.add_argument("--timings", type=Path, help="append 'seconds<TAB>command' lines here")
    args = parser.parse_args(argv)
    apply(
        args.readme,
        args.project_dir,
        args.project_name,
        section=args.section,
        python=args.python,
        wheel=args.wheel,
        pip_extra=args.pip_extra,
        timings=args.timings,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
