"""The shape of the members app (DESIGN.md §1): no import cycles inside the app, views imported only by
URL confs, the savings and loan models registered without members/models.py importing them, and one
import path per function (nothing is imported from a members module that only re-exports it)."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
CODE_FOLDERS = ("koperasi", "members", "waserda", "procurement", "processing", "performance", "demo", "bench", "tests")
VIEW_MODULES = ("members.views", "members.loans.views", "members.savings.views")


def imported_modules(source: str, package: str) -> set[str]:
    """Every module the source of a module in ``package`` imports, by full name (``from a import b``
    counts as a and a.b), and the view modules it names in a string (``import_module("members.views")``)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in VIEW_MODULES:
            names.add(node.value)
    return names


def imports_of(path: Path) -> set[str]:
    package = ".".join(path.relative_to(ROOT).parts[:-1])
    return imported_modules(path.read_text(encoding="utf-8"), package)


def module_file(name: str) -> Path | None:
    path = ROOT.joinpath(*name.split("."))
    for candidate in (path / "__init__.py", path.with_suffix(".py")):
        if candidate.exists():
            return candidate
    return None


def defined_names(source: str) -> set[str]:
    """Names a module defines itself at its top level (functions, classes, assignments), not imports."""
    names = set()

    def visit(body):
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names.update(n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name))
            elif isinstance(node, ast.If | ast.Try | ast.With | ast.For):
                visit(node.body)
                visit(node.orelse if hasattr(node, "orelse") else [])
                for handler in getattr(node, "handlers", []):
                    visit(handler.body)
                visit(getattr(node, "finalbody", []))

    visit(ast.parse(source).body)
    return names


def reexported_uses(source: str) -> list[tuple[int, str, str]]:
    """(line, module, name) for each name taken from a members module that does not define it:
    ``from members.x import name`` and ``x.name`` where ``x`` is an imported members module."""
    tree = ast.parse(source)
    aliases, found = {}, []

    def check(line: int, module: str, name: str) -> None:
        path = module_file(module)
        if path and not module_file(f"{module}.{name}") and name not in defined_names(path.read_text()):
            found.append((line, module, name))

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").startswith("members"):
            for alias in node.names:
                if module_file(f"{node.module}.{alias.name}"):
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
                else:
                    check(node.lineno, node.module, alias.name)
        elif isinstance(node, ast.Import):
            aliases |= {a.asname: a.name for a in node.names if a.asname and a.name.startswith("members.")}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            check(node.lineno, aliases[node.value.id], node.attr)
    return found


def python_files():
    for folder in CODE_FOLDERS:
        yield from (path for path in (ROOT / folder).rglob("*.py") if "migrations" not in path.parts)


def is_url_conf(path: Path) -> bool:
    return path.name == "urls.py" or path.name.startswith(("urls_", "urls."))


def test_imported_modules_sees_every_import_form():
    source = (
        "import members.views\n"
        "from members import views\n"
        "from .loans import views as loan_views\n"
        "importlib.import_module('members.savings.views')\n"
    )
    found = imported_modules(source, "members")
    assert {"members.views", "members.loans.views", "members.savings.views"} <= found
    assert {"members.loans.views", "members.savings.models"} <= imported_modules(
        "from . import views\nfrom ..savings.models import SavingsAccount\n", "members.loans"
    )
    assert "members.loans" in imported_modules("from members import loans\n", "members")


def test_members_models_imports_neither_loans_nor_savings():
    found = imports_of(ROOT / "members" / "models.py")
    assert not {name for name in found if name.startswith(("members.loans", "members.savings"))}


def test_only_url_confs_import_the_members_views():
    offenders = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in python_files()
        if not is_url_conf(path) and path != Path(__file__).resolve()
        for name in imports_of(path)
        if name in VIEW_MODULES
    )
    assert offenders == []


def test_url_confs_are_found():
    """The rule above is not vacuous: members/urls_tenant.py imports the views and counts as a URL conf."""
    url_conf = ROOT / "members" / "urls_tenant.py"
    assert is_url_conf(url_conf)
    assert set(VIEW_MODULES) <= imports_of(url_conf)


def test_savings_and_loan_models_are_registered_under_the_members_label():
    registered = {model.__name__: model.__module__ for model in apps.get_app_config("members").get_models()}
    expected = {
        "Member": "members.models",
        "MemberSequence": "members.models",
        "LoanProduct": "members.loans.models",
        "Loan": "members.loans.models",
        "LoanInstallment": "members.loans.models",
        "LoanRepayment": "members.loans.models",
        "SavingsProduct": "members.savings.models",
        "SavingsAccount": "members.savings.models",
        "SavingsTransaction": "members.savings.models",
        "MandatoryBill": "members.savings.models",
    }
    assert expected.items() <= registered.items()


def test_reexported_uses_finds_a_name_taken_through_another_module():
    source = (
        "from members.loans import services\n"
        "from members.savings.services import deposit, account_for\n"
        "services.apply_for_loan\n"
        "services.repay_loan\n"
    )
    assert reexported_uses(source) == [
        (2, "members.savings.services", "account_for"),
        (4, "members.loans.services", "repay_loan"),
    ]


def test_every_name_is_imported_from_the_members_module_that_defines_it():
    offenders = sorted(
        f"{path.relative_to(ROOT)}:{line} takes {name} from {module}"
        for path in python_files()
        for line, module, name in reexported_uses(path.read_text(encoding="utf-8"))
    )
    assert offenders == []
