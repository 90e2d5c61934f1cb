"""Drive Debian's Chromium through Playwright: open pages, collect problems, run axe-core.

Only `/usr/bin/chromium` is used (no Playwright browser download); the launch flags keep
Chromium off the network it cannot reach here. Problems collected for every page:
console errors, uncaught page errors, Content-Security-Policy violations (a
`securitypolicyviolation` listener injected before any page script) and failed requests.
"""

from __future__ import annotations

import atexit
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from tests.support.tools import require_axe, require_chromium, require_playwright

if TYPE_CHECKING:
    from playwright.sync_api import Browser as PlaywrightBrowser
    from playwright.sync_api import ConsoleMessage, Page, Playwright, Request, Response

ColorScheme = Literal["light", "dark"]

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Runs before any script of the page, in every frame, and reports each violation
# through a binding (bindings are not subject to the page's CSP).
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', (event) => {
  const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : '';
  window.__briefingReportCsp(
    `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}${where}` +
    (event.sample ? ` (sample: ${event.sample})` : '')
  );
});
"""

AXE_RUN = """
async () => {
  const results = await axe.run(document, { resultTypes: ['violations'] });
  return results.violations;
}
"""


@dataclass
class PageProblems:
    """Everything that went wrong while a page loaded and ran."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        """Every problem, each prefixed with its kind."""
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"page error: {text}" for text in self.page_errors]
            + [f"CSP violation: {text}" for text in self.csp_violations]
            + [f"failed request: {text}" for text in self.failed_requests]
        )


class Browser:
    """A launched Chromium that opens pages with problem collection attached."""

    def __init__(self, browser: PlaywrightBrowser) -> None:
        self._browser = browser

    @contextmanager
    def page(
        self, color_scheme: ColorScheme = "light", *, bypass_csp: bool = False
    ) -> Iterator[tuple[Page, PageProblems]]:
        """A fresh context and page; the problems list fills as the page is used."""
        context = self._browser.new_context(color_scheme=color_scheme, bypass_csp=bypass_csp)
        problems = PageProblems()

        def report_csp(text: str) -> None:
            problems.csp_violations.append(text)

        context.expose_function("__briefingReportCsp", report_csp)
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        _collect(page, problems)
        try:
            yield page, problems
        finally:
            context.close()


def _collect(page: Page, problems: PageProblems) -> None:
    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location.get("url", "")
            problems.console_errors.append(f"{message.text} [{location}]")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            problems.failed_requests.append(f"{response.status} {response.url}")

    def on_request_failed(request: Request) -> None:
        problems.failed_requests.append(f"{request.failure} {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)


# One Playwright driver per process: a second sync_playwright() cannot start while another
# runs, and each test folder's conftest keeps its own session-long Chromium open.
_DRIVER: list[Playwright] = []


def _driver() -> Playwright:
    if not _DRIVER:
        from playwright.sync_api import sync_playwright

        _DRIVER.append(sync_playwright().start())
        atexit.register(_DRIVER[0].stop)
    return _DRIVER[0]


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """Launch Debian's Chromium headless, or skip/fail when it or Playwright is missing."""
    require_playwright()
    executable = require_chromium()
    browser = _driver().chromium.launch(
        executable_path=str(executable), headless=True, args=LAUNCH_ARGS
    )
    try:
        yield Browser(browser)
    finally:
        browser.close()


def load_axe() -> str:
    """axe-core's source, or skip/fail when node_modules lacks it."""
    return Path(require_axe()).read_text(encoding="utf-8")


def run_axe(page: Page, axe_source: str) -> list[dict[str, Any]]:
    """Inject axe-core into the page (CSP does not apply to evaluate) and return violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{ {axe_source}\n }}")
    violations: list[dict[str, Any]] = page.evaluate(AXE_RUN)
    return violations


def format_violations(violations: list[dict[str, Any]]) -> str:
    """A readable report of axe violations: rule, impact, help and each failing node."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation.get('helpUrl', '')}>"
        )
        for node in violation.get("nodes", [])[:5]:
            target = " ".join(str(part) for part in node.get("target", []))
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"    {target}: {summary}")
        if len(violation.get("nodes", [])) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more nodes")
    return "\n".join(lines)


# True once Pagefind's UI shows a result linking to an entry page (/YYYY/MM/DD/slug/).
_ENTRY_RESULT_SHOWN = """
() => [...document.querySelectorAll('[class*="pagefind"] a[href]')]
  .some((a) => /\\/\\d{4}\\/\\d{2}\\/\\d{2}\\/[^/]+\\/$/.test(new URL(a.href).pathname))
"""


def wait_for_search_results(page: Page, problems: PageProblems, timeout_ms: float = 15_000) -> None:
    """Wait until the search page lists an entry among its results; fail saying what went wrong."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_function(_ENTRY_RESULT_SHOWN, timeout=timeout_ms)
    except PlaywrightTimeoutError:
        text = " ".join(page.inner_text("body").split())[:500]
        scripts = page.eval_on_selector_all("script[src]", "els => els.map((e) => e.src)")
        raise AssertionError(
            f"{page.url}: no search result linking to an entry after {timeout_ms / 1000:.0f} s\n"
            f"scripts: {scripts}\npage text: {text}\nproblems: {problems.all()}"
        ) from None
