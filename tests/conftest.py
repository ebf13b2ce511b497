"""Shared fixtures: a fresh database per test, the shared seed and benchmark folders (read in
place, never copied), and a helper that runs the real `briefing` command in a subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Optional

import pytest

from briefing.store.sqlite import Store

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "b.db"


@pytest.fixture
def store(db_path: Path):
    s = Store(db_path)
    try:
        yield s
    finally:
        s.close()


def _shared_dir(name: str, what: str) -> Path:
    path = SHARED / name
    if not path.is_dir():
        pytest.skip(f"{what} not found at {path}")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return _shared_dir("seeds", "seed articles")


@pytest.fixture(scope="session")
def example_and_seed_texts() -> list[str]:
    """The texts of the example articles and of the seed articles (when ../shared is there)."""
    texts = []
    for path in sorted((REPO_ROOT / "examples").rglob("*")):
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            texts += [d.get("maintext") or d.get("text") or "" for d in (data if isinstance(data, list) else [data])]
        elif path.suffix in (".txt", ".md"):
            texts.append(path.read_text(encoding="utf-8"))
    seeds = SHARED / "seeds"
    texts += [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*"))] if seeds.is_dir() else []
    return texts


@pytest.fixture(scope="module")
def seeds_ingested(tmp_path_factory, request):
    """(store, stored ext_ids): the five seed articles ingested into a fresh database, per test module."""
    import briefing

    folder = _shared_dir("seeds", "seed articles")
    store = briefing.open_store(tmp_path_factory.mktemp("seeds") / "b.db")
    request.addfinalizer(store.close)
    report = briefing.ingest_paths(store, [folder])
    assert len(report.stored) == 5
    return store, report.stored


@pytest.fixture
def bench_dir() -> Path:
    return _shared_dir("bench", "benchmark data")


RunCli = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """run_cli(*args, db=..., cwd=..., env=...) runs `python -m briefing ARGS` and returns the
    CompletedProcess (text mode, stdout and stderr captured, never raising on a non-zero exit).

    HOME and the XDG folders point into tmp_path, so nothing reads or writes the real user's
    files. BRIEFING_DB is tmp_path/"cli.db" unless `db` is given; `db=None` leaves it unset.
    BRIEFING_WRITER is "extractive" unless `env` names another writer: the model writers are
    exercised by their own tests (test_llama_writer.py, test_openai_writer.py), and OPENAI_* are
    removed so no test talks to a real endpoint by accident.
    """
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    default_db = tmp_path / "cli.db"
    unset = object()

    def run(*args: str, db=unset, cwd: Optional[Path] = None, env: Optional[dict] = None,
            timeout: float = 60) -> "subprocess.CompletedProcess[str]":
        full_env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("BRIEFING_", "XDG_", "OPENAI_")) and k not in ("COLUMNS", "LINES")}
        full_env.update({
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_STATE_HOME": str(home / ".local" / "state"),
            "PYTHONIOENCODING": "utf-8",
            "BRIEFING_WRITER": "extractive",
        })
        if db is unset:
            full_env["BRIEFING_DB"] = str(default_db)
        elif db is not None:
            full_env["BRIEFING_DB"] = str(db)
        if env:
            full_env.update(env)
        return subprocess.run([sys.executable, "-m", "briefing", *map(str, args)], cwd=str(cwd or tmp_path),
                              env=full_env, capture_output=True, text=True, encoding="utf-8", timeout=timeout)

    run.home = home  # type: ignore[attr-defined]
    run.default_db = default_db  # type: ignore[attr-defined]
    return run


class NewsServer:
    """A real HTTP server on 127.0.0.1 serving feeds and pages whose content a test changes between
    runs. Every request is recorded (path and headers). Routes answer with an ETag (a hash of the
    body) and honour If-None-Match with 304; `delay` makes a route slow, `status` an error or a
    redirect (with `location`)."""

    def __init__(self):
        import hashlib
        import threading
        import time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.routes: dict[str, dict] = {}
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route["delay"]:
                    time.sleep(route["delay"])
                body = route["body"]
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if route["status"] == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(route["status"])
                if route["location"]:
                    self.send_header("Location", route["location"])
                self.send_header("Content-Type", route["content_type"])
                self.send_header("Content-Length", str(len(body)))
                if route["status"] == 200:
                    self.send_header("ETag", etag)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):  # quiet
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def set(self, path: str, body: bytes | str, content_type: str = "application/rss+xml; charset=utf-8",
            status: int = 200, delay: float = 0, location: Optional[str] = None) -> str:
        self.routes[path] = {"body": body.encode("utf-8") if isinstance(body, str) else body,
                             "content_type": content_type, "status": status, "delay": delay, "location": location}
        return self.url(path)

    def hits(self, path: str) -> list[dict]:
        """The headers of every request made for `path`, in order."""
        return [h for p, h in self.requests if p == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def news_server():
    server = NewsServer()
    try:
        yield server
    finally:
        server.close()


# One plain article that ingests cleanly: the good file beside the hostile ones.
GOOD = ("MILLBROOK — The Millbrook city council approved a new flood barrier on Tuesday by a vote of 7 to 2. "
        "The barrier will cost 12 million dollars and protect about 4,000 homes along the river, the mayor "
        "said.\n\nConstruction is expected to start in the spring and to take three years, the city engineer "
        "said. Opponents said the money should have gone to schools instead.\n")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An input folder holding one good article (`GOOD`)."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    return d


# -- faulty servers ------------------------------------------------------------------------------
class FaultServer:
    """An OpenAI-compatible endpoint on 127.0.0.1 answering every chat completion in the way `mode` says
    (a test may change `mode` between runs): an error, a bad answer, silence, or a usable one."""

    def __init__(self, mode: str, judge: str | None = None):
        self.mode = mode
        self.judge = judge  # how the verifier's yes/no questions are answered: "yes", "no" or "500"
        self.questions = 0
        self.requests = 0
        self.inflight = 0
        self.max_inflight = 0
        self.lock = threading.Lock()
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with server.lock:
                    server.requests += 1
                    server.inflight += 1
                    server.max_inflight = max(server.max_inflight, server.inflight)
                try:
                    server.answer(self, body)
                finally:
                    with server.lock:
                        server.inflight -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def answer(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        def send(status: int, payload: bytes, ctype="application/json", headers=()):
            handler.send_response(status)
            handler.send_header("Content-Type", ctype)
            handler.send_header("Content-Length", str(len(payload)))
            for k, v in headers:
                handler.send_header(k, v)
            handler.end_headers()
            handler.wfile.write(payload)

        messages = json.loads(body).get("messages") if body.startswith(b"{") else None
        if self.judge and messages and messages[0]["content"].startswith("You check news briefings"):
            self.questions += 1
            if self.judge == "500":
                send(500, b'{"error": {"message": "internal error"}}')
            else:
                send(200, json.dumps({"id": "q1", "object": "chat.completion", "created": 0, "model": "m",
                                      "choices": [{"index": 0, "finish_reason": "stop", "message": {
                                          "role": "assistant", "content": json.dumps({"answer": self.judge})}}],
                                      "usage": {"prompt_tokens": 50, "completion_tokens": 6,
                                                "total_tokens": 56}}).encode())
        elif self.mode == "500":
            time.sleep(0.3)  # slow enough that concurrent requests overlap
            send(500, b'{"error": {"message": "internal error"}}')
        elif self.mode == "429":
            send(429, b'{"error": {"message": "slow down"}}', headers=[("Retry-After", "0")])
        elif self.mode == "garbage":
            send(200, b"<html><body>Service temporarily replaced by a cat picture</body></html>", "text/html")
        elif self.mode == "echo-key":  # a server that puts the caller's key into its error message
            key = handler.headers.get("Authorization", "")
            send(400, json.dumps({"error": {"message": f"bad request from {key}"}}).encode())
        elif self.mode == "rejects-schema":  # like llama-cpp-python's server: json_schema answered with a 500
            form = (json.loads(body).get("response_format") or {}).get("type")
            if form == "json_schema":
                send(500, b'{"error": {"message": "response_format: json_schema is not supported"}}')
            else:
                answer = {"headline": {"text": "Millbrook council votes on the flood barrier", "cites": [1]}}
                send(200, json.dumps({"id": "c1", "object": "chat.completion", "created": 0, "model": "m",
                                      "choices": [{"index": 0, "finish_reason": "stop", "message": {
                                          "role": "assistant", "content": json.dumps(answer)}}],
                                      "usage": {"prompt_tokens": 10, "completion_tokens": 5,
                                                "total_tokens": 15}}).encode())
        elif self.mode in ("401", "400"):  # an error whose text echoes the key, in part as OpenAI does, and whole
            key = handler.headers.get("Authorization", "").removeprefix("Bearer ")
            shown = key[:5] + "*" * 12 + key[-2:]
            send(int(self.mode), json.dumps({"error": {
                "message": f"Incorrect API key provided: {shown}. You sent it as Bearer {key}",
                "type": "invalid_request_error"}}).encode())
        elif self.mode == "not-json":  # a 200 that is not JSON, though it says it is
            send(200, b"<html><body>Service busy, try later</body></html>")
        elif self.mode in ("ok", "unusable"):  # a completion citing evidence 1, or one without claims
            answer = {"headline": {"text": "Millbrook council acts on flood barrier and library", "cites": [1]}}
            if self.mode == "unusable":
                answer = "I cannot help with that."
            send(200, json.dumps({"id": "c1", "object": "chat.completion", "created": 0, "model": "m",
                                  "choices": [{"index": 0, "finish_reason": "stop", "message": {
                                      "role": "assistant", "content": json.dumps(answer)}}],
                                  "usage": {"prompt_tokens": 10, "completion_tokens": 5,
                                            "total_tokens": 15}}).encode())
        elif self.mode == "silent":
            self.release.wait(timeout=30)  # never answers within the client's timeout

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fault_server():
    servers = []

    def start(mode: str, judge: str | None = None) -> FaultServer:
        servers.append(FaultServer(mode, judge))
        return servers[-1]

    yield start
    for s in servers:
        s.close()
