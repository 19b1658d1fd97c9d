from django.urls import path

from koperasi.ledger import views

urlpatterns = [
    path("", views.entry_list, name="entries"),
    path("entries/new/", views.entry_create, name="entry-create"),
    path("entries/<int:pk>/", views.entry_detail, name="entry"),
    path("entries/<int:pk>/reverse/", views.entry_reverse, name="entry-reverse"),
    path("accounts/", views.account_list, name="accounts"),
    path("accounts/add/", views.account_add, name="account-add"),
    path("accounts/<int:pk>/delete/", views.account_delete, name="account-delete"),
    path("periods/", views.period_list, name="periods"),
    path("periods/close/", views.period_close, name="period-close"),
    path("periods/reopen/", views.period_reopen, name="period-reopen"),
    path("periods/close-year/", views.year_close, name="year-close"),
    path("periods/open-year/", views.year_open, name="year-open"),
    path("assets/", views.asset_list, name="assets"),
    path("assets/depreciate/", views.asset_depreciate, name="assets-depreciate"),
    path("reports/trial-balance/", views.trial_balance, name="trial-balance"),
    path("reports/balance-sheet/", views.balance_sheet, name="balance-sheet"),
    path("reports/income-statement/", views.income_statement, name="income-statement"),
    path("reports/general-ledger/<int:pk>/", views.general_ledger, name="general-ledger"),
]
