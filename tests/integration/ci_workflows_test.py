#!/usr/bin/env python3
"""The CI files users copy (ci/github-actions.yml, ci/gitlab-ci.yml) run
here, step by step and in order, so that a copied workflow cannot rot
(issue 25, item 4): each file is read with a parser of the YAML subset the
files are written in (PyYAML is not a dependency), then its commands run in
the checkout as the CI would, twice: a push to main (smoke A/B, compared,
recorded in a history) and then a pull request (the same, checked against
the history at its merge base with main). The smoke run is made tiny
through the files' own XSB_SMOKE_ARGS; the dependency step (sudo, apt) is
the one step not run, named as such."""
import os
import re
import subprocess
import tempfile
import unittest

import harness

ROOT = os.path.normpath(os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))
TINY = "--xsb_duration_s=1 --xsb_warmup_s=0.5"
NOT_RUN = "scripts/install-deps.sh"  # installs packages: needs root


def blocks(lines, start, indent):
    """The lines after `start` indented deeper than `indent`."""
    out = []
    for line in lines[start + 1:]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        out.append(line)
    return out


def scalar_or_block(lines, i, value, indent):
    """A `key: value` or `key: |` (block) value, as text."""
    if value.strip() != "|":
        return value.strip()
    body = [line for line in blocks(lines, i, indent)]
    cut = min(len(x) - len(x.lstrip()) for x in body if x.strip())
    return "\n".join(x[cut:] for x in body).strip() + "\n"


def mapping(lines, key, indent=0):
    """key: value pairs of the block under `key:` at `indent`."""
    at = lines.index(" " * indent + key + ":")
    found = {}
    for line in blocks(lines, at, indent):
        m = re.match(r"^\s+([A-Z_]+): (.*)$", line)
        if m:
            value = m.group(2)
            found[m.group(1)] = value[1:-1] if value[:1] == '"' else value
    return found


def github_steps(text):
    """(name, condition, command) of each `run` step, in order."""
    lines = text.splitlines()
    steps = []
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)- (name|uses): (.*)$", line)
        if not m:
            continue
        indent = len(m.group(1)) + 2
        step = {"name": m.group(3), "if": "", "run": ""}
        for j in range(i + 1, len(lines)):
            inner = lines[j]
            if inner.strip() and len(inner) - len(inner.lstrip()) < indent:
                break
            km = re.match(r"^\s{%d}(name|if|run): (.*)$" % indent, inner)
            if km:
                step[km.group(1)] = scalar_or_block(lines, j, km.group(2),
                                                    indent)
        if step["run"]:
            steps.append((step["name"], step["if"], step["run"]))
    return steps


def gitlab_script(text, job, key):
    """The commands of a job's script (or before_script) list."""
    lines = text.splitlines()
    start = lines.index(job + ":")
    at = next(i for i in range(start + 1, len(lines))
              if lines[i] == f"  {key}:")
    commands = []
    items = blocks(lines, at, 2)
    for k, line in enumerate(items):
        m = re.match(r"^    - (.*)$", line)
        if m:
            commands.append(scalar_or_block(items, k, m.group(1), 4))
    return commands


def github_condition(condition, event):
    if not condition:
        return True
    m = re.fullmatch(r"github\.event_name == '(\w+)'", condition)
    if not m:
        raise AssertionError(f"unsupported condition: {condition}")
    return m.group(1) == event


class Workflows(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        build = os.path.join(ROOT, "build", "bench", "xsb_bench")
        if os.path.realpath(harness.ARGS.bench) != os.path.realpath(build):
            raise unittest.SkipTest(
                "the workflows build with the default preset into build/; "
                f"this run's xsb_bench is {harness.ARGS.bench}")
        if subprocess.run(["git", "-C", ROOT, "rev-parse", "main"],
                          capture_output=True).returncode != 0:
            raise unittest.SkipTest("not a git checkout with a main branch: "
                                    "the check step needs a merge base")
        # The push to main recorded the commit the pull request branched
        # from: its merge base with main.
        cls.main_sha = subprocess.run(
            ["git", "-C", ROOT, "merge-base", "HEAD", "main"],
            capture_output=True, text=True).stdout.strip()

    def setUp(self):
        self.tmp = self.enterContext(tempfile.TemporaryDirectory())

    def read(self, name):
        with open(os.path.join(ROOT, "ci", name), encoding="utf-8") as f:
            return f.read()

    def env(self, defaults, **extra):
        env = dict(os.environ, **defaults, **extra)
        env.update(XSB_RESULTS=os.path.join(self.tmp, "results"),
                   XSB_HISTORY_DB=os.path.join(self.tmp, "history.sqlite"),
                   XSB_SMOKE_ARGS=TINY, XSB_BASE="main",
                   XSB_CHECK_ARGS="")
        return env

    def run_commands(self, commands, env):
        outputs = []
        for command in commands:
            done = subprocess.run(["bash", "-eo", "pipefail", "-c", command],
                                  cwd=ROOT, env=env, capture_output=True,
                                  text=True,
                                  timeout=600 * harness.time_scale())
            self.assertEqual(done.returncode, 0,
                             f"{command}\n{done.stdout[-2000:]}"
                             f"{done.stderr[-3000:]}")
            outputs.append(done.stdout + done.stderr)
        return "".join(outputs)

    def assert_pipeline_results(self, push_out, pr_out):
        self.assertIn("recorded: run 1,", push_out)
        self.assertIn("window: 1 run(s)", pr_out)
        self.assertRegex(pr_out, r"hp_p99_ms")
        with open(os.path.join(self.tmp, "results", "compare.md")) as f:
            self.assertIn("os-priority vs baseline", f.read())

    def test_github_actions(self):
        text = self.read("github-actions.yml")
        self.assertIn("pull_request:", text)
        self.assertIn("branches: [main]", text)
        steps = github_steps(text)
        names = [name for name, _, _ in steps]
        self.assertEqual(names, ["dependencies", "build", "smoke A/B",
                                 "record main",
                                 "check against the merge base"])
        defaults = mapping(text.splitlines(), "env")
        outputs = {}
        for event, extra in (("push", {"GITHUB_SHA": self.main_sha}),
                             ("pull_request", {"GITHUB_BASE_REF": "main"})):
            env = self.env(defaults, GITHUB_EVENT_NAME=event, **extra)
            outputs[event] = self.run_commands(
                [run for name, cond, run in steps
                 if github_condition(cond, event) and NOT_RUN not in run],
                env)
        self.assert_pipeline_results(outputs["push"], outputs["pull_request"])

    def test_gitlab_ci(self):
        text = self.read("gitlab-ci.yml")
        self.assertIn('$CI_PIPELINE_SOURCE == "merge_request_event"', text)
        self.assertEqual(gitlab_script(text, "xsb-smoke", "before_script"),
                         [NOT_RUN])
        commands = gitlab_script(text, "xsb-smoke", "script")
        self.assertEqual(len(commands), 6, commands)
        defaults = mapping(text.splitlines(), "variables")
        outputs = {}
        for source, extra in (
                ("push", {"CI_COMMIT_SHA": self.main_sha,
                          "CI_COMMIT_BRANCH": "main"}),
                ("merge_request_event",
                 {"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"})):
            env = self.env(defaults, CI_PIPELINE_SOURCE=source, **extra)
            outputs[source] = self.run_commands(commands, env)
        self.assert_pipeline_results(outputs["push"],
                                     outputs["merge_request_event"])


if __name__ == "__main__":
    harness.main()
