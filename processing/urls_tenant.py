from django.urls import path

from processing import views, views_sales

urlpatterns = [
    path("", views.plant_list, name="plants"),
    path("products/", views.product_list, name="products"),
    path("batches/", views.batch_list, name="batches"),
    path("batches/export.xlsx", views.batch_export, name="batch-export"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("trace/", views.trace_search, name="trace"),
    path("lots/<int:pk>/", views.lot_trace, name="lot"),
    path("lots/<int:pk>/trace.pdf", views.lot_trace_pdf, name="lot-pdf"),
    path("sales/", views_sales.order_list, name="orders"),
    path("sales/customers/", views_sales.customer_list, name="customers"),
    path("sales/invoices.xlsx", views_sales.invoice_export, name="invoice-export"),
    path("sales/<int:pk>/", views_sales.order_detail, name="order"),
    path("sales/invoices/<int:pk>.pdf", views_sales.invoice_pdf, name="invoice-pdf"),
    path("sales/shipments/<int:pk>/trace/", views_sales.shipment_trace, name="shipment-trace"),
    path("sales/shipments/<int:pk>/trace.pdf", views_sales.shipment_trace_pdf, name="shipment-trace-pdf"),
]
