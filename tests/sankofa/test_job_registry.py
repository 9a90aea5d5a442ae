"""The jobs registry: one list of actors, bound to a broker only by `install()`; a send before that is an error."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import dramatiq
import pytest
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AsyncIO

import sankofa
from sankofa.core import mail_actors
from sankofa.jobs import registry
from sankofa.jobs.periodic import PERIODIC
from sankofa.jobs.unbound import BrokerNotInstalled, unbound
from tests.conftest import ROOT

SRC = ROOT / "src" / "sankofa"


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Our modules `path` imports anywhere in its body (a deferred import inside a function counts too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in modules}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
    return found & modules


def _cycles_through_jobs() -> list[list[str]]:
    modules = {_module_name(path): path for path in SRC.rglob("*.py")}
    edges = {name: _imports(path, set(modules)) - {name} for name, path in modules.items()}
    cycles: list[list[str]] = []

    def visit(name: str, trail: list[str]) -> None:
        for target in sorted(edges[name]):
            if target in trail:
                cycle = trail[trail.index(target) :]
                if any(m.startswith("sankofa.jobs.") for m in cycle):
                    cycles.append(cycle)
            elif target.startswith("sankofa.jobs."):  # only walks through jobs modules: cycles elsewhere are not ours
                visit(target, [*trail, target])

    for name in modules:
        if name.startswith("sankofa.jobs."):
            visit(name, [name])
    return cycles


def _declared_actors() -> dict[str, dramatiq.Actor]:  # type: ignore[type-arg]
    """Every actor found in a module of ours whose name ends in `actors`, wherever it lives."""
    found: dict[str, dramatiq.Actor] = {}  # type: ignore[type-arg]
    for info in pkgutil.walk_packages(sankofa.__path__, prefix="sankofa."):
        if not info.name.rsplit(".", 1)[-1].endswith("actors"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, dramatiq.Actor):
                found[value.actor_name] = value
    return found


def _names_written_to_the_outbox() -> set[str]:
    """Actor names passed to `outbox.add(..., actor=...)` in src/, as literals or module-level constants."""
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text())
        constants = {
            target.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add"):
                continue
            if not (isinstance(node.func.value, ast.Name) and node.func.value.id == "outbox"):
                continue
            for keyword in node.keywords:
                if keyword.arg != "actor":
                    continue
                if isinstance(keyword.value, ast.Constant):
                    names.add(keyword.value.value)
                else:
                    assert isinstance(keyword.value, ast.Name), f"{path}: outbox actor is not a name or literal"
                    names.add(constants[keyword.value.id])
    return names


def test_sending_in_a_process_that_never_installed_a_broker_raises():
    code = (
        "from sankofa.jobs import registry\n"
        "from sankofa.core.mail_actors import send_mail\n"
        "from sankofa.jobs.unbound import BrokerNotInstalled\n"
        "try:\n"
        "    send_mail.send('00000000-0000-0000-0000-000000000000')\n"
        "except BrokerNotInstalled as error:\n"
        "    print('refused:', error)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.startswith("refused: cannot send 'mail.send'"), result.stdout + result.stderr


def test_sending_after_the_broker_is_uninstalled_raises():
    registry.uninstall()
    with pytest.raises(BrokerNotInstalled, match=r"'mail\.send'"):
        mail_actors.send_mail.send("00000000-0000-0000-0000-000000000000")
    with pytest.raises(BrokerNotInstalled):
        mail_actors.send_mail.send_with_options(args=("00000000-0000-0000-0000-000000000000",), delay=1000)
    with pytest.raises(BrokerNotInstalled):  # nor can a worker consume from it
        unbound.consume("default")


def test_after_install_every_registered_actor_is_on_the_installed_broker():
    broker = StubBroker()
    broker.add_middleware(AsyncIO())
    try:
        assert registry.install(broker) is broker
        assert broker.get_declared_actors() == registry.names()
        assert all(actor.broker is broker for actor in registry.ACTORS)
        assert dramatiq.get_broker() is broker
        mail_actors.send_mail.send("00000000-0000-0000-0000-000000000000")
        [queued] = broker.queues["default"].queue
        assert dramatiq.Message.decode(queued).actor_name == "mail.send"
    finally:
        registry.uninstall()
        broker.close()
    assert all(actor.broker is unbound for actor in registry.ACTORS)


def test_the_registry_lists_exactly_the_declared_actors():
    declared = _declared_actors()
    assert len(registry.ACTORS) == len(registry.names())  # no name twice
    assert registry.names() == set(declared), "an actor is declared but not listed in sankofa.jobs.registry"
    assert all(declared[actor.actor_name] is actor for actor in registry.ACTORS)
    # Anything declared on the unbound broker (wherever the module lives) is registered too.
    assert set(unbound.actors) == registry.names()


def test_actor_names_read_area_dot_verb():
    assert [name for name in registry.names() if not re.fullmatch(r"[a-z_]+\.[a-z_]+", name)] == []


def test_every_actor_name_the_app_schedules_or_writes_to_the_outbox_is_registered():
    written = _names_written_to_the_outbox() | {job.actor for job in PERIODIC}
    assert written >= {"mail.send", "imports.run", "ranking.refresh", "maintenance.purge"}  # the scan finds them
    assert written - registry.names() == set()


def test_jobs_modules_import_each_other_without_a_cycle():
    assert _cycles_through_jobs() == []
