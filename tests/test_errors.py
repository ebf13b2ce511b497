"""Every error of briefing's carries the exit code docs/commands.md documents for it, and the
command line exits with that code, whatever command the error ends (errors.py, `cli.main`)."""
from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from pathlib import Path

import pytest

import briefing
from briefing import api, cli, errors

DOCS = Path(__file__).resolve().parent.parent / "docs" / "commands.md"

# what each error means for the user, as docs/commands.md says it
DOCUMENTED = {
    "UsageError": 2, "ConfigError": 2, "WriterError": 2, "RenderError": 2, "NotFound": 2, "MemoFileError": 2,
    "FatalError": 3, "StoreError": 3, "LockError": 3,
    "LockBusy": 5,
}


def _every_error() -> list[type]:
    for info in pkgutil.walk_packages(briefing.__path__, "briefing."):
        if info.name != "briefing.__main__":
            importlib.import_module(info.name)
    found, todo = [], [errors.BriefingError]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return sorted(found, key=lambda c: c.__name__)


def _instance(cls: type) -> Exception:
    if issubclass(cls, errors.RenderError):
        return cls("memo.md.j2", 3, "unexpected end of template")
    try:
        return cls("what went wrong, and where")
    except TypeError:  # a library-internal error with more fields
        return cls("reason", "what went wrong, and where")


def _documented_codes() -> dict[int, str]:
    table = DOCS.read_text(encoding="utf-8").split("## Exit codes", 1)[1]
    codes = {int(m[1]): m[2] for m in re.finditer(r"^\| (\d) \| (.+) \|$", table, re.M)}
    codes.update({int(m[1]): m[0] for m in re.finditer(r"\*\*(\d) ([a-z ]+)\*\*", table)})
    return codes


def test_the_errors_the_command_line_reports_carry_their_documented_codes():
    by_name = {cls.__name__: cls for cls in _every_error() if cls.__module__ == "briefing.errors"}
    assert {name: by_name[name].exit_code for name in DOCUMENTED} == DOCUMENTED
    documented = _documented_codes()
    assert {2, 3, 4, 5} <= documented.keys()
    assert "usage error" in documented[2] and "fatal" in documented[3] and "busy" in documented[5]
    for cls in _every_error():
        assert cls.exit_code in documented, cls


def test_the_old_homes_of_the_errors_still_name_them():
    from briefing.config import ConfigError
    from briefing.job.lock import LockBusy, LockError
    from briefing.memo.compose import NotFound
    from briefing.render.pages import RenderError
    from briefing.store.sqlite import StoreError
    from briefing.verify.recheck import MemoFileError
    from briefing.writers import WriterError

    assert (ConfigError, LockBusy, LockError, NotFound, RenderError, StoreError, MemoFileError, WriterError) == (
        errors.ConfigError, errors.LockBusy, errors.LockError, errors.NotFound, errors.RenderError, errors.StoreError,
        errors.MemoFileError, errors.WriterError)


@pytest.mark.parametrize("cls", _every_error(), ids=lambda c: c.__name__)
def test_the_command_line_exits_with_the_code_each_error_carries(cls, tmp_path, monkeypatch, capsys):
    error = _instance(cls)

    def fails(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(api, "stories", fails)
    monkeypatch.setattr(sys, "argv", ["briefing", "--db", str(tmp_path / "news.db"), "stories"])
    with pytest.raises(SystemExit) as ended:
        cli.main()
    assert ended.value.code == cls.exit_code
    said = capsys.readouterr().err
    assert said.startswith("error: ") and str(error) in " ".join(said.split()), said
