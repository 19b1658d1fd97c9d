from django.urls import path

from procurement import views

urlpatterns = [
    path("deliveries/", views.delivery_list, name="deliveries"),
    path("deliveries/intake/", views.intake, name="intake"),
    path("deliveries/export.xlsx", views.delivery_export, name="delivery-export"),
    path("deliveries/import/", views.delivery_import, name="delivery-import"),
    path("deliveries/import/report.csv", views.delivery_import_report, name="delivery-import-report"),
    path("deliveries/import/template.csv", views.delivery_import_template, name="delivery-import-template"),
    path("deliveries/<int:pk>/", views.delivery_detail, name="delivery"),
    path("suppliers/", views.supplier_list, name="suppliers"),
    path("network/", views.network_page, name="network"),
    path("plan/", views.supply_plan, name="plan"),
    path("suppliers/lookup/", views.supplier_lookup, name="supplier-lookup"),
    path("suppliers/<int:pk>/", views.supplier_detail, name="supplier"),
    path("payment-runs/", views.run_list, name="runs"),
    path("payment-runs/<int:pk>/", views.run_detail, name="run"),
    path("payment-runs/<int:pk>/approve/", views.run_approve, name="run-approve"),
    path("payment-runs/<int:pk>/pay/", views.run_pay, name="run-pay"),
    path("payment-runs/<int:pk>/discard/", views.run_discard, name="run-discard"),
    path("payment-runs/<int:pk>/export.xlsx", views.run_export, name="run-export"),
    path("payment-runs/<int:pk>/transfers.csv", views.run_transfer_file, name="run-transfers"),
    path("payment-slips/<int:pk>/", views.run_slip, name="slip"),
    path("channels/", views.channel_list, name="channels"),
    path("channels/<int:pk>/", views.channel_detail, name="channel"),
    path("price-observations/<int:pk>/delete/", views.observation_delete, name="observation-delete"),
]
