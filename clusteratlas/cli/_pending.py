"""A registered command that is not built yet says so and exits non-zero."""

from __future__ import annotations

from clusteratlas.loaders.errors import NotImplementedYetError


def pending(command: str, issue: int) -> None:
    """Raise: ``command`` is registered but not implemented (tracked in ``issue``)."""
    raise NotImplementedYetError(
        f"`clusteratlas {command}` is not built yet (issue #{issue}); nothing was done."
    )
