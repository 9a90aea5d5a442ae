from __future__ import annotations

import io
import json
import subprocess
import sys

from matching.cli import EXIT_MALFORMED, extract_skills, link_occupations
from matching.engine import TextEngine


def test_link_occupations_writes_one_line_per_input_line(engine: TextEngine) -> None:
    stdout = io.StringIO()
    code = link_occupations(engine, k=3, lang=None, stdin=io.StringIO("mécanicien auto\n\nzzzz qqq\n"), stdout=stdout)
    lines = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert code == 0
    assert [line["query"] for line in lines] == ["mécanicien auto", "", "zzzz qqq"]
    assert len(lines[0]["results"]) == 3
    assert set(lines[0]["results"][0]) == {"uri", "label", "score"}
    assert lines[1]["results"] == []


def test_malformed_json_line_is_reported_with_its_number_and_skipped(engine: TextEngine) -> None:
    stdin = io.StringIO('{"id": "a", "text": "soudure à l\'arc"}\n{not json\n{"id": "c", "text": ""}\n')
    stdout, stderr = io.StringIO(), io.StringIO()
    code = extract_skills(engine, k=3, lang=None, stdin=stdin, stdout=stdout, stderr=stderr)
    lines = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert code == EXIT_MALFORMED != 0
    assert "line 2" in stderr.getvalue()
    assert [line["id"] for line in lines] == ["a", "c"]
    assert lines[0]["results"][0]["span"] == "soudure à l'arc"
    assert lines[1]["results"] == []


def test_forced_language_changes_labels(engine: TextEngine) -> None:
    stdout = io.StringIO()
    link_occupations(engine, k=1, lang="en", stdin=io.StringIO("soudeur\n"), stdout=stdout)
    assert json.loads(stdout.getvalue())["results"][0]["label"] == "welder"


def test_module_entry_point_runs_end_to_end() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "matching", "extract-skills", "--k", "2"],
        input='{"id": "x", "text": "Python"}\n[1, 2\n',
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == EXIT_MALFORMED
    assert "line 2" in completed.stderr
    assert json.loads(completed.stdout.splitlines()[0])["id"] == "x"
