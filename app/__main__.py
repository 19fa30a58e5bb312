"""`python -m app` runs the same entry point as the `confidant` command.

Secrets given in the environment leave it before anything else runs (see app/cli/environment.py).
"""

from app.cli.environment import take_secrets

take_secrets()

from app.cli import main  # noqa: E402 - after the secrets are out of the environment

raise SystemExit(main())
