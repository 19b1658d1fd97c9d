from koperasi.core.navigation import items_for, menu


def navigation(request):
    """Menu entries for the user's roles, and the cooperative the page belongs to (if any)."""
    user = getattr(request, "user", None)
    cooperative = getattr(request, "cooperative", None)
    if user is None:
        return {"nav_items": [], "nav_menu": [], "cooperative": cooperative}
    roles = getattr(request, "cooperative_roles", set())
    url_kwargs = {"slug": cooperative.slug} if cooperative is not None else None
    items = items_for(user, roles, url_kwargs, cooperative)
    return {"nav_items": items, "nav_menu": menu(items), "cooperative": cooperative}
