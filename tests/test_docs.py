"""The docs and the CLI agree: every command and option is documented, every documented one exists."""
from __future__ import annotations

import re

import click
import pytest

from briefing.cli import cli

from conftest import REPO_ROOT

COMMANDS_DOC = REPO_ROOT / "docs" / "commands.md"
_DOC_COMMAND = re.compile(r"`briefing (?:--?[\w-]+(?: [A-Z.]+)? )*([a-z][a-z-]*)")
_DOC_OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z-]*)")


def _options(command: click.Command) -> set[str]:
    return {name for p in command.params if isinstance(p, click.Option) for name in p.opts + p.secondary_opts
            if name.startswith("--")}


def _sections(text: str) -> dict[str, str]:
    """`## briefing NAME` section of docs/commands.md -> its text; a command that takes the writer
    options ("[writer options]" in its synopsis) also gets the "Writer options" section's text."""
    parts = re.split(r"^## ", text, flags=re.M)
    shared = {heading: body for heading, _, body in (p.partition("\n") for p in parts[1:])}
    out = {}
    for heading, body in shared.items():
        m = re.match(r"`?briefing ([a-z-]+)", heading)
        if m:
            out[m.group(1)] = body + (shared.get("Writer options", "") if "[writer options]" in body else "")
    return out


@pytest.fixture(scope="module")
def commands_doc() -> str:
    return COMMANDS_DOC.read_text(encoding="utf-8")


def test_every_command_has_its_section_and_every_option_is_in_it(commands_doc):
    sections = _sections(commands_doc)
    for name, command in sorted(cli.commands.items()):
        assert name in sections, f"docs/commands.md has no '## briefing {name}' section"
        assert command.help, f"`briefing {name}` has no --help text"
        own = _options(command) - _options(cli) - {"--help", "--quiet"}  # global ones: their own section
        missing = sorted(o for o in own if o not in sections[name])
        assert not missing, f"`briefing {name}` options not documented in its section: {missing}"


def test_global_options_are_documented(commands_doc):
    missing = sorted(o for o in _options(cli) if o not in commands_doc and o not in ("--help", "--version"))
    assert not missing, f"global options not documented: {missing}"


def test_every_documented_option_exists(commands_doc):
    sections = _sections(commands_doc)
    for name, body in sections.items():
        assert name in cli.commands, f"docs/commands.md documents `briefing {name}`, which does not exist"
        known = _options(cli.commands[name]) | _options(cli) | {"--help", "--version"}
        unknown = sorted(set(_DOC_OPTION.findall(body)) - known)
        assert not unknown, f"docs/commands.md documents options `briefing {name}` does not have: {unknown}"


def test_commands_named_in_the_readme_and_docs_exist():
    for path in [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]:
        for name in _DOC_COMMAND.findall(path.read_text(encoding="utf-8")):
            assert name in cli.commands, f"{path.name} names `briefing {name}`, which does not exist"


def test_the_readme_stays_short():
    size = len((REPO_ROOT / "README.md").read_text(encoding="utf-8").encode("utf-8"))
    assert size <= 10_500, f"README.md is {size} bytes: move detail into docs/"
