"""A page's layout as headless Chromium draws it: the problems a reader
would see at a given window size, found by a small script injected into a
copy of the page (the page itself stays script-free) and read back from
`--dump-dom`. Standard library only; Debian's `chromium`."""

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from typing import Optional

WIDTH, HEIGHT = 1400, 2000  # the window
TIMEOUT_S = 120
RESULT_ID = "xsb-browser-check"
_RESULT = re.compile(r'<pre id="' + RESULT_ID + r'">([^<]*)</pre>')
# Run after every image has loaded or failed (the load event): a <pre>
# whose text is wider than its box (cut off or scrolled), a block whose
# right edge passes the body's content column, an image that did not load.
_SCRIPT = """<script>
window.addEventListener("load", function () {
  var found = [], body = document.body;
  var right = body.getBoundingClientRect().right -
      parseFloat(getComputedStyle(body).paddingRight);
  function name(e) {
    return e.tagName.toLowerCase() + " '" +
        (e.textContent || e.getAttribute("alt") || "").trim()
            .split("\\n")[0].slice(0, 60) + "'";
  }
  document.querySelectorAll("pre").forEach(function (e) {
    if (e.scrollWidth > e.clientWidth + 1)
      found.push(name(e) + " overflows its box: " + e.scrollWidth +
                 " px of text in " + e.clientWidth + " px");
  });
  document.querySelectorAll("body > *, table, pre, img, svg")
      .forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.right > right + 1)
      found.push(name(e) + " passes the content column: right edge " +
                 Math.round(r.right) + " px > " + Math.round(right) + " px");
  });
  document.querySelectorAll("img").forEach(function (e) {
    if (!e.complete || e.naturalWidth === 0)
      found.push(name(e) + " did not load");
  });
  var out = document.createElement("pre");
  out.id = "%s";
  out.textContent = JSON.stringify(found);
  body.appendChild(out);
});
</script>""" % RESULT_ID


def chromium() -> Optional[str]:
    """The browser's path, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _with_probe(page: str) -> str:
    head, sep, tail = page.rpartition("</body>")
    if not sep:
        raise ValueError("the page has no </body>")
    return head + _SCRIPT + sep + tail


def layout_problems(path: str, browser: str, width: int = WIDTH,
                    height: int = HEIGHT) -> list[str]:
    """What is wrong with the page at path in a width x height window;
    raises RuntimeError when Chromium gives no answer."""
    with open(path, encoding="utf-8") as f:
        page = f.read()
    # Next to the page, so that relative image paths resolve as they do.
    fd, probe = tempfile.mkstemp(suffix=".html",
                                 dir=os.path.dirname(os.path.abspath(path)))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(_with_probe(page))
        done = subprocess.run(
            [browser, "--headless", "--disable-gpu", "--no-sandbox",
             "--no-first-run", "--disable-dev-shm-usage",
             f"--window-size={width},{height}",
             "--virtual-time-budget=5000", "--dump-dom",
             "file://" + os.path.abspath(probe)],
            capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    finally:
        os.unlink(probe)
    found = _RESULT.search(done.stdout)
    if found is None:
        raise RuntimeError(f"{browser} gave no layout answer (exit "
                           f"{done.returncode}): {done.stderr[-500:]}")
    return json.loads(html.unescape(found.group(1)))
