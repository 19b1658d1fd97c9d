"""What a page says is wrong with a submitted form: the field errors and the form's own errors."""

from __future__ import annotations

import html
import re

FIELD = re.compile(r'<div class="field has-error">\s*<label for="id_([^"]+)">.*?</div>', re.S)
FIELD_ERROR = re.compile(r'<p class="field-error" role="alert">(.*?)</p>', re.S)
FORM_ERRORS = re.compile(r'<div class="form-errors" role="alert">(.*?)</div>', re.S)
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


def page_errors(response) -> dict[str, list[str]]:
    """``{field: [messages]}`` as the page shows them (``field`` with its form prefix, e.g.
    ``deposit-date``), and ``"__all__"`` for errors of the whole form."""
    content = response.content.decode()
    errors = {
        match.group(1): [html.unescape(message) for message in FIELD_ERROR.findall(match.group(0))]
        for match in FIELD.finditer(content)
    }
    whole = [html.unescape(message) for block in FORM_ERRORS.findall(content) for message in PARAGRAPH.findall(block)]
    if whole:
        errors["__all__"] = whole
    return errors
