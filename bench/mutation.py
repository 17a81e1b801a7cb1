"""Mutation testing of the rule modules with mutmut (not part of CI: it takes tens of minutes).

    python3 -m pip install mutmut
    python3 bench/mutation.py                      # every group
    python3 bench/mutation.py deadlines guard      # some groups
    python3 bench/mutation.py validate --sample 3  # one mutant in 3 (deterministic)
    python3 bench/mutation.py deadlines --again    # after adding tests: rerun what was not killed
                                                   # (bench/out/mutation-GROUP.json keeps each status)

Each group mutates one module (the guard group: only `guard_writes` and `_was_blank` of
sheets/model.py) and runs only the test files that exercise it, in a scratch copy of the
working tree (default /tmp/ppid-mutation/GROUP; ../shared is linked beside it), so the
worktree never sees mutmut's `mutants/` folder. For each group it prints killed/survived
counts and the surviving mutants' diffs, and writes them to bench/out/mutation-GROUP.txt.
Results go in bench/README.md by hand, saying what was run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"


@dataclass(frozen=True)
class Group:
    module: str  # file to mutate
    tests: tuple[str, ...]  # test files that exercise it
    names: str = ""  # mutant-name glob(s), space separated ("" = every mutant of the module)


GROUPS = {
    "deadlines": Group("automation/rules/deadlines.py",
                       ("tests/test_deadlines.py", "tests/test_flags.py", "tests/test_calendar_cli.py")),
    "guard": Group("sheets/model.py", ("tests/test_layout_guard.py", "tests/test_excel_backend.py",
                                       "tests/test_jobs_on_backends.py"),
                   "sheets.model.x_guard_writes__mutmut_* sheets.model.x__was_blank__mutmut_*"),
    "numbering": Group("automation/rules/numbering.py",
                       ("tests/test_numbering.py", "tests/test_check_job.py", "tests/test_records.py")),
    "objection_deadlines": Group("automation/rules/objection_deadlines.py",
                                 ("tests/test_objection_deadlines.py", "tests/test_objections.py",
                                  "tests/test_deadlines.py")),
    "calendar": Group("automation/rules/calendar.py", ("tests/test_calendar.py", "tests/test_office_calendar.py")),
    "flags": Group("automation/rules/flags.py", ("tests/test_flags.py", "tests/test_check_job.py")),
    "validate": Group("automation/rules/validate.py", ("tests/test_validate.py", "tests/test_check_job.py")),
    "figures": Group("automation/reports/figures.py", ("tests/test_report.py", "tests/test_report_year.py",
                                                      "tests/test_report_outputs.py")),
    "objections": Group("automation/check/objections.py", ("tests/test_objections.py",)),
}
_STATUS = re.compile(r"^\s+(\S+): (.+)$")


def scratch_copy(group: str, root: Path) -> Path:
    """The working tree (tracked and untracked files, .gitignore respected) copied to root/group/repo."""
    dest = root / group / "repo"
    if dest.exists():
        shutil.rmtree(dest)
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, check=True,
                           capture_output=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = REPO / name
        if src.is_file() and not name.startswith(("bench/out/", "mutants/")):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    shared = REPO.parent / "shared"
    link = dest.parent / "shared"
    if shared.is_dir() and not link.exists():
        link.symlink_to(shared)
    return dest


def configure(repo: Path, g: Group) -> None:
    tests = [t for t in g.tests if (repo / t).is_file()]
    section = (
        "\n[tool.mutmut]\n"
        'source_paths = ["automation", "sheets"]\n'
        f"only_mutate = {json.dumps([g.module])}\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-m", "not libreoffice", "-q"]\n'
        "use_git_change_detection = false\n"
    )
    with open(repo / "pyproject.toml", "a", encoding="utf-8") as f:
        f.write(section)


def mutmut(repo: Path, *args: str, check: bool = False) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["CI"] = "1"  # hypothesis: the derandomised profile, same examples every run
    run = subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=repo, env=env, capture_output=True, text=True)
    if check and run.returncode != 0:
        raise SystemExit(f"mutmut {' '.join(args)} failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    return run.stdout


def statuses(repo: Path) -> dict[str, str]:
    out = {}
    for line in mutmut(repo, "results", "--all", "true").splitlines():
        m = _STATUS.match(line)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def wanted(name: str, g: Group) -> bool:
    from fnmatch import fnmatchcase

    return not g.names or any(fnmatchcase(name, p) for p in g.names.split())


def run_group(group: str, root: Path, sample: int, children: int, again: bool = False) -> dict[str, object]:
    g = GROUPS[group]
    previous: dict[str, str] = {}
    saved = OUT / f"mutation-{group}.json"
    if again and saved.is_file():
        # The module is unchanged, only tests were added: a mutant killed before stays killed.
        previous = json.loads(saved.read_text(encoding="utf-8"))
    repo = scratch_copy(group, root)
    configure(repo, g)
    # first pass: generate the mutants and the per-test stats, run none (a name that matches nothing)
    mutmut(repo, "run", "--max-children", str(children), "nothing-matches-this")
    names = sorted(n for n in statuses(repo) if wanted(n, g))
    chosen = [n for n in previous if wanted(n, g)] if previous else (names[::sample] if sample > 1 else names)
    rerun = [n for n in chosen if previous.get(n) not in ("killed", "timeout")]
    print(f"[{group}] {len(names)} mutants, {len(chosen)} chosen, running {len(rerun)}", flush=True)
    for start in range(0, len(rerun), 200):  # keep the command line short
        mutmut(repo, "run", "--max-children", str(children), *rerun[start:start + 200])
    found = statuses(repo)
    result = {n: previous[n] if n not in rerun else found.get(n, "?") for n in chosen}
    counts: dict[str, int] = {}
    for status in result.values():
        counts[status] = counts.get(status, 0) + 1
    survivors = [n for n, s in result.items() if s in ("survived", "no tests", "suspicious")]
    OUT.mkdir(parents=True, exist_ok=True)
    saved.write_text(json.dumps(result, indent=1, sort_keys=True), encoding="utf-8")  # name -> status
    with open(OUT / f"mutation-{group}.txt", "w", encoding="utf-8") as f:
        f.write(f"{group}: {g.module} ({g.names or 'all functions'}), tests {', '.join(g.tests)}\n")
        f.write(f"mutants {len(names)}, run {len(chosen)} (sample 1 in {sample}"
                + (f"; {len(rerun)} not killed before run again after adding tests" if previous else "")
                + f"): {json.dumps(counts)}\n\n")
        for n in survivors:
            f.write(mutmut(repo, "show", n) + "\n")
    killed = counts.get("killed", 0) + counts.get("timeout", 0)
    score = 100.0 * killed / len(chosen) if chosen else 100.0
    print(f"[{group}] {json.dumps(counts)} score {score:.1f}% survivors {len(survivors)} "
          f"-> {OUT / f'mutation-{group}.txt'}", flush=True)
    return {"group": group, "mutants": len(names), "run": len(chosen), "counts": counts, "score": score,
            "survivors": survivors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("groups", nargs="*", help=f"groups to run (default: all): {', '.join(GROUPS)}")
    parser.add_argument("--sample", type=int, default=1, help="run one mutant in N (default: all)")
    parser.add_argument("--children", type=int, default=2, help="parallel mutant runs (default 2)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/ppid-mutation"))
    parser.add_argument("--again", action="store_true",
                        help="after adding tests: run again only the mutants of the last run not killed")
    args = parser.parse_args()
    unknown = [g for g in args.groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {unknown}; choose from {', '.join(GROUPS)}")
    summary = [run_group(g, args.workdir, args.sample, args.children, args.again) for g in args.groups or GROUPS]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "mutation-summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
