import pytest

from koperasi.tenancy.context import cooperative_context
from tests.factories.registry import factories_by_model, tenant_models


@pytest.fixture
def two_worlds(coop, other_coop):
    """One row of every tenant model in each of two cooperatives: ``{coop_pk: {Model: obj}}``."""
    factories = factories_by_model()
    rows: dict[int, dict[type, object]] = {}
    for cooperative in (coop, other_coop):
        with cooperative_context(cooperative.pk):
            rows[cooperative.pk] = {model: factories[model]() for model in tenant_models() if model in factories}
    return rows
