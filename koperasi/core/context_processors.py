from koperasi.core.navigation import items_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": []}
    roles = getattr(request, "cooperative_roles", set())
    cooperative = getattr(request, "cooperative", None)
    url_kwargs = {"slug": cooperative.slug} if cooperative is not None else None
    return {"nav_items": items_for(user, roles, url_kwargs)}
