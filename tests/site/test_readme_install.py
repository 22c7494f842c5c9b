"""The README's install and uninstall sections are what scripts/plugin-install-check.sh applies to
fresh ``wagtail start`` projects: every step is a code block (a file change or ``$`` commands),
and the uninstall removes exactly the lines the install added."""

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _apply_module():
    spec = importlib.util.spec_from_file_location(
        "plugin_install_apply", REPO / "scripts" / "plugin_install_apply.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


apply = _apply_module()


def _section(name: str) -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return apply.section_text(readme, apply.SECTIONS[name])


def test_install_section_is_pip_settings_urls_migrate_setup():
    section = _section("install")
    files = {block.path: block for block in apply.blocks(section)}
    assert set(files) == {"mysite/settings/base.py", "mysite/urls.py"}
    assert {block.how for block in files.values()} == {"append"}
    settings_code = files["mysite/settings/base.py"].code
    assert "from leernetwerk import configure" in settings_code
    assert "configure(globals())" in settings_code
    assert 'include("leernetwerk.urls")' in files["mysite/urls.py"].code
    assert apply.commands(section) == [
        "pip install leernetwerk",
        "python manage.py migrate",
        "python manage.py leernetwerk_setup",
    ]
    # Issue 15's target: at most five steps, each a handful of lines.
    assert len(apply.parse_blocks(section)) <= 5
    assert sum(len(block.code.strip().splitlines()) for block in files.values()) <= 5


def test_uninstall_section_removes_what_the_install_added():
    install = {block.path: block.code for block in apply.blocks(_section("install"))}
    section = _section("uninstall")
    removed = {block.path: block.code for block in apply.blocks(section) if block.how == "remove"}
    assert removed == install
    commands = apply.commands(section)
    assert commands[0].startswith("python manage.py leernetwerk_uninstall")
    order = [c.split()[-2] for c in commands if c.startswith("python manage.py migrate ")]
    assert order == [
        "leernetwerk_learning",
        "leernetwerk_patterns",
        "leernetwerk_casework",
        "leernetwerk_kernel",
    ]
    assert all(c.endswith(" zero") for c in commands if c.startswith("python manage.py migrate"))


SAMPLE = """# Sample

## Install the plugin into an existing Wagtail site

1. Install:
   ```console
   $ pip install leernetwerk
   ```
2. Settings:
   ```python
   # mysite/settings/base.py (append)
   from leernetwerk import configure

   configure(globals())
   ```

## Uninstall the plugin

```python
# mysite/settings/base.py (remove)
from leernetwerk import configure

configure(globals())
```
```console
$ python manage.py check
```
"""


def test_apply_then_remove_leaves_the_file_as_it_was(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(SAMPLE)
    settings = tmp_path / "project" / "site1" / "settings" / "base.py"
    settings.parent.mkdir(parents=True)
    settings.write_text('INSTALLED_APPS = ["home"]\n')
    blocks = apply.parse_blocks(apply.section_text(SAMPLE))
    assert [b.commands for b in blocks] == [("pip install leernetwerk",), ()]
    # Only the file blocks (the commands need a virtualenv).
    for block in apply.blocks(apply.section_text(SAMPLE)):
        apply.apply_file(block, tmp_path / "project", "site1")
    assert settings.read_text().endswith(
        "from leernetwerk import configure\n\nconfigure(globals())\n"
    )
    for block in apply.blocks(apply.section_text(SAMPLE, apply.SECTIONS["uninstall"])):
        apply.apply_file(block, tmp_path / "project", "site1")
    assert settings.read_text() == 'INSTALLED_APPS = ["home"]\n'


def test_commands_run_in_the_projects_virtualenv_with_the_wheel():
    argv = apply.command_argv(
        "pip install leernetwerk[production]",
        python="/v/bin/python",
        wheel="/d/leernetwerk-0.2.0-py3-none-any.whl",
        pip_extra=["Django>=5.2,<6"],
    )
    assert argv == [
        "/v/bin/python",
        "-m",
        "pip",
        "--disable-pip-version-check",
        "install",
        "/d/leernetwerk-0.2.0-py3-none-any.whl[production]",
        "Django>=5.2,<6",
    ]
    assert apply.command_argv(
        "python manage.py migrate", python="/v/bin/python", wheel=None, pip_extra=[]
    ) == ["/v/bin/python", "manage.py", "migrate"]
    with pytest.raises(SystemExit, match="only pip and python"):
        apply.command_argv("rm -rf /", python="/v/bin/python", wheel=None, pip_extra=[])


def test_a_block_that_names_no_file_and_runs_no_command_is_an_error():
    with pytest.raises(SystemExit, match="neither names its file"):
        apply.parse_blocks("```python\nINSTALLED_APPS += []\n```\n")
