"""Mutation testing of the modules that carry the platform's guarantees, with mutmut.

    .venv/bin/python bench/mutation.py [--modules permissions,signing] [--sample 3]
        [--ref COMMIT] [--max-children 2] [--workdir /tmp/idesluss-mutation]

Each module is mutated on its own (mutmut 3, from PyPI), in a copy of the
working tree (or of ``--ref``) so the checkout itself is never touched, with
only the tests that belong to it; mutmut then runs, for each mutant, the
tests of that selection that reach the mutated function. The tests run on the
PostgreSQL server of DATABASE_URL (or the embedded one), in a database of
their own: ``IDESLUSS_TEST_DB_NAME`` + ``_mutation``.

mutmut mutates code inside functions only: module-level tables such as
``CAPABILITIES`` are pinned by their own tests instead. For the idea services
only the stage gate and the moves are mutated, not the rest of the module.

Prints, per module, mutants killed and survived, then every survivor that is
not declared equivalent in ``EQUIVALENT`` (the ones that matter), with its
diff. The last line is

    mutation modules=<n> killed=<n> survived=<n> score=<killed/total> worst_module_score=<x>

A timeout counts as killed (the mutant hung the code: a test noticed);
mutants no test reaches count as survived. ``--sample N`` mutates everything
but runs N mutants per module, drawn with ``--seed``: the bounded run of
tests/bench/test_mutation.py. Exits 1 when a survivor that matters is found.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = Path(sys.executable).with_name("mutmut")


@dataclass(frozen=True)
class Module:
    name: str
    path: str
    tests: tuple[str, ...]
    # Function-name patterns to mutate (mutmut names them ``x_<function>``); empty: all.
    functions: tuple[str, ...] = ()


MODULES = (
    Module(
        "permissions",
        "shared/accounts/permissions.py",
        ("tests/shared/accounts/test_access.py", "tests/shared/accounts/test_permissions.py"),
    ),
    Module(
        "route_access",
        "shared/accounts/route_access.py",
        ("tests/shared/accounts/test_access.py", "tests/shared/core/test_routing.py"),
    ),
    Module(
        "host_middleware",
        "shared/organizations/middleware.py",
        (
            "tests/shared/core/test_routing.py",
            "tests/shared/organizations/test_read_only.py",
            "tests/tenants/test_isolation.py",
        ),
    ),
    Module(
        "core_middleware",
        "shared/core/middleware.py",
        ("tests/shared/core/test_routing.py", "tests/shared/accounts/test_access.py"),
    ),
    Module(
        "registry",
        "tenants/registry/services.py",
        (
            "tests/tenants/registry/test_services.py",
            "tests/tenants/ideas/test_registration_numbers.py",
        ),
    ),
    Module(
        "moves",
        "tenants/ideas/services.py",
        (
            "tests/tenants/ideas/test_move_guarantees.py",
            "tests/tenants/ideas/test_services.py",
        ),
        functions=(
            "idea_move",
            "ideas_bulk_move",
            "_raise_if_stage_refused",
            "_refusals_for",
            "_locked",
            "_move",
            "_copy_stage",
        ),
    ),
    Module("stages", "tenants/ideas/stages.py", ("tests/tenants/ideas/test_stages.py",)),
    Module(
        "suppression",
        "shared/core/suppression.py",
        ("tests/shared/core/test_suppression.py", "tests/network/figures/test_suppression.py"),
    ),
    Module(
        "audit_log",
        "tenants/audit/services.py",
        ("tests/tenants/audit/test_record_contract.py", "tests/tenants/audit/test_services.py"),
    ),
    Module(
        "platform_audit",
        "shared/core/services.py",
        ("tests/shared/core/test_platform_audit.py",),
    ),
    Module("signing", "shared/core/signing.py", ("tests/shared/core/test_signing.py",)),
    Module(
        "snapshots",
        "tenants/sharing/snapshots.py",
        ("tests/tenants/sharing/test_services.py",),
    ),
    Module("webhooks", "billing/webhooks.py", ("tests/billing/test_webhooks.py",)),
)

# Mutants that behave exactly like the code (mutmut's name: why). Explained in
# docs/development.md ("Mutation testing"); a name here that no longer exists is
# harmless, a survivor missing here fails the run.
_TEXT = "the text of a BadSignature, which no caller reads"
_PADDING = "padding longer than values: only indices below len(values) are read"
_NOT_HIDDEN = "a cell not hidden is 0 or at least min_group: > 1 and > 0 agree"
_DEFAULT_SIZE = "token_urlsafe(None) is token_urlsafe(32), SECRET_BYTES"
_ANONYMOUS = "the one unauthenticated actor, AnonymousUser, has pk None anyway"
EQUIVALENT: dict[str, str] = {
    "shared.core.suppression.x_suppress__mutmut_19": _PADDING,
    "shared.core.suppression.x_suppress__mutmut_38": _NOT_HIDDEN,
    **{
        f"shared.core.signing.x_organization_loads__mutmut_{n}": _TEXT
        for n in (23, 24, 25, 26, 34, 35, 36, 37, 45, 46, 47, 48)
    },
    "shared.core.signing.x_organization_secret_create__mutmut_1": _DEFAULT_SIZE,
    **{
        f"tenants.audit.services.x_audit_event_record__mutmut_{n}": _ANONYMOUS
        for n in (25, 33, 39, 40)
    },
}

# Mutation runs only: hypothesis derandomised, and mutmut runs one collected test
# object many times in one process, which hypothesis would otherwise refuse.
CONFTEST = '''"""Written by bench/mutation.py into its copy of the tree; not part of the project."""

from hypothesis import HealthCheck, settings
from hypothesis import core as hypothesis_core

settings.register_profile("mutation", derandomize=True, database=None, deadline=None)
settings.load_profile("mutation")
_fail_health_check = hypothesis_core.fail_health_check


def _fail_unless_differing_executors(settings, message, health_check):
    if health_check != HealthCheck.differing_executors:
        _fail_health_check(settings, message, health_check)


hypothesis_core.fail_health_check = _fail_unless_differing_executors
'''

KILLED_CODES = {1, 3, 36, 24, -24, 152, 255, -9, -11, 37}


@dataclass
class Outcome:
    module: Module
    killed: list[str] = field(default_factory=list)
    survived: list[str] = field(default_factory=list)
    diffs: dict[str, str] = field(default_factory=dict)
    error: str = ""

    @property
    def total(self) -> int:
        return len(self.killed) + len(self.survived)

    @property
    def score(self) -> float:
        return len(self.killed) / self.total if self.total else 0.0

    @property
    def mattering(self) -> list[str]:
        return [name for name in self.survived if name not in EQUIVALENT]


def copy_tree(workdir: Path, ref: str | None) -> None:
    """Put the working tree's files (tracked and new, not ignored), or ``ref``'s, in ``workdir``."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    if ref:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", ref],
            check=True,
            capture_output=True,
        ).stdout
        with tempfile.TemporaryFile() as handle:
            handle.write(archive)
            handle.seek(0)
            with tarfile.open(fileobj=handle) as tar:
                tar.extractall(workdir, filter="data")
        return
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard", "-z"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = workdir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def configure(workdir: Path, module: Module) -> list[str]:
    """Write mutmut's settings for ``module`` into the copy; return the tests that exist."""
    tests = [test for test in module.tests if (workdir / test).exists()]
    pyproject = (workdir / "pyproject.toml").read_text().split("\n[tool.mutmut]\n")[0]
    settings = {
        "source_paths": ["shared", "tenants", "network", "billing"],
        "only_mutate": [module.path],
        "also_copy": ["platform", "conftest.py", "bench", "manage.py"],
        "pytest_add_cli_args_test_selection": tests,
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-q", "-x"],
        "use_git_change_detection": False,
    }
    lines = [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    (workdir / "pyproject.toml").write_text(
        pyproject.rstrip("\n") + "\n\n[tool.mutmut]\n" + "\n".join(lines) + "\n"
    )
    (workdir / "conftest.py").write_text(CONFTEST)
    shutil.rmtree(workdir / "mutants", ignore_errors=True)
    return tests


def mutant_prefix(module: Module) -> str:
    return module.path.removesuffix(".py").replace("/", ".") + "."


def wanted(module: Module, name: str) -> bool:
    if not module.functions:
        return True
    function = name.removeprefix(mutant_prefix(module)).split("__mutmut_")[0]
    return any(fnmatch.fnmatch(function, f"x_{pattern}") for pattern in module.functions)


def mutmut(workdir: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MUTMUT), *args], cwd=workdir, env=env, capture_output=True, text=True, check=False
    )


def run_module(
    workdir: Path,
    module: Module,
    env: dict[str, str],
    sample: int,
    rng: random.Random,
    children: int,
) -> Outcome:
    outcome = Outcome(module)
    tests = configure(workdir, module)
    if not tests:
        outcome.error = "no tests"
        return outcome
    names = [f"{mutant_prefix(module)}*"]
    if module.functions:
        names = [f"{mutant_prefix(module)}x_{function}__mutmut_*" for function in module.functions]
    if sample:
        # A pass over a mutant that cannot exist generates every mutant and the stats.
        mutmut(workdir, env, "run", "--max-children", "1", "no.such.mutant")
        generated = sorted(name for name in all_mutants(workdir, module) if wanted(module, name))
        names = rng.sample(generated, min(sample, len(generated)))
    result = mutmut(workdir, env, "run", "--max-children", str(children), *names)
    results = all_mutants(workdir, module)
    if not results:
        outcome.error = (result.stdout + result.stderr)[-2000:]
        return outcome
    chosen = {
        name: code
        for name, code in results.items()
        if wanted(module, name) and (not sample or name in names)
    }
    if chosen and all(code is None for code in chosen.values()):
        # mutmut stops before the mutants when the tests fail on the unmutated code.
        outcome.error = "not checked: " + (result.stdout + result.stderr)[-1500:]
        return outcome
    for name, code in sorted(chosen.items()):
        if code in KILLED_CODES:
            outcome.killed.append(name)
        else:
            outcome.survived.append(name)
    for name in outcome.mattering:
        outcome.diffs[name] = mutmut(workdir, env, "show", name).stdout.strip()
    return outcome


def all_mutants(workdir: Path, module: Module) -> dict[str, int | None]:
    meta = workdir / "mutants" / f"{module.path}.meta"
    if not meta.exists():
        return {}
    return json.loads(meta.read_text())["exit_code_by_key"]


def database_env() -> dict[str, str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env["IDESLUSS_TEST_DB_NAME"] = env.get("IDESLUSS_TEST_DB_NAME", "test_idesluss") + "_mutation"
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", default="", help="comma-separated names (default: all)")
    parser.add_argument("--sample", type=int, default=0, help="mutants per module (0: all)")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--ref", default=None, help="mutate this commit instead of the tree")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "idesluss-mutation"
    )
    args = parser.parse_args()
    chosen = [m for m in MODULES if not args.modules or m.name in args.modules.split(",")]
    copy_tree(args.workdir, args.ref)
    env, rng = database_env(), random.Random(args.seed)
    outcomes = []
    for module in chosen:
        outcome = run_module(args.workdir, module, env, args.sample, rng, args.max_children)
        outcomes.append(outcome)
        if outcome.error:
            print(f"{module.name:16} {module.path}: not run ({outcome.error.strip()[-300:]})")
        else:
            print(
                f"{module.name:16} {module.path}: killed={len(outcome.killed)} "
                f"survived={len(outcome.survived)} score={outcome.score:.2f}",
                flush=True,
            )
            for name in outcome.survived:
                note = EQUIVALENT.get(name, "matters")
                print(f"    survived {name}: {note}", flush=True)
    mattering = [(o, name) for o in outcomes for name in o.mattering]
    if mattering:
        print("\nSurvivors that matter (not declared equivalent):")
        for outcome, name in mattering:
            print(f"\n## {name}\n{outcome.diffs.get(name, '')}")
    ran = [o for o in outcomes if not o.error and o.total]
    killed = sum(len(o.killed) for o in ran)
    survived = sum(len(o.survived) for o in ran)
    total = killed + survived
    worst = min((o.score for o in ran), default=0.0)
    print(
        f"mutation modules={len(ran)} killed={killed} survived={survived} "
        f"score={killed / total if total else 0:.3f} worst_module_score={worst:.3f}"
    )
    return 1 if mattering or len(ran) < len(chosen) else 0


if __name__ == "__main__":
    sys.exit(main())
