from django.urls import path

from waserda import views, views_stock

url_prefix = "waserda/"
urlpatterns = [
    path("pos/", views.pos, name="pos"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/close/", views.session_close, name="session-close"),
    path("sales/", views.sale_list, name="sales"),
    path("sales/<int:pk>/", views.sale_detail, name="sale"),
    path("sales/<int:pk>/receipt/", views.sale_receipt, name="receipt"),
    path("sales/<int:pk>/return/", views.sale_return, name="sale-return"),
    path("sales/<int:pk>/reconcile/", views.sale_reconcile, name="sale-reconcile"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
    path("reports/", views.report, name="reports"),
    path("reports/<slug:name>/", views.report, name="report"),
    path("replenishment/", views.replenishment_list, name="replenishment"),
    path("settings/", views.shop_settings, name="settings"),
    path("products/", views_stock.product_list, name="products"),
    path("products/new/", views_stock.product_create, name="product-create"),
    path("products/<int:pk>/", views_stock.product_detail, name="product"),
    path("products/<int:pk>/stock-card/", views_stock.stock_card, name="stock-card"),
    path("suppliers/", views_stock.supplier_list, name="suppliers"),
    path("suppliers/<int:pk>/", views_stock.supplier_detail, name="supplier"),
    path("member-cards/", views_stock.member_cards, name="member-cards"),
    path("stock/", views_stock.stock, name="stock"),
    path("stock/counts/new/", views_stock.count_create, name="count-create"),
    path("stock/counts/<int:pk>/", views_stock.count_detail, name="count"),
    path("purchasing/", views_stock.order_list, name="orders"),
    path("purchasing/orders/new/", views_stock.order_create, name="order-create"),
    path("purchasing/orders/<int:pk>/", views_stock.order_detail, name="order"),
    path("purchasing/bills/", views_stock.bill_list, name="bills"),
    path("purchasing/bills/<int:pk>/", views_stock.bill_detail, name="bill"),
]
