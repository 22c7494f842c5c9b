"""System check: the host's base template has the blocks the plugin's pages fill (ids
``leernetwerk.W1xx``).

The plugin's pages extend ``leernetwerk_kernel/base.html``, which extends the host's base template
(``LEERNETWERK_BASE_TEMPLATE``) and fills the blocks every ``wagtail start`` site has. A block the
host's base lacks is dropped without a word by Django's template engine; this check says which,
and what the plugin's pages lose without it. A host silences one it does not want with
``SILENCED_SYSTEM_CHECKS``.
"""

from __future__ import annotations

from django.core.checks import Warning
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.backends.django import DjangoTemplates
from django.template.loader_tags import BlockNode, ExtendsNode

from leernetwerk.kernel import conf

#: The blocks of the host's base that the plugin fills: check id and what is lost without it. The
#: pages' head tags ride in extra_css (the one head block of every ``wagtail start`` base), so a
#: base without ``{% block extra_head %}`` loses nothing.
BLOCKS: dict[str, tuple[str, str]] = {
    "content": ("leernetwerk.W102", "the plugin's pages render without their content"),
    "extra_css": (
        "leernetwerk.W103",
        "the plugin's pages are unstyled (no leernetwerk.css) and lose their head tags "
        "(OpenGraph, description); noindex, canonical and feed links still go out as HTTP "
        "headers (X-Robots-Tag, Link)",
    ),
    "extra_js": (
        "leernetwerk.W104",
        "the plugin's pages get no live updates and none of their scripts",
    ),
    "title": ("leernetwerk.W105", "the plugin's pages keep the host's default title"),
}

#: Parents followed at most (a host's base may extend a layout, which extends another …).
MAX_DEPTH = 10


def check_base_template(app_configs=None, **kwargs) -> list[Warning]:
    name = conf.get("LEERNETWERK_BASE_TEMPLATE")
    try:
        blocks = template_blocks(name)
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        return [
            Warning(
                f"The base template {name!r} for the plugin's pages cannot be loaded: {error}.",
                hint="Set LEERNETWERK_BASE_TEMPLATE to your site's base template.",
                obj="LEERNETWERK_BASE_TEMPLATE",
                id="leernetwerk.W101",
            )
        ]
    if blocks is None:
        return []
    return [
        Warning(
            f"The base template {name!r} has no {{% block {block} %}}: {lost}.",
            hint=f"Add {{% block {block} %}}{{% endblock %}} to {name!r}, "
            "or set LEERNETWERK_BASE_TEMPLATE to a template that has it.",
            obj="LEERNETWERK_BASE_TEMPLATE",
            id=check_id,
        )
        for block, (check_id, lost) in BLOCKS.items()
        if block not in blocks
    ]


def template_blocks(name: str) -> set[str] | None:
    """The names of the blocks of a template and of the templates it extends, found the way
    ``{% extends %}`` finds them; ``None`` when that cannot be known without a request (no Django
    template engine, or a parent named by a variable)."""
    engine = next(
        (backend.engine for backend in engines.all() if isinstance(backend, DjangoTemplates)),
        None,
    )
    if engine is None:
        return None
    template, origin = engine.find_template(name)
    history = [origin]
    blocks: set[str] = set()
    for _depth in range(MAX_DEPTH):
        blocks |= {node.name for node in template.nodelist.get_nodes_by_type(BlockNode)}
        extends = template.nodelist.get_nodes_by_type(ExtendsNode)
        if not extends:
            return blocks
        parent = extends[0].parent_name
        if parent.filters or not isinstance(parent.var, str):
            return None
        template, origin = engine.find_template(parent.var, skip=history)
        history.append(origin)
    return blocks
