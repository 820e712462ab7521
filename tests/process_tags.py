"""Finding a run's leftover processes: every process started by a test run
carries a unique tag in its environment, which survives reparenting."""
import os
import uuid

TAG_VARIABLE = "XSB_TEST_PROCESS_TAG"


def new_tag():
    return uuid.uuid4().hex


def tagged_environment(tag, **extra):
    """os.environ plus the tag (and `extra`), for subprocess's env=."""
    return dict(os.environ, **{TAG_VARIABLE: tag}, **extra)


def processes_with_tag(tag):
    """Pids, other than this one, whose environment carries the tag."""
    needle = f"{TAG_VARIABLE}={tag}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if needle in f.read().split(b"\0"):
                    found.append(int(entry))
        except OSError:
            pass  # gone meanwhile, or not ours
    return found
