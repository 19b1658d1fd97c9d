"""The audit trail pages of a cooperative: every event, filtered and paginated, and the trail of one
document. Read-only: nothing here changes an event (they are append-only anyway). Managers read them;
an assessor of the cooperative reads them too, as every manager's page (koperasi.tenancy.access); a
platform admin reads any cooperative's list from the platform's cooperative page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from koperasi.accounts import selectors
from koperasi.accounts.audit_actions import model_of_label
from koperasi.accounts.forms import AuditFilterForm
from koperasi.tenancy.access import object_view, platform_admin_required, requires_role
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Cooperative, Role

PAGE_SIZE = 50


def _event_list(request, cooperative, extra: dict | None = None):
    form = AuditFilterForm(request.GET or None, cooperative=cooperative)
    events = selectors.audit_events(cooperative, form.filters())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filters": form, "query": query.urlencode(), **(extra or {})}
    return render(request, "accounts/audit_list.html", context, status=400 if form.errors else 200)


@requires_role(Role.MANAGER)
@require_GET
def event_list(request):
    return _event_list(request, request.cooperative)


@object_view(Cooperative)
@platform_admin_required
@require_GET
def platform_event_list(request, pk: int):
    """A platform admin reads a cooperative's events (read-only, in the cooperative's read-only context)."""
    cooperative = get_object_or_404(Cooperative, pk=pk)
    with cooperative_context(cooperative.pk, read_only=True, user_id=request.user.pk):
        return _event_list(request, cooperative, {"audited": cooperative})


@requires_role(Role.MANAGER)
@require_GET
def document_trail(request, label: str, key: str):
    """The history of one document, oldest first. ``label`` names its model (``members.Member``)."""
    if model_of_label(label) is None:
        raise Http404
    events = list(selectors.audit_trail_of(request.cooperative, label, key)[:500])
    context = {
        "events": events,
        "label": label,
        "key": key,
        "type_name": selectors.type_label(label),
        "title": events[-1].object_repr if events else key,
    }
    return render(request, "accounts/audit_trail.html", context)
