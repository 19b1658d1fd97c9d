"""Finds, for every tenant model, the factory that makes one of its rows (isolation suites use it).

Every module in tests/factories/ is imported; a factory counts for its model when it is a
DjangoModelFactory whose model subclasses TenantModel. ``<Model>Factory`` wins over other names.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import factory
from django.apps import apps

import tests.factories
from koperasi.tenancy.models import TenantModel


def tenant_models() -> list[type[TenantModel]]:
    return sorted(
        (model for model in apps.get_models() if issubclass(model, TenantModel)),
        key=lambda model: model._meta.label,
    )


def factories_by_model() -> dict[type, type[factory.django.DjangoModelFactory]]:
    found: dict[type, type[factory.django.DjangoModelFactory]] = {}
    for module_info in pkgutil.iter_modules(tests.factories.__path__):
        module = importlib.import_module(f"tests.factories.{module_info.name}")
        for _name, candidate in inspect.getmembers(module, inspect.isclass):
            if not issubclass(candidate, factory.django.DjangoModelFactory) or candidate._meta.model is None:
                continue
            model = candidate._meta.model
            if isinstance(model, str) or not issubclass(model, TenantModel):
                continue
            if model not in found or candidate.__name__ == f"{model.__name__}Factory":
                found[model] = candidate
    return found


def missing_factories() -> list[str]:
    known = factories_by_model()
    return [model._meta.label for model in tenant_models() if model not in known]
