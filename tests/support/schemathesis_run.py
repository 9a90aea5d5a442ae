"""Run schemathesis (every check) against a served Sankofa, once per identity, and read its JSON report.

Used by tests/api/test_openapi_conformance.py; also by hand against `make run`:
    .venv/bin/python -m tests.support.schemathesis_run http://127.0.0.1:8000 --max-examples 20
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ST = Path(sys.executable).with_name("st")
CONFIG = Path(__file__).parent / "schemathesis.toml"
# Fixed so that CI runs the same requests each time; change it (or pass --seed) to explore further.
SEED = 20261203


@dataclass
class Identity:
    """Who schemathesis calls as: headers sent with every request, operations it leaves alone."""

    name: str
    session: str = ""  # the session cookie (its CSRF token goes in `headers`)
    api_key: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    exclude_paths: list[str] = field(default_factory=list)  # e.g. /api/v1/session, that would end the session
    # Path values of objects this identity may reach ({path: {name: value}}), so that those operations are not
    # only ever asked for objects that do not exist.
    known: dict[str, dict[str, str]] = field(default_factory=dict)

    def config(self) -> str:
        """The shared settings, plus this identity's credentials for the document's security schemes."""
        text = CONFIG.read_text()
        if self.session:
            text += f'\n[auth.openapi.Session]\napi_key = "{self.session}"\n'
        if self.api_key:
            text += f'\n[auth.openapi.BearerToken]\nbearer = "{self.api_key}"\n'
        for path, values in self.known.items():
            given = ", ".join(f'"path.{name}" = "{value}"' for name, value in values.items())
            text += f'\n[[operations]]\ninclude-path = "{path}"\nparameters = {{ {given} }}\n'
        return text


@dataclass
class Outcome:
    identity: str
    requests: int
    server_errors: int
    failures: list[str]
    output: str


def _failure_details(stdout: str) -> str:
    """The failures (each with its curl line) and the summary of schemathesis's report, not its progress lines."""
    start = stdout.find("= FAILURES =")
    summary = stdout.find("= SUMMARY =")
    failures = stdout[start:summary][:40_000] if start >= 0 else ""
    return failures + (stdout[summary:] if summary >= 0 else stdout[-5_000:])


def run(base_url: str, identity: Identity, *, max_examples: int, max_time: int, seed: int = SEED) -> Outcome:
    """One schemathesis run over the whole document as `identity`."""
    with tempfile.TemporaryDirectory() as tmp:
        har = Path(tmp) / "requests.har"
        config = Path(tmp) / "schemathesis.toml"
        config.write_text(identity.config())
        command = [
            str(ST),
            "--config-file",
            str(config),
            "run",
            f"{base_url}/schema/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            str(max_examples),
            "--max-time",
            str(max_time),
            "--seed",
            str(seed),
            "--generation-deterministic",
            "--workers",
            "1",
            "--no-color",
            "--output-truncate",
            "true",
            "--report",
            "har",
            "--report-har-path",
            str(har),
        ]
        for name, value in identity.headers.items():
            command += ["-H", f"{name}: {value}"]
        for path in identity.exclude_paths:
            command += ["--exclude-path", path]
        result = subprocess.run(command, capture_output=True, text=True, timeout=max_time * 4 + 120, check=False)
        entries = json.loads(har.read_text())["log"]["entries"] if har.exists() else []
    statuses = [entry["response"]["status"] for entry in entries]
    failures = [line for line in result.stdout.splitlines() if line.startswith(("- ST", "  - ST"))]
    if result.returncode != 0 and not failures:
        failures = [f"schemathesis exited with {result.returncode}"]
    return Outcome(
        identity=identity.name,
        requests=len(entries),
        server_errors=sum(1 for status in statuses if status >= 500),
        failures=failures,
        output=_failure_details(result.stdout) + result.stderr[-5_000:],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("base_url")
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--max-time", type=int, default=300)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("-H", "--header", action="append", default=[])
    parser.add_argument("--session", default="", help="a session cookie; its CSRF token as -H 'X-CSRF-Token: ...'")
    parser.add_argument("--api-key", default="")
    args = parser.parse_args()
    headers = dict(h.split(": ", 1) for h in args.header)
    identity = Identity(
        "cli",
        session=args.session,
        api_key=args.api_key,
        headers=headers,
        exclude_paths=["/api/v1/session"] if args.session else [],
    )
    outcome = run(
        args.base_url,
        identity,
        max_examples=args.max_examples,
        max_time=args.max_time,
        seed=args.seed,
    )
    print(outcome.output)
    print(f"{outcome.requests} requests, {outcome.server_errors} server errors, {len(outcome.failures)} failures")


if __name__ == "__main__":
    assert shutil.which(str(ST)), "schemathesis is a dev dependency: make install"
    main()
