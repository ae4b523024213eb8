"""Startup benchmark: how close lokalspil's start-up gets to the floor this stack allows.

Most lokalspil commands finish in well under a second, so what a user feels is mostly the
start-up: the interpreter, Typer/Click/Rich and whatever lokalspil imports before it can act.
No lokalspil command can start faster than the smallest Typer app with Typer's default Rich
help, so that is the floor here: a two-command Typer app (one argument and a docstring per
command) asked for `--help`. In the same run this script measures the median wall time of

* the floor: `python floor.py --help`,
* `lokalspil --help`,
* `lokalspil status` on a fresh workspace whose default guide is about half answered,

and prints each one's ratio to the floor. Goals: `--help` at most 1.2x the floor, `status` at
most 1.3x. Ratios rather than milliseconds make the goals portable between machines.

Fairness: every command runs as `sys.executable SCRIPT ARGS` (lokalspil through the console
script next to the interpreter, a plain Python file, falling back to `-m lokalspil`), with the
same environment, from the same temporary directory, with output captured. The measurements
are interleaved (floor, help, status in each round) so that drift on the machine affects all
three alike, and warm-up rounds come first so that every run finds the files in the OS cache.
lokalspil's own modules are compiled to bytecode first, as `pip install` does for an installed
package: from an editable install with PYTHONDONTWRITEBYTECODE set, every run would otherwise
compile them again while Typer and Rich load precompiled.

Usage: python bench/startup.py [--runs N] [--warmup N] [--check]

A benchmark reports, it does not gate: the exit code is 0 even when a goal is missed, unless
`--check` is given (then 1). A command that fails aborts the benchmark with exit code 2.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLOOR_APP = textwrap.dedent(
    '''\
    import typer

    app = typer.Typer()


    @app.command()
    def hello(name: str) -> None:
        """Say hello to NAME."""
        print(f"Hello {name}")


    @app.command()
    def goodbye(name: str) -> None:
        """Say goodbye to NAME."""
        print(f"Goodbye {name}")


    if __name__ == "__main__":
        app()
    '''
)

# Valid sample answers per question type (number and the choice types depend on the question).
SAMPLE_TEXT = {"text": "tekst", "longtext": "En længere tekst", "date": "2026-12-03", "yesno": True}


class CommandFailed(Exception):
    pass


@dataclass
class Bench:
    name: str
    argv: list[str]
    goal: float | None = None  # highest allowed ratio to the floor
    times: list[float] = field(default_factory=list)  # seconds

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def lokalspil_command() -> list[str]:
    """`sys.executable <console script>` (like `python floor.py`), else `sys.executable -m lokalspil`."""
    script = Path(sys.executable).with_name("lokalspil")
    if script.is_file():
        return [sys.executable, str(script)]
    return [sys.executable, "-m", "lokalspil"]


def run(argv: Sequence[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command and raise CommandFailed, with its output, if it does not exit 0."""
    proc = subprocess.run(
        argv, env=env, cwd=cwd, capture_output=True, encoding="utf-8", errors="replace", check=False
    )
    if proc.returncode != 0:
        raise CommandFailed(
            f"command failed with exit code {proc.returncode}: {' '.join(argv)}\n"
            f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
        )
    return proc


def timed_run(argv: Sequence[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise CommandFailed(
            f"command failed with exit code {proc.returncode}: {' '.join(argv)}\n"
            f"--- stdout ---\n{proc.stdout.decode(errors='replace')}\n"
            f"--- stderr ---\n{proc.stderr.decode(errors='replace')}"
        )
    return elapsed


def sample_answer(question: dict[str, Any]) -> Any:
    kind = question["type"]
    if kind in SAMPLE_TEXT:
        return SAMPLE_TEXT[kind]
    if kind == "number":
        value = 1
        if question.get("min") is not None:
            value = max(value, question["min"])
        if question.get("max") is not None:
            value = min(value, question["max"])
        return value
    if kind in ("choice", "multichoice"):
        first = question["choices"][0]["id"]
        return first if kind == "choice" else [first]
    raise ValueError(f"unknown question type {kind!r} ({question['key']})")


def condition_holds(when: dict[str, Any] | None, answers: dict[str, Any]) -> bool:
    """Mirror of the guide's `when`: is the question asked, given the answers chosen so far?"""
    if not when:
        return True
    answer = answers.get(when["question"])
    if answer is None:
        return False
    if "equals" in when:
        return bool(answer == when["equals"])
    if "one_of" in when:
        return answer in when["one_of"]
    if "includes" in when:
        return isinstance(answer, list) and when["includes"] in answer
    return False


def half_answers(document: dict[str, Any]) -> dict[str, Any]:
    """Answers to roughly the first half of the default guide's questions, in order."""
    questions = [q for step in document["steps"] for q in step.get("questions", [])]
    wanted = max(1, len(questions) // 2)
    answers: dict[str, Any] = {}
    for question in questions:
        if len(answers) >= wanted:
            break
        if condition_holds(question.get("when"), answers):
            answers[question["key"]] = sample_answer(question)
    return answers


def prepare_workspace(lokalspil: list[str], env: dict[str, str], work: Path) -> str:
    """Create the workspace, load answers to half the guide; return a line describing it."""
    run([*lokalspil, "init", "--area", "Benchmark", "--lang", "da"], env, work)
    document = json.loads(run([*lokalspil, "guide", "show", "--json"], env, work).stdout)
    answers_file = work / "answers.json"
    answers_file.write_text(json.dumps(half_answers(document), ensure_ascii=False), encoding="utf-8")
    run([*lokalspil, "guide", "run", "--answers", str(answers_file)], env, work)
    progress = json.loads(run([*lokalspil, "guide", "show", "--json"], env, work).stdout)["progress"]
    return f"{progress['answered']} of {progress['questions']} questions answered"


def print_report(benches: list[Bench], runs: int, warmup: int, workspace: str) -> bool:
    """Print the table; return whether every goal is met."""
    floor = benches[0].median
    print(f"Python {platform.python_version()} ({sys.executable})")
    print(f"{runs} runs each, interleaved, after {warmup} warm-up rounds; status workspace: {workspace}")
    print()
    header = f"{'command':<18} {'median ms':>10} {'min ms':>9} {'x floor':>8} {'goal':>7}  result"
    print(header)
    print("-" * len(header))
    all_met = True
    for bench in benches:
        ratio = bench.median / floor
        goal = f"<={bench.goal:.1f}x" if bench.goal is not None else ""
        if bench.goal is None:
            verdict = ""
        elif ratio <= bench.goal:
            verdict = "OK"
        else:
            verdict = "OVER"
            all_met = False
        print(
            f"{bench.name:<18} {bench.median * 1000:>10.1f} {min(bench.times) * 1000:>9.1f} "
            f"{ratio:>7.2f}x {goal:>7}  {verdict}".rstrip()
        )
    return all_met


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=30, help="measured runs per command (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="warm-up runs per command (default 3)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a goal is missed")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")

    lokalspil = lokalspil_command()
    spec = importlib.util.find_spec("lokalspil")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)
    with tempfile.TemporaryDirectory(prefix="lokalspil-bench-") as tmp:
        work = Path(tmp)
        floor_app = work / "floor.py"
        floor_app.write_text(FLOOR_APP, encoding="utf-8")
        env = {
            **os.environ,
            "COLUMNS": "100",
            "TERMINAL_WIDTH": "100",
            "NO_COLOR": "1",
            "LOKALSPIL_DB": str(work / "lokalspil.db"),
        }
        benches = [
            Bench("floor --help", [sys.executable, str(floor_app), "--help"]),
            Bench("lokalspil --help", [*lokalspil, "--help"], goal=1.2),
            Bench("lokalspil status", [*lokalspil, "status"], goal=1.3),
        ]
        try:
            workspace = prepare_workspace(lokalspil, env, work)
            for _ in range(args.warmup):
                for bench in benches:
                    timed_run(bench.argv, env, work)
            for _ in range(args.runs):
                for bench in benches:
                    bench.times.append(timed_run(bench.argv, env, work))
        except CommandFailed as failure:
            print(f"startup benchmark: {failure}", file=sys.stderr)
            return 2

    all_met = print_report(benches, args.runs, args.warmup, workspace)
    return 1 if args.check and not all_met else 0


if __name__ == "__main__":
    sys.exit(main())
