"""The declared public faces (``PUBLIC`` in each package) and the import-linter contracts that
enforce them (``.importlinter``, run in CI by ``scripts/lint-imports.sh``) name the same modules,
and each public module exists. ADR 0008."""

from __future__ import annotations

import configparser
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FACES = {
    "kernel-public": "leernetwerk.kernel",
    "casework-public": "leernetwerk.casework",
    "patterns-public": "leernetwerk.patterns",
}


def _contract(name: str) -> configparser.SectionProxy:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    return config[f"importlinter:contract:{name}"]


def _allowed(contract: configparser.SectionProxy) -> set[str]:
    lines = [line.strip() for line in contract["ignore_imports"].splitlines() if line.strip()]
    return {line.split("->")[1].strip() for line in lines}


@pytest.mark.parametrize(("contract", "package"), FACES.items())
def test_the_contract_allows_exactly_the_declared_public_modules(contract, package):
    declared = {f"{package}.{module}" for module in importlib.import_module(package).PUBLIC}
    section = _contract(contract)
    assert _allowed(section) == declared
    assert section["forbidden_modules"].split() == [f"{package}.*"]


@pytest.mark.parametrize("package", [*FACES.values(), "leernetwerk.learning"])
def test_every_public_module_exists(package):
    for module in importlib.import_module(package).PUBLIC:
        importlib.import_module(f"{package}.{module}")


def test_the_layers_are_the_designed_ones():
    layers = [line.strip() for line in _contract("layers")["layers"].splitlines() if line.strip()]
    assert layers[1:] == [
        "leernetwerk.learning",
        "leernetwerk.patterns",
        "leernetwerk.casework",
        "leernetwerk.kernel",
    ]
