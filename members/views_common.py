"""Shared page helpers of the savings and loan views: the manager check, the one-form page, the
product create/edit form, printable receipts (HTML, or PDF with ``?format=pdf``) and the savings book PDF."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from koperasi.core.downloads import PDF_TYPE, file_response
from koperasi.core.pdf import render_pdf
from koperasi.tenancy.models import Role
from members.form_errors import add_service_errors
from members.savings import selectors as savings_selectors


def is_manager(request) -> bool:
    return Role.MANAGER in request.cooperative_roles and not request.tenant_read_only


# The page of one form with a title, Save and Cancel (opening accounts, loan applications, products).
FORM_PAGE = "components/form_page.html"


def product_form(request, product, *, form_class, save, saved_message: str, list_url: str, title: str):
    """Create (``product`` None) or edit a product through the service ``save``; on success back to
    ``list_url``, otherwise the form again (400 after a failed POST)."""
    form = form_class(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, product=product, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, saved_message)
            return redirect(list_url, slug=request.cooperative.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, FORM_PAGE, {"form": form, "title": title}, status=status)


def receipt_response(request, template: str, receipt, **context) -> HttpResponse:
    """The printable receipt of ``receipt`` (a savings movement or a loan repayment), on a template
    that extends ``components/receipt.html``; ``?format=pdf`` renders it to ``<receipt number>.pdf``."""
    context = {"receipt": receipt, "printed": timezone.now(), **context}
    if request.GET.get("format") == "pdf":
        pdf = render_pdf(template, context, request=request)
        return file_response(pdf, filename=f"{receipt.receipt_number}.pdf", content_type=PDF_TYPE, inline=True)
    return render(request, template, context)


def passbook_response(request, account) -> HttpResponse:
    """The account's savings book (buku simpanan) as a PDF: every movement with the balance after it."""
    context = {
        "account": account,
        "movements": list(savings_selectors.passbook_movements(account)),
        "generated": timezone.localtime(),
        "cooperative": request.cooperative,
    }
    pdf = render_pdf("members/savings/passbook_pdf.html", context, request=request)
    filename = f"buku-simpanan-{account.number}.pdf"
    return file_response(pdf, filename=filename, content_type=PDF_TYPE)
