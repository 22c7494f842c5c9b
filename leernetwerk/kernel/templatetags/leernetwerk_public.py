"""``{% public_page_url page %}``: a page's address on the public origin (canonical, og:url)."""

from django import template

from leernetwerk.kernel.conf import page_public_url

register = template.Library()


@register.simple_tag(takes_context=True)
def public_page_url(context, page) -> str:
    return page_public_url(page, context.get("request"))
