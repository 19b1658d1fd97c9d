from django.urls import path

from processing import views

urlpatterns = [
    path("", views.plant_list, name="plants"),
    path("products/", views.product_list, name="products"),
    path("batches/", views.batch_list, name="batches"),
    path("batches/export.xlsx", views.batch_export, name="batch-export"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("trace/", views.trace_search, name="trace"),
    path("lots/<int:pk>/", views.lot_trace, name="lot"),
    path("lots/<int:pk>/trace.pdf", views.lot_trace_pdf, name="lot-pdf"),
]
