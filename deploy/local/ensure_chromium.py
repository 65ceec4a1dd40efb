"""Make sure Debian's Chromium is there for the browser tests; install it when we can.

Playwright's own browser download cannot work without internet, so the
browser tests drive /usr/bin/chromium. As root with apt-get, install it;
otherwise stop with the exact command to run. Never skip the browser tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
INSTALL_COMMAND = "sudo apt-get update && sudo apt-get install -y chromium"


def main() -> int:
    if os.path.exists(CHROMIUM):
        return 0
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Chromium is missing; installing Debian's chromium for the browser tests…")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
            check=True,
            env=env,
        )
        if os.path.exists(CHROMIUM):
            return 0
    print(
        f"The browser tests need Chromium at {CHROMIUM}, and it cannot be installed from here.\n"
        f"Install it with:\n\n    {INSTALL_COMMAND}\n\nthen run `make test` again.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
