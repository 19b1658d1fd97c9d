from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from koperasi.accounts.models import AuditEvent, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Koperasi", {"fields": ("full_name", "phone")}))
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "cooperative_id", "action", "object_repr")
    list_filter = ("action",)
    search_fields = ("object_repr", "action")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
