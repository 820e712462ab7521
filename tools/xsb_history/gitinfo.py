"""The git state of a checkout, through the git command. Every function
returns None (or []) where there is no git or no repository."""

import subprocess


def _git(args: list, cwd: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True,
                              text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def head_commit(cwd: str = ".") -> str:
    return _git(["rev-parse", "HEAD"], cwd)


def current_branch(cwd: str = ".") -> str:
    """The branch checked out; None on a detached HEAD."""
    name = _git(["rev-parse", "--abbrev-ref", "HEAD"], cwd)
    return None if name in (None, "HEAD") else name


def resolve(ref: str, cwd: str = ".") -> str:
    """The full SHA a ref names, or None."""
    return _git(["rev-parse", "--verify", "--quiet", ref + "^{commit}"], cwd)


def merge_base(a: str, b: str, cwd: str = ".") -> str:
    return _git(["merge-base", a, b], cwd)


def ancestors(commit: str, most: int, cwd: str = ".") -> list:
    """commit and its first-parent ancestors, newest first."""
    text = _git(["rev-list", "--first-parent", f"--max-count={most}",
                 commit], cwd)
    return text.split() if text else []
