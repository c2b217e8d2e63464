"""Which way dependencies run (docs/architecture.md), checked on every test run
with the import-linter contracts in ``.importlinter``."""

from pathlib import Path

import grimp
import pytest
from importlinter import configuration
from importlinter.application import use_cases

CONFIG = str(Path(__file__).resolve().parents[2] / ".importlinter")


@pytest.fixture(scope="module")
def options():
    configuration.configure()
    options = use_cases.read_user_options(config_filename=CONFIG)
    use_cases._register_contract_types(options)
    return options


def broken_contracts(options, monkeypatch, extra_imports=()) -> set[str]:
    """Ids of the contracts the project breaks, with ``extra_imports`` added to
    its real import graph."""
    graph = grimp.build_graph(*options.session_options["root_packages"], cache_dir=None)
    for importer, imported in extra_imports:
        graph.add_import(importer=importer, imported=imported)
    monkeypatch.setattr(use_cases, "_build_graph", lambda **kwargs: graph)
    report = use_cases.create_report(options)
    assert not report.could_not_run and not report.invalid_contract_options
    return {
        contract.contract_options["id"]
        for contract, check in report.get_contracts_and_checks()
        if not check.kept
    }


def test_the_project_keeps_its_import_contracts(options, monkeypatch):
    """On failure, ``lint-imports`` at the project root shows the offending chains."""
    assert broken_contracts(options, monkeypatch) == set()


@pytest.mark.parametrize(
    "importer, imported, contract",
    [
        # A cycle between two top-level packages (the catalogue reaching up to the CMS).
        ("catalogue.models", "cms.models", "rooms"),
        # A cycle between modules of one package.
        ("catalogue.certification", "catalogue.models", "no-cycles"),
        # The rule reaching up to the services built on it.
        ("catalogue.certification", "catalogue.certificates", "catalogue"),
        # A model importing a page.
        ("marketplace.producers.models", "cms.views", "models-below-pages"),
        # The shop importing test code.
        ("checkout.views", "tests.factories", "no-test-code"),
    ],
)
def test_a_wrong_way_import_breaks_a_contract(options, monkeypatch, importer, imported, contract):
    assert contract in broken_contracts(options, monkeypatch, [(importer, imported)])
