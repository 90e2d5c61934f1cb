"""What `serve` adds to HTML responses: the live-reload script and the error overlay (pure).

Nothing here is ever written into the built site. The script and stylesheet are
external files at reserved paths, so a page under a strict Content-Security-Policy
(no inline script or style) still reloads and still shows the overlay.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence

from briefing.render.words import counted

RESERVED = "/__briefing/"
SCRIPT = "livereload.js"
STYLE = "overlay.css"
EVENTS = "events"
OVERLAY_ID = "briefing-overlay"
WARNINGS_SENT = 200  # to each page: a large briefing can have thousands; the terminal has all

# The page knows the build (and the file) it was served from; the server says which build is
# current on connect and after every rebuild. A newer file: reload. Errors: show them in place.
# The overlay's heading: over the last good build, or where there has never been one.
AFTER_GOOD = "The last save has errors: this is the last good build"
NOTHING_BUILT = "The content has errors, so the site has not built: fix them and save"

LIVERELOAD_JS = """\
(() => {
  "use strict";
  const script = document.currentScript;
  let served = script ? script.dataset.generation : undefined;
  const built = !script || script.dataset.built !== "0";
  const events = new EventSource("/__briefing/events");
  // A newer build reloads the page only if it rewrote the page's file (its ETag changed):
  // a save that changes other pages, or the rest of a run after its edited pages, does not.
  const same = () => fetch(window.location.href, { method: "HEAD", cache: "no-store" })
    .then((r) => !!script.dataset.etag && r.headers.get("ETag") === script.dataset.etag, () => false);
  events.addEventListener("state", async (message) => {
    const state = JSON.parse(message.data);
    if (served !== undefined && String(state.generation) !== served) {
      served = String(state.generation);
      if (!(await same())) return (events.close(), window.location.reload());
    }
    show(state.errors, state.warnings, state.warning_count);
  });

  function show(errors, warnings, count) {
    let box = document.getElementById("briefing-overlay");
    if (!errors.length) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("aside");
      box.id = "briefing-overlay";
      box.setAttribute("role", "alert");
      document.body.append(box);
    }
    const heading = document.createElement("h2");
    heading.textContent = built ? AFTER_GOOD : NOTHING_BUILT;
    const list = document.createElement("pre");
    list.textContent = errors.join("\\n");
    box.replaceChildren(heading, list);
    if (warnings.length) {
      const more = document.createElement("details");
      const summary = document.createElement("summary");
      summary.textContent = `${count} warning${count === 1 ? "" : "s"}`;
      const text = document.createElement("pre");
      text.textContent = warnings.join("\\n");
      more.append(summary, text);
      box.append(more);
    }
  }
})();
""".replace("AFTER_GOOD", json.dumps(AFTER_GOOD)).replace(
    "NOTHING_BUILT", json.dumps(NOTHING_BUILT)
)

OVERLAY_CSS = """\
#briefing-overlay {
  position: fixed; inset: auto 0 0 0; z-index: 2147483647; max-height: 60vh; overflow: auto;
  margin: 0; padding: 1rem 1.25rem; background: #2b0b0e; color: #ffe8e8;
  border-top: 4px solid #ff4d5e; box-shadow: 0 -4px 24px rgb(0 0 0 / 40%);
  font: 14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
}
#briefing-overlay h2 { margin: 0 0 .5rem; font-size: 15px; color: #ff9ba5; }
#briefing-overlay pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: inherit; }
#briefing-overlay summary { margin-top: .75rem; cursor: pointer; color: #ffc2c8; }
"""

_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def overlay_html(errors: Sequence[str], warnings: Sequence[str], built: bool = True) -> str:
    """The overlay as server-rendered HTML (the script keeps it current afterwards)."""
    parts = [
        f'<aside id="{OVERLAY_ID}" role="alert">',
        f"<h2>{AFTER_GOOD if built else NOTHING_BUILT}</h2>",
        f"<pre>{html.escape(chr(10).join(errors))}</pre>",
    ]
    if warnings:
        parts.append(
            f"<details><summary>{counted(len(warnings), 'warning')}</summary>"
            f"<pre>{html.escape(chr(10).join(warnings[:WARNINGS_SENT]))}</pre></details>"
        )
    parts.append("</aside>")
    return "".join(parts)


def inject(
    page: bytes,
    generation: int,
    errors: Sequence[str],
    warnings: Sequence[str],
    *,
    built: bool = True,
    etag: str = "",
) -> bytes:
    """An HTML page with the reload script and stylesheet, and the overlay if there are errors.

    built: whether the site has ever built; if not, the overlay does not speak of a last good
    build.
    """
    head = (
        f'<link rel="stylesheet" href="{RESERVED}{STYLE}">'
        f'<script src="{RESERVED}{SCRIPT}" data-generation="{generation}"'
        f' data-built="{int(built)}" data-etag="{html.escape(etag)}" defer></script>'
    ).encode()
    page = _insert(page, _HEAD_END, head, at_start=True)
    if errors:
        box = overlay_html(errors, warnings, built).encode()
        page = _insert(page, _BODY_END, box, at_start=False)
    return page


def _insert(page: bytes, marker: re.Pattern[bytes], text: bytes, *, at_start: bool) -> bytes:
    """Put text before the last marker, or at the start (or end) of a page without one."""
    found = list(marker.finditer(page))
    if found:
        where = found[-1].start()
        return page[:where] + text + page[where:]
    return text + page if at_start else page + text


def state_event(generation: int, errors: Sequence[str], warnings: Sequence[str]) -> bytes:
    """One Server-Sent Event with the current build and its problems."""
    sent = list(warnings[:WARNINGS_SENT])
    data = json.dumps({"generation": generation, "errors": list(errors), "warnings": sent,
                       "warning_count": len(warnings)})  # fmt: skip
    return f"event: state\ndata: {data}\n\n".encode()


def placeholder_page(built: bool) -> bytes:
    """What is served before the first good build, or where the site has no 404 page."""
    body = "<h1>No page here</h1>" if built else "<h1>The site has not built yet</h1>"
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Preview</title></head><body>{body}</body></html>"
    ).encode()
