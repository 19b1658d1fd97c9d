"""Pages of tenancy: the cooperative switcher, the cooperative dashboard, role management (manager),
and the cooperative list/detail for platform admins."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koperasi.accounts.models import User
from koperasi.accounts.services import record_event
from koperasi.core.home import HOME_PAGES, sections_for
from koperasi.tenancy import forms, invitations, services
from koperasi.tenancy.access import object_view, platform_admin_required, requires_role
from koperasi.tenancy.context import cooperative_context
from koperasi.tenancy.models import Cooperative, Role, RoleAssignment
from koperasi.tenancy.selectors import cooperatives_of, role_labels


def _form_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


@login_required
def my_cooperatives(request):
    mine = cooperatives_of(request.user)
    entries = [(cooperative, role_labels(roles)) for cooperative, roles in mine]
    if len(entries) == 1 and not request.user.is_superuser and "all" not in request.GET:
        return redirect("tenancy:dashboard", slug=entries[0][0].slug)
    platform_roles = {"platform_admin"} if request.user.is_superuser else set()
    if any(Role.ASSESSOR in roles for _cooperative, roles in mine):
        platform_roles.add(Role.ASSESSOR)
    context = {"entries": entries, "today": timezone.localdate(), "sections": sections_for(request, platform_roles)}
    return render(request, "tenancy/my_cooperatives.html", context)


@requires_role(Role.MANAGER, Role.STAFF, Role.MEMBER, Role.ASSESSOR)
def dashboard(request):
    """The cooperative's home: the sections each of the user's roles sees (koperasi.core.home); a member
    with no other role goes to their portal."""
    roles = set(request.cooperative_roles)
    if len(roles) == 1 and (page := HOME_PAGES.get(next(iter(roles)))):
        return redirect(page, slug=request.cooperative.slug)
    context = {"roles": role_labels(sorted(roles)), "sections": sections_for(request, roles)}
    return render(request, "tenancy/dashboard.html", context)


@requires_role(Role.MANAGER)
def role_list(request):
    return _role_page(request, forms.InviteForm())


def _role_page(request, form, status: int = 200):
    """The users page: who has which role, the invitations not yet accepted, and the invite form."""
    context = {
        "assignments": RoleAssignment.objects.select_related("user").order_by("user__username", "role"),
        "open_invitations": invitations.open_invitations(),
        "form": form,
        "role_form": forms.ChangeRoleForm(),
    }
    return render(request, "tenancy/role_list.html", context, status=status)


@requires_role(Role.MANAGER)
@require_POST
def invite(request):
    """Invite an e-mail address to a role: the same answer whether or not it has an account."""
    form = forms.InviteForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                email = form.cleaned_data["email"]
                invitation, token = invitations.invite(
                    actor=request.user, cooperative=request.cooperative, email=email, role=form.cleaned_data["role"]
                )
                link = invitations.invitation_link(request, request.cooperative, token)
                invitations.mail_invitation(link, invitation, request.cooperative)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _invitation_sent(email, link))
            return redirect("tenancy:roles", slug=request.cooperative.slug)
    return _role_page(request, form, status=400)


@requires_role(Role.MANAGER, model=RoleAssignment)
@require_POST
def change_role(request, pk: int):
    assignment = get_object_or_404(RoleAssignment.objects.exclude(role=Role.ASSESSOR), pk=pk)
    form = forms.ChangeRoleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        services.change_role(actor=request.user, assignment=assignment, role=form.cleaned_data["role"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Role changed."))
    return redirect("tenancy:roles", slug=request.cooperative.slug)


@requires_role(Role.MANAGER, model=RoleAssignment)
@require_POST
def deactivate(request, pk: int):
    assignment = get_object_or_404(RoleAssignment.objects.exclude(role=Role.ASSESSOR), pk=pk)
    try:
        services.deactivate_role(actor=request.user, assignment=assignment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Access deactivated."))
    return redirect("tenancy:roles", slug=request.cooperative.slug)


# Platform administration -------------------------------------------------------------------


@platform_admin_required
def cooperative_list(request):
    cooperatives = Cooperative.objects.order_by("name")
    return render(request, "tenancy/cooperative_list.html", {"cooperatives": cooperatives})


@platform_admin_required
def cooperative_create(request):
    form = forms.CooperativeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "manager"}
        try:
            with transaction.atomic():
                cooperative = services.create_cooperative(actor=request.user, **fields)
                if form.cleaned_data["manager"]:
                    _add_manager(request, cooperative, form.cleaned_data["manager"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Cooperative created."))
            return redirect("tenancy-platform:cooperative", pk=cooperative.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "tenancy/cooperative_form.html", {"form": form}, status=status)


@object_view(Cooperative)
@platform_admin_required
def cooperative_edit(request, pk: int):
    cooperative = get_object_or_404(Cooperative, pk=pk)
    form = forms.CooperativeEditForm(request.POST or None, request.FILES or None, instance=cooperative)
    if request.method == "POST" and form.is_valid():
        before = {"name": cooperative.name, "is_active": cooperative.is_active}
        with transaction.atomic():
            cooperative = form.save()
            with cooperative_context(cooperative.pk):  # the event is the cooperative's (row-level security)
                record_event(
                    "cooperative.updated",
                    actor=request.user,
                    cooperative_id=cooperative.pk,
                    obj=cooperative,
                    before=before,
                    after={"name": cooperative.name, "is_active": cooperative.is_active},
                )
        messages.success(request, _("Cooperative saved."))
        return redirect("tenancy-platform:cooperative", pk=cooperative.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "tenancy/cooperative_form.html", {"form": form, "editing": cooperative}, status=status)


def _invitation_sent(email: str, link: str) -> str:
    return _("Invitation sent to %(email)s. If it does not arrive, send them this link (valid 14 days): %(link)s") % {
        "email": email,
        "link": link,
    }


def _add_manager(request, cooperative, identifier):
    user, created = services.find_or_invite_user(identifier)
    with cooperative_context(cooperative.pk, user_id=request.user.pk):
        services.grant_role(actor=request.user, cooperative=cooperative, user=user, role=Role.MANAGER)
    if created:
        _tell_set_password_link(request, user, cooperative)


def _tell_set_password_link(request, user, cooperative) -> None:
    link = invitations.send_set_password_link(request, user, cooperative)
    messages.info(request, _invitation_sent(user.email, link))


@object_view(Cooperative)
@platform_admin_required
def cooperative_detail(request, pk: int):
    cooperative = get_object_or_404(Cooperative, pk=pk)
    assessor_form = forms.AssessorForm(request.POST or None)
    if request.method == "POST" and assessor_form.is_valid():
        try:
            with transaction.atomic():
                user, created = services.find_or_invite_user(assessor_form.cleaned_data["identifier"])
                with cooperative_context(cooperative.pk, user_id=request.user.pk):
                    services.grant_role(
                        actor=request.user,
                        cooperative=cooperative,
                        user=user,
                        role=Role.ASSESSOR,
                        valid_from=assessor_form.cleaned_data["valid_from"],
                        valid_until=assessor_form.cleaned_data["valid_until"],
                    )
                if created:
                    _tell_set_password_link(request, user, cooperative)
        except ValidationError as error:
            _form_errors(assessor_form, error)
        else:
            messages.success(request, _("Assessor assigned."))
            return redirect("tenancy-platform:cooperative", pk=cooperative.pk)
    with cooperative_context(cooperative.pk, read_only=True, user_id=request.user.pk):
        assignments = list(RoleAssignment.objects.select_related("user").order_by("role", "user__username"))
    status = 400 if request.method == "POST" else 200
    context = {"cooperative": cooperative, "assignments": assignments, "assessor_form": assessor_form}
    return render(request, "tenancy/cooperative_detail.html", context, status=status)


# Accepting an invitation (any logged-in user, or a new account for the invited address) -------


def invitation(request, cooperative: str, token: str):
    """The page an invitation link opens: accept (logged in), log in first, or create an account."""
    cooperative = get_object_or_404(Cooperative, slug=cooperative, is_active=True)
    user_id = request.user.pk if request.user.is_authenticated else None
    with cooperative_context(cooperative.pk, user_id=user_id):
        offer = invitations.open_invitation(token)
        if offer is None:
            return render(request, "tenancy/invitation.html", {"cooperative": cooperative}, status=404)
        context = {"cooperative": cooperative, "invitation": offer}
        if not request.user.is_authenticated:
            return _invitation_for_a_visitor(request, offer, context)
        if request.method == "POST":
            try:
                invitations.accept(invitation=offer, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Welcome to %(cooperative)s.") % {"cooperative": cooperative.name})
                return redirect("core:home")
        return render(request, "tenancy/invitation.html", context)


def _invitation_for_a_visitor(request, offer, context):
    """Not logged in: log in with the invited address's account, or create one for that address."""
    if User.objects.filter(email__iexact=offer.email).exists():
        context["login_url"] = f"{reverse('accounts:login')}?next={request.path}"
        return render(request, "tenancy/invitation.html", context)
    form = forms.InvitedAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save(commit=False)
            user.email = offer.email
            user.save()
            invitations.accept(invitation=offer, user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to %(cooperative)s.") % {"cooperative": context["cooperative"].name})
        return redirect("core:home")
    context["form"] = form
    return render(request, "tenancy/invitation.html", context, status=400 if request.method == "POST" else 200)
