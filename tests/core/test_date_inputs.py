"""Date inputs carry ISO values (issue 17, item 3): ``<input type=date>`` accepts nothing else, so a date
written the Indonesian way (04-12-2026) showed as an empty field."""

import importlib
import pkgutil
import re

import pytest
from django import forms

from koperasi.core.widgets import IsoDateInput

PACKAGES = ("koperasi", "members", "waserda", "procurement", "processing", "performance")


def _form_classes():
    for package in PACKAGES:
        root = importlib.import_module(package)
        for module in pkgutil.walk_packages(root.__path__, f"{package}."):
            if module.name.rsplit(".", 1)[-1] not in ("forms", "form_fields"):
                continue
            for value in vars(importlib.import_module(module.name)).values():
                if isinstance(value, type) and issubclass(value, forms.BaseForm) and value.__module__ == module.name:
                    yield value


def test_every_date_field_of_every_form_uses_the_iso_date_input():
    classes = list(_form_classes())
    assert len(classes) > 20
    wrong = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in classes
        for name, field in form.base_fields.items()
        if isinstance(field, forms.DateField) and not isinstance(field.widget, IsoDateInput)
    ]
    assert wrong == []


@pytest.mark.django_db
@pytest.mark.indonesian
def test_the_journal_entry_form_shows_todays_date_in_iso_form(client, coop, manager):
    client.force_login(manager)
    html = client.get(f"/k/{coop.slug}/ledger/entries/new/").content.decode()
    (value,) = re.findall(r'<input type="date" name="date" value="([^"]*)"', html)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value
