"""The calculator pages inside a cooperative (/k/<slug>/calculators/): the same pages as
/calculators/, with the cooperative's menus around them."""

from django.urls import path

from koperasi.tenancy.access import requires_role
from koperasi.tenancy.models import Role
from performance import views
from performance.calculators import CALCULATORS
from procurement.models import MarketingChannel

READERS = (Role.MANAGER, Role.STAFF, Role.ASSESSOR)

urlpatterns = [
    path("", requires_role(*READERS)(views.index), name="index"),
    path(
        "channels/<int:pk>/",
        requires_role(*READERS, model=MarketingChannel)(views.channel_margins),
        name="channel-margins",
    ),
    *(
        path(f"{slug}/", requires_role(*READERS)(views.calculator_page), {"method": slug}, name=slug)
        for slug in CALCULATORS
    ),
]
