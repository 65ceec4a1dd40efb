"""Make sure xmlsec1 is there: pysaml2 signs and checks SAML with it; install it when we can.

Logging in by an organisation's SAML provider (shared/sso/saml.py) and its
tests need Debian's xmlsec1. As root with apt-get, install it; otherwise stop
with the exact command to run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

INSTALL_COMMAND = "sudo apt-get update && sudo apt-get install -y xmlsec1"


def main() -> int:
    if shutil.which("xmlsec1"):
        return 0
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("xmlsec1 is missing; installing Debian's xmlsec1 for SAML…")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "xmlsec1"],
            check=True,
            env=env,
        )
        if shutil.which("xmlsec1"):
            return 0
    print(
        "SAML login and its tests need xmlsec1, and it cannot be installed from here.\n"
        f"Install it with:\n\n    {INSTALL_COMMAND}\n\nthen run `make test` again.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
