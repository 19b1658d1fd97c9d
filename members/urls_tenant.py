from django.urls import path

from members import portal, views
from members.credit_lines import views as credit_line_views
from members.loans import views as loan_views
from members.savings import views as savings_views
from members.shu import views as shu_views

urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_create, name="create"),
    path("import/", views.member_import, name="import"),
    path("lookup/", views.member_lookup, name="lookup"),
    path("import/report.csv", views.import_report, name="import-report"),
    path("import/template.csv", views.import_template, name="import-template"),
    path("loan-simulation/", views.loan_simulation, name="loan-simulation"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/admit/", views.member_admit, name="admit"),
    path("<int:pk>/exit/", views.member_exit, name="exit"),
    path("<int:pk>/portal-user/", views.member_link_user, name="link-user"),
    # Savings (simpanan)
    path("savings/", savings_views.account_list, name="savings-list"),
    path("savings/open/", savings_views.account_open, name="savings-open"),
    path("savings/term-deposit/", savings_views.term_deposit_open, name="term-deposit-open"),
    path("savings/wajib-arrears/", savings_views.mandatory_arrears, name="wajib-arrears"),
    path("savings/products/", savings_views.product_list, name="savings-products"),
    path("savings/products/new/", savings_views.product_create, name="savings-product-create"),
    path("savings/products/<int:pk>/", savings_views.product_edit, name="savings-product-edit"),
    path("savings/receipts/<int:pk>/", savings_views.receipt, name="savings-receipt"),
    path("savings/<int:pk>/", savings_views.account_detail, name="savings-detail"),
    path("savings/<int:pk>/deposit/", savings_views.account_deposit, name="savings-deposit"),
    path("savings/<int:pk>/withdraw/", savings_views.account_withdraw, name="savings-withdraw"),
    path("savings/<int:pk>/close/", savings_views.term_deposit_close, name="savings-close"),
    # Loans (pinjaman)
    path("loans/", loan_views.loan_list, name="loan-list"),
    path("credit-lines/", credit_line_views.line_list, name="credit-lines"),
    path("credit-lines/<int:pk>/", credit_line_views.line_detail, name="credit-line-detail"),
    path("credit-lines/<int:pk>/draw/", credit_line_views.line_draw, name="credit-line-draw"),
    path("credit-lines/<int:pk>/repay/", credit_line_views.line_repay, name="credit-line-repay"),
    path("loans/apply/", loan_views.loan_apply, name="loan-apply"),
    path("loans/arrears/", loan_views.arrears, name="arrears"),
    path("loans/products/", loan_views.product_list, name="loan-products"),
    path("loans/products/new/", loan_views.product_create, name="loan-product-create"),
    path("loans/products/<int:pk>/", loan_views.product_edit, name="loan-product-edit"),
    path("loans/products/<int:pk>/terms/", loan_views.product_detail, name="loan-product-detail"),
    path("loans/receipts/<int:pk>/", loan_views.repayment_receipt, name="loan-receipt"),
    path("loans/<int:pk>/", loan_views.loan_detail, name="loan-detail"),
    path("loans/<int:pk>/contract/", loan_views.loan_contract, name="loan-contract"),
    path("loans/<int:pk>/disbursement-receipt/", loan_views.disbursement_receipt, name="loan-disbursement-receipt"),
    path("loans/<int:pk>/approve/", loan_views.loan_approve, name="loan-approve"),
    path("loans/<int:pk>/reject/", loan_views.loan_reject, name="loan-reject"),
    path("loans/<int:pk>/disburse/", loan_views.loan_disburse, name="loan-disburse"),
    path("loans/<int:pk>/repay/", loan_views.loan_repay, name="loan-repay"),
    path("loans/<int:pk>/payoff/", loan_views.loan_payoff, name="loan-payoff"),
    path("loans/<int:pk>/write-off/", loan_views.loan_write_off, name="loan-write-off"),
    # SHU (sisa hasil usaha)
    path("shu/", shu_views.shu_year, name="shu"),
    path("shu/decide/", shu_views.shu_decide, name="shu-decide"),
    path("shu/export.xlsx", shu_views.shu_export, name="shu-export"),
    path("shu/slips/<int:pk>/", shu_views.shu_slip, name="shu-slip"),
    # Member portal (role "member": their own data only)
    path("portal/", portal.home, name="portal"),
    path("portal/savings/<int:pk>/", portal.savings_account, name="portal-savings"),
    path("portal/loans/<int:pk>/", portal.loan, name="portal-loan"),
    path("portal/simulation/", portal.simulation, name="portal-simulation"),
    path("portal/my-data.zip", portal.my_data, name="portal-my-data"),
    path("portal/shu/", shu_views.portal_shu, name="portal-shu"),
    path("portal/shu/<int:year>/slip/", shu_views.portal_shu_slip, name="portal-shu-slip"),
]
