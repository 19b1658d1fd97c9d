"""Every PDF the product makes (statements, receipts, the savings book) is rendered here, by WeasyPrint
from the same Django templates as the pages, with the static folder as the base for fonts and images."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict, request=None) -> bytes:
    """``template`` rendered with ``pdf=True`` in its context, as PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template, {**context, "pdf": True}, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static")).write_pdf()
