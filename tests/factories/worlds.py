"""Factories whose row comes out of a whole world built through the services (a finished batch, a shared
SHU year): for models whose rows only make sense together, the isolation suites get the first one."""

import factory


def first_row_factory(model, world):
    """A factory class for ``model`` whose ``create`` builds ``world()`` (once; it returns early when built)
    and answers the first ``model`` row."""

    def create(cls, model_class, *args, **kwargs):
        world()
        return model.objects.first()

    meta = type("Meta", (), {"model": model})
    return type(f"{model.__name__}Factory", (factory.django.DjangoModelFactory,),
                {"Meta": meta, "_create": classmethod(create)})  # fmt: skip
