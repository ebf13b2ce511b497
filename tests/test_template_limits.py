"""User templates are bounded in time and memory (issue 18, case 13): nested loops of
`range(100000)` and `{{ 'x' * 10**9 }}` end quickly with a clear error naming the template and
its line (exit 2), as do the other ways a template can build a huge value."""
from __future__ import annotations


import jinja2
import pytest

from briefing.render import template_limits
from briefing.render.template_limits import BoundedEnvironment, TemplateLimit, render_bounded

STORY = ("MILLBROOK — The Millbrook city council approved a new flood barrier on Tuesday by a vote of 7 to 2. "
         "The barrier will cost 12 million dollars and protect about 4,000 homes along the river, the mayor said.\n")


@pytest.mark.parametrize("template, cause", [
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "longer than"),
    ("{{ 'x' * 10**9 }}", "limit"),
])
def test_a_user_template_that_would_run_forever_or_fill_memory_exits_2(run_cli, tmp_path, template, cause):
    article = tmp_path / "a.txt"
    article.write_text(STORY, encoding="utf-8")
    t = tmp_path / "evil.md.j2"
    t.write_text("Memo {{ title }}\n" + template + "\n", encoding="utf-8")
    done = run_cli("memo", article, "--one-story", "--template", t, timeout=120)  # before: hours, or 2 GB
    assert done.returncode == 2, (done.returncode, done.stderr[-1000:])
    assert str(t) in done.stderr and "line 2" in done.stderr and cause in done.stderr
    assert "Traceback" not in done.stderr


@pytest.fixture
def env():
    return BoundedEnvironment(loader=jinja2.DictLoader({}), undefined=jinja2.StrictUndefined)


@pytest.mark.parametrize("source", [
    "{{ 'x' * 10**9 }}",
    "{{ 10 ** 100000000 }}",
    "{{ 'x'|center(10**9) }}",
    "{{ 'x'.ljust(10**9) }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '%0999999999d'|format(1) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ ('x' * 1000000)|replace('', 'yyyyyyyyyyyyyyy') }}",
    "{{ (['x' * 1000000] * 100)|join(',') }}",
    "{{ ([[1] * 100000] * 1000)|sum(start=[]) }}",
    "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
    "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}",
])
def test_a_value_too_big_to_build_is_refused_before_it_is_built(env, source):
    with pytest.raises(TemplateLimit, match="limit"):
        render_bounded(env.from_string(source), {})


def test_data_cannot_be_doubled_in_place(env):
    with pytest.raises(jinja2.exceptions.SecurityError):
        render_bounded(env.from_string("{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}"), {})


def test_the_output_is_bounded(env, monkeypatch):
    monkeypatch.setattr(template_limits, "MAX_OUTPUT_CHARS", 1000)
    with pytest.raises(TemplateLimit, match="output"):
        render_bounded(env.from_string("{% for i in range(100000) %}line {{ i }}\n{% endfor %}"), {})


def test_ordinary_templates_render_as_before(env):
    source = ("{{ 'ab' ~ 'cd' }} {{ 3 * 4 }} {{ 2 ** 10 }} {{ 7 % 3 }} {{ [1] + [2] }} {{ '-' * 3 }} "
              "{{ 'x'|center(5) }}|{{ ['a', 'b']|join(', ') }} {{ 'a b'|replace('a', 'c') }} {{ '%05d'|format(42) }}")
    assert render_bounded(env.from_string(source), {}) == "abcd 12 1024 1 [1, 2] --- " + "  x  " + "|a, b c b 00042"


def test_the_time_budget_interrupts_a_loop_and_leaves_the_thread_clean(env, monkeypatch):
    import time

    monkeypatch.setattr(template_limits, "RENDER_SECONDS", 0.5)
    slow = env.from_string("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    with pytest.raises(TemplateLimit, match="longer than 0.5 s"):
        render_bounded(slow, {})
    assert render_bounded(env.from_string("{{ 1 + 1 }}"), {}) == "2"
    time.sleep(0.7)  # a timer of a finished render must not fire into later code
    assert sum(range(10)) == 45
