"""The member portal (phone-first): a member sees only their own savings, loans, shop purchases,
deliveries and SHU. Every page finds the member through ``Member.user == request.user`` and looks
objects up among that member's own rows, so another member's ids answer 404.

Sections other apps provide (shop purchases, deliveries, SHU) appear when an app registers them
(``members.portal_sections``); the portal shows the first ``SECTION_ROWS`` rows of each.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from koperasi.core.downloads import file_response
from koperasi.ledger.fiscal import Month
from koperasi.tenancy.access import requires_role
from koperasi.tenancy.models import Role
from members.credit_lines.models import CreditLine
from members.form_errors import add_service_errors
from members.loans import selectors as loan_selectors
from members.loans.arrears import owed
from members.loans.forms import PortalSimulationForm
from members.loans.models import Loan, LoanStatus
from members.loans.services import quote_loan
from members.member_data import member_data_zip
from members.models import Member
from members.portal_sections import PortalSection, portal_section
from members.savings import selectors as savings_selectors
from members.savings.interest_run import explain_month
from members.savings.models import SavingsAccount
from members.views_common import passbook_response

SECTION_ROWS = 20


def _section(name: str, member: Member) -> PortalSection | None:
    return portal_section(name, member, SECTION_ROWS)


def me(request) -> Member:
    """The member linked to the logged-in user in this cooperative (404 when none)."""
    member = Member.objects.filter(user=request.user).first()
    if member is None:
        raise Http404
    return member


@requires_role(Role.MEMBER)
@require_GET
def home(request):
    member = me(request)
    today = timezone.localdate()
    loans = list(loan_selectors.member_loans(member))
    in_arrears = {row.loan.pk: row for row in loan_selectors.arrears(today, member=member)}
    upcoming = loan_selectors.next_instalments(loan for loan in loans if loan.status == LoanStatus.DISBURSED)
    for loan in loans:
        loan.arrears = in_arrears.get(loan.pk)
        loan.next_instalment = upcoming.get(loan.pk)
    context = {
        "member": member,
        **savings_selectors.member_savings_summary(member),
        "loans": loans,
        "credit_lines": list(CreditLine.objects.filter(member=member).order_by("-opened_on")),
        "running": [loan for loan in loans if loan.status == LoanStatus.DISBURSED],
        "purchases": _section("purchases", member),
        "deliveries": _section("deliveries", member),
        "shu": _section("shu", member),
    }
    return render(request, "members/portal/home.html", context)


@requires_role(Role.MEMBER)
@require_GET
def my_data(request):
    """The member's own data (profile, savings, loans, SHU) as one ZIP: nothing of another member's."""
    member = me(request)
    name = f"{request.cooperative.slug}-member-{member.member_no}-{timezone.localdate():%Y-%m-%d}.zip"
    return file_response(member_data_zip(member), filename=name, content_type="application/zip")


@requires_role(Role.MEMBER, model=SavingsAccount)
@require_GET
def savings_account(request, pk: int):
    member = me(request)
    account = get_object_or_404(SavingsAccount.objects.select_related("product"), pk=pk, member=member)
    if request.GET.get("format") == "pdf":
        return passbook_response(request, account)
    transactions = savings_selectors.transactions_of(account)[:200]
    interest = explain_month(account, Month.of(timezone.localdate()).plus(-1))
    context = {"member": member, "account": account, "transactions": transactions, "interest": interest}
    return render(request, "members/portal/savings.html", context)


@requires_role(Role.MEMBER, model=Loan)
@require_GET
def loan(request, pk: int):
    member = me(request)
    loan = get_object_or_404(Loan.objects.select_related("product"), pk=pk, member=member)
    today = timezone.localdate()
    installments = list(loan.installments.order_by("number"))
    position = owed(loan, installments, today) if loan.is_running else None
    collectibility = loan_selectors.collectibility_of(loan, position.days_past_due) if position else None
    context = {
        "member": member,
        "loan": loan,
        "terms": loan_selectors.contract_terms(loan, today),
        "installments": installments,
        "position": position,
        "collectibility_label": loan_selectors.collectibility_label(collectibility) if collectibility else "",
        "today": today,
    }
    return render(request, "members/portal/loan.html", context)


@requires_role(Role.MEMBER)
@require_GET
def simulation(request):
    """What a loan of one of the cooperative's products would cost (nothing is stored)."""
    member = me(request)
    submitted = "amount" in request.GET
    form = PortalSimulationForm(request.GET if submitted else None)
    result = None
    if submitted and form.is_valid():
        data = form.cleaned_data
        try:
            result = quote_loan(
                member=member,
                product=data["product"],
                amount=data["amount"],
                term_periods=data["term_periods"],
                fixed_instalment=data["fixed_instalment"],
                on=timezone.localdate(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
    status = 400 if submitted and not form.is_valid() else 200
    context = {"member": member, "form": form, "result": result}
    return render(request, "members/portal/simulation.html", context, status=status)
