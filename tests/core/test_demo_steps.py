"""The demo's steps run in SEEDERS order, whatever order their modules were imported in."""

from importlib import import_module

import demo


def test_steps_follow_seeders_not_import_order():
    for module in reversed(demo.SEEDERS):
        import_module(module)
    modules = [step.__module__ for _name, step in demo.ordered_steps()]
    assert modules == sorted(modules, key=demo.SEEDERS.index)
    assert modules[0] == "demo.platform"
