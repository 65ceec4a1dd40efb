"""Worker processes killed with SIGKILL while they run tasks, and what the mailbox shows after.

Used by ``test_worker_kills.py`` (CI) and ``bench/worker_kill.py`` (long runs).
A worker is a real ``celery worker`` process (prefork, one child) on the test's
database and broker. Kills alternate between the pool's child (the worker
hands the task back at once: ``task_reject_on_worker_lost``) and the whole
worker with its child (the broker hands it to the next worker after the
visibility timeout).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
QUEUES = "default,mail,provisioning"
VISIBILITY_TIMEOUT = 2


class Worker:
    """One ``celery worker`` process group, started and (maybe) killed."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.ready = threading.Event()
        self._log = log.open("a", encoding="utf-8")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config.celery",
                "worker",
                "-Q",
                QUEUES,
                "--pool=prefork",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
                "--hostname",
                f"kill-{os.getpid()}-{time.monotonic_ns()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._log.write(line)
            if " ready." in line:
                self.ready.set()

    def kill_child(self) -> bool:
        """SIGKILL the pool process (as the OOM killer would); False if there was none."""
        try:
            children = psutil.Process(self.process.pid).children()
        except psutil.NoSuchProcess:
            return False
        for child in children:
            os.kill(child.pid, signal.SIGKILL)
        return bool(children)

    def kill(self) -> None:
        """SIGKILL the worker and its child at once (a node lost)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


def worker_env(*, database: str, broker_url: str, mailbox: Path, pause_ms: int) -> dict[str, str]:
    """The environment of a worker process on the test's database, broker and mailbox."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.workers.worker_settings",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
            "IDESLUSS_WORKER_DB_NAME": database,
            "CELERY_BROKER_URL": broker_url,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "IDESLUSS_TEST_MAILBOX": str(mailbox),
            "IDESLUSS_TEST_MAIL_PAUSE_MS": str(pause_ms),
        }
    )
    return env


@dataclass
class Kills:
    child: int = 0
    whole: int = 0
    log: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.child + self.whole


def kill_repeatedly(
    env: dict[str, str], *, kills: int, log: Path, seed: int, startup_timeout: float = 60
) -> Kills:
    """Start workers and SIGKILL them ``kills`` times, each a random moment into its work."""
    rng = random.Random(seed)
    done = Kills()
    worker = Worker(env, log)
    while done.total < kills:
        if not worker.ready.wait(startup_timeout):
            worker.kill()
            raise RuntimeError(f"a worker did not start; see {log}")
        time.sleep(rng.uniform(0.1, 0.6))
        if done.total % 2 == 0 and worker.kill_child():
            done.child += 1
            # The main process forks a new child, which takes the next task.
            time.sleep(rng.uniform(0.2, 0.6))
            if done.total >= kills:
                break
        worker.kill()
        done.whole += 1
        worker = Worker(env, log)
    worker.stop()
    return done


def drain(env: dict[str, str], log: Path, *, finished: object, timeout: float) -> bool:
    """Run one worker until ``finished()`` holds or ``timeout`` passes; whether it held."""
    worker = Worker(env, log)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if finished():  # type: ignore[operator]
                return True
            time.sleep(0.2)
        return bool(finished())  # type: ignore[operator]
    finally:
        worker.stop()
