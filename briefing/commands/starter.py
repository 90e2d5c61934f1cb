"""What `init` writes: a briefing's files as text, made by pure functions.

The layout is the one every command looks for by default: content/ beside the site's own
settings for Netlify and CI, no templates/ (the theme comes with the package; a
templates/ folder made later overrides it file by file).
"""

from __future__ import annotations

import datetime as dt
import json

from briefing.site.urls import slugify

SITE_YAML = """\
# The briefing's settings. Every command reads this file from content/.

# The briefing's name: in every page's title, the header and the feeds. Required.
title: {title}

# One sentence on what the briefing follows: the home page, feeds and search engines show it.
description: Dated notes on the stories we follow, in our own words, with their sources.

# Where the site is published, ending in "/". Required. It may have a path
# (https://example.org/briefing/): every link then works under it. Netlify builds pass
# their own address with --base-url, so this one is for other hosts and local builds.
base_url: https://example.org/

# The language of the pages (<html lang>) and feeds.
language: en

# An IANA time zone name: a date written without a time is the start of that day here.
timezone: UTC

# Lists longer than this are split into pages (page N at <list>/page/N/).
page_size: 50

# Raw HTML in Markdown is shown as text unless this is true: keep it false unless every
# editor is trusted.
allow_html: false

# Weekly "as of" pages that show each thread as it stood at the end of a week.
snapshots: true
"""

ACTORS_YAML = """\
# The people, countries, organisations and groups the entries name. An entry may name an
# actor by its id, its name or any alias, in any letter case; a name or an alias may
# belong to one actor only. Add one with:
#   briefing new actor "Full Name" --kind person --alias "Short Name"
#
# An example, to copy without the leading "# ":
# - id: jane-doe                 # a lowercase ASCII slug: the page is /actors/jane-doe/
#   name: Jane Doe
#   kind: person                 # person | country | organization | group
#   aliases: [Doe, Mayor Doe]
#   description: Mayor of the city since 2021.
#
# The record below is named by the example entry: delete both when you start.
- id: our-newsroom
  name: Our newsroom
  kind: organization
  description: The people who write this briefing.
"""

TOPICS_YAML = """\
# What the entries are about. An entry may name a topic by its id or its name.
# Add one with:
#   briefing new topic "Water supply" --description "Pipes, reservoirs and prices."
#
# An example, to copy without the leading "# ":
# - id: water-supply             # a lowercase ASCII slug: the page is /topics/water-supply/
#   name: Water supply
#   description: Pipes, reservoirs and what water costs.
#
# The record below is named by the example entry: delete both when you start.
- id: about-this-briefing
  name: About this briefing
  description: How the briefing is made.
"""

THREAD_ID = "getting-started"
THREAD = """\
---
title: Getting started
summary: An example thread that shows how a briefing is laid out; replace it with a story you follow.
status: active   # active | watch | resolved
started: {day}
# indicators:    # signs the editors watch for; entries say which ones they show
#   - id: first-reader-writes-in
#     text: A reader writes in about the briefing
---
A thread is a story the briefing follows over weeks or months: its background goes here,
in Markdown, and its page lists every entry on it by month.

Start one of your own with `briefing new thread my-story "My story"`.
"""

ENTRY_TITLE = "This briefing has started"
ENTRY = """\
---
title: {title}
summary: The first entry of a new briefing, written to show the fields every entry has.
date: {day}
thread: {thread}
actors: [our-newsroom]
topics: [about-this-briefing]
sources:
  - publisher: Our newsroom
    title: How this briefing is made
    url: https://example.net/how-this-briefing-is-made/
    published: {day}
# trend: steady   # escalating | steady | de-escalating, with a trend_reason
---
An entry sums up one news report in the editor's own words, with its sources. Write the
next one with `briefing new "A title" --thread {thread}`, and see it at once with
`briefing serve`.

Delete this entry, its thread and the two example records in `actors.yaml` and
`topics.yaml` once the briefing has entries of its own.
"""

GITIGNORE = """\
# What the build writes: the site, its staging folders and the build cache.
/site/
/.site.*
/.cache/
.venv/
__pycache__/
"""

REQUIREMENTS = """\
# Where the briefing generator is installed from, for Netlify and CI.
{requirement}
"""
UNKNOWN_REQUIREMENT = """\
# Name it here: a git URL with a tag or commit, a wheel's URL, or a package index name,
# for example: briefing @ git+https://git.example.org/tools/briefing.git@v{version}"""

CI_WORKFLOW = """\
# Checks and builds the briefing on every push and pull request, and keeps the site.
name: Build

on:
  push:
  pull_request:

permissions:
  contents: read

jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4

      - uses: actions/setup-python@v5
        with:
          python-version: '3.11'
          cache: pip
          cache-dependency-path: requirements.txt

      - name: Install the generator
        run: |
          if ! grep -q '^[^#[:space:]]' requirements.txt; then
            echo "::error file=requirements.txt::say where the briefing generator is installed from"
            exit 1
          fi
          python -m pip install -r requirements.txt

      - name: Check content and links
        run: briefing check

      # The build cache and the last site persist between runs: a commit that changes one
      # entry renders only the pages it reaches, and Pagefind writes only the changed pages'
      # fragments. The cache checks itself: one from another generator version is not used.
      - name: Restore the build cache and the last site
        uses: actions/cache@v4
        with:
          path: |
            .cache/briefing
            site
          key: briefing-${{ runner.os }}-${{ hashFiles('requirements.txt') }}-${{ github.sha }}
          restore-keys: |
            briefing-${{ runner.os }}-${{ hashFiles('requirements.txt') }}-

      - name: Build the site with search
        run: briefing build

      - uses: actions/upload-artifact@v4
        with:
          name: site
          path: site/
          if-no-files-found: error
"""

NETLIFY_BUILD = """\
# Netlify builds and publishes the site; the headers let exactly what the site uses.

[build]
  # Production: canonical links, feeds and the sitemap point at the site's main URL.
  command = "python -m pip install -r requirements.txt && briefing build --base-url \\"${URL%/}/\\""
  publish = "site"

[build.environment]
  PYTHON_VERSION = "3.11"

# Previews and branch deploys link to themselves, so their feeds and sitemap work there.
[context.deploy-preview]
  command = "python -m pip install -r requirements.txt && briefing build --base-url \\"${DEPLOY_PRIME_URL%/}/\\""

[context.branch-deploy]
  command = "python -m pip install -r requirements.txt && briefing build --base-url \\"${DEPLOY_PRIME_URL%/}/\\""

# Warm deploys: Netlify's cache keeps the build cache and the last site between builds (the
# plugin restores them before the build and saves them after a successful one), so a commit
# that changes one entry renders only the pages it reaches. The cache checks itself, and the
# restored site is used only where every file holds what the last build wrote.
[[plugins]]
  package = "netlify-plugin-cache"
  [plugins.inputs]
    paths = [".cache/briefing", "site"]
"""

# The same headers as the generator's own netlify.toml (a test keeps the two alike).
NETLIFY_HEADERS = """
[[headers]]
  for = "/*"
  [headers.values]
    # 'wasm-unsafe-eval': Pagefind compiles its WebAssembly search core in the browser.
    Content-Security-Policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    Strict-Transport-Security = "max-age=31536000"
    X-Content-Type-Options = "nosniff"
    X-Frame-Options = "DENY"
    Referrer-Policy = "strict-origin-when-cross-origin"
    Permissions-Policy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"

# Content-hashed: a changed file gets a new name, so browsers may keep these for a year.
[[headers]]
  for = "/assets/*"
  [headers.values]
    Cache-Control = "public, max-age=31536000, immutable"
""" + "".join(
    f"""
[[headers]]
  for = "{path}"
  [headers.values]
    Cache-Control = "public, max-age=31536000, immutable"
"""
    for path in (
        "/pagefind/fragment/*",
        "/pagefind/index/*",
        "/pagefind/filter/*",
        "/pagefind/*.pf_meta",
    )
)


def starter_files(
    title: str, day: dt.date, requirement: str | None, version: str
) -> dict[str, str]:
    """Every file of a new briefing, by its path inside the briefing's folder."""
    entry_name = f"{day.isoformat()}-{slugify(ENTRY_TITLE)}.md"
    return {
        "content/site.yaml": SITE_YAML.format(title=json.dumps(title, ensure_ascii=False)),
        "content/actors.yaml": ACTORS_YAML,
        "content/topics.yaml": TOPICS_YAML,
        f"content/threads/{THREAD_ID}.md": THREAD.format(day=day.isoformat()),
        f"content/entries/{day:%Y}/{entry_name}": ENTRY.format(
            title=ENTRY_TITLE, day=day.isoformat(), thread=THREAD_ID
        ),
        ".gitignore": GITIGNORE,
        "requirements.txt": REQUIREMENTS.format(
            requirement=requirement or UNKNOWN_REQUIREMENT.format(version=version)
        ),
        "netlify.toml": NETLIFY_BUILD + NETLIFY_HEADERS,
        ".github/workflows/build.yml": CI_WORKFLOW,
    }
