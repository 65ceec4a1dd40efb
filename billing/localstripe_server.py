"""Run localstripe (a local, stateful stand-in for Stripe) on the loopback address only.

localstripe's own command listens on every address; the demo and the tests
need it on this machine only: ``python -m billing.localstripe_server PORT``.
It keeps nothing between runs.
"""

from __future__ import annotations

import logging
import sys


def main(port: int) -> None:
    from aiohttp import web
    from localstripe.server import app

    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8420)
