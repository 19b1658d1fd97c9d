"""``{% audit_link obj %}``: the "Audit trail" link of a document's page, for those who read the trail."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from koperasi.tenancy.models import Role

register = template.Library()

# Who opens the trail pages (koperasi/accounts/views_audit.py): managers, and assessors reading.
READERS = frozenset({Role.MANAGER, Role.ASSESSOR})


@register.simple_tag(takes_context=True)
def audit_link(context, obj) -> str:
    request = context.get("request")
    cooperative = getattr(request, "cooperative", None)
    if obj is None or cooperative is None or not READERS & set(getattr(request, "cooperative_roles", ())):
        return ""
    url = reverse("audit:trail", kwargs={"slug": cooperative.slug, "label": obj._meta.label, "key": str(obj.pk)})
    return format_html('<a class="button" href="{}" data-testid="audit-link">{}</a>', url, _("Audit trail"))
