"""How build_bench.py reports its rows: printed lines, a Markdown table, an SVG chart."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    size: int  # entries in the corpus
    name: str
    wall: float  # medians, seconds
    cpu: float
    peak_mb: float  # largest single process, the largest of the runs
    hugo_wall: float | None  # the Hugo runs this row is compared with
    hugo_peak_mb: float | None
    total: int  # bytes in the output folder after the build
    without_search: int  # the same without the pagefind/ bundle
    largest: int  # bytes of the largest HTML page
    largest_path: str

    @property
    def is_hugo(self) -> bool:
        return self.name.startswith("Hugo")


def _ratio(ours: float, theirs: float | None) -> str:
    return f"{ours / theirs:.2f}" if theirs else ""


TEXT_HEADER = (
    f"{'entries':>7} {'what':<44} {'wall s':>7} {'cpu s':>7} {'peak MB':>7} {'×H wall':>7} "
    f"{'×H mem':>6} {'MB out':>7} {'w/o pf':>7} {'top KB':>7}  largest page"
)


def text_row(row: Row) -> str:
    return (
        f"{row.size:>7} {row.name[:44]:<44} {row.wall:>7.2f} {row.cpu:>7.2f} {row.peak_mb:>7.0f} "
        f"{_ratio(row.wall, row.hugo_wall):>7} {_ratio(row.peak_mb, row.hugo_peak_mb):>6} "
        f"{row.total / 1e6:>7.1f} {row.without_search / 1e6:>7.1f} {row.largest / 1e3:>7.1f}  "
        f"{row.largest_path}"
    )


def markdown_table(rows: list[Row]) -> str:
    """The rows as the README shows them: ours first, then Hugo's, for each size."""
    lines = [
        "| entries | build | wall s | CPU s | peak MB | × Hugo (wall) | × Hugo (memory) "
        "| MB written (without search) | largest page (KB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in sorted(rows, key=lambda r: (r.size, r.is_hugo)):
        written = f"{row.total / 1e6:.1f}"
        if row.without_search != row.total:
            written += f" ({row.without_search / 1e6:.1f})"
        lines.append(
            f"| {row.size:,} | {row.name} | {row.wall:.2f} | {row.cpu:.2f} | {row.peak_mb:.0f} "
            f"| {_ratio(row.wall, row.hugo_wall)} | {_ratio(row.peak_mb, row.hugo_peak_mb)} "
            f"| {written} | {row.largest / 1e3:.1f} `{row.largest_path}` |"
        )
    return "\n".join(lines)


def replace_block(readme: str, kind: str, table: str) -> str:
    """The README with the table between its markers for this corpus replaced."""
    start, end = f"<!-- build_bench {kind} corpus -->", f"<!-- /build_bench {kind} corpus -->"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(readme):
        raise SystemExit(f"the README has no '{start}' ... '{end}' block to replace")
    return pattern.sub(lambda _: f"{start}\n{table}\n{end}", readme, count=1)


# (row name, label, colour, dashed): what the chart draws
SERIES = (
    ("cold, search excluded", "briefing cold", "#0b57a4", False),
    ("deploy as on Netlify: fresh checkout, no site, cache restored",
     "briefing deploy (Netlify)", "#6a3d9a", False),
    ("one entry's title edited", "briefing title edit", "#1d6b34", False),
    ("one entry's body edited", "briefing body edit", "#4f9d5d", False),
    ("no-op rebuild (warm cache)", "briefing no-op", "#7a5c00", False),
    ("Hugo", "Hugo", "#a4221b", True),
    ("Hugo + Pagefind (entry pages)", "Hugo + Pagefind", "#d9730d", True),
)  # fmt: skip


def nice_step(top: float) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving at most five ticks to top."""
    step = 10 ** math.floor(math.log10(top / 5)) if top > 0 else 1.0
    return next(step * k for k in (1, 2, 5, 10) if top / (step * k) <= 5)


def chart(rows: list[Row], path: Path) -> None:
    """Build time against corpus size, for us and Hugo as measured in this run."""
    drawn = {name for name, *_ in SERIES}
    walls = {(r.size, r.name): r.wall for r in rows if r.name in drawn}
    sizes = sorted({r.size for r in rows})
    step = nice_step(max(walls.values(), default=1.0))
    top = step * math.ceil(max(walls.values(), default=1.0) / step)
    w, h, left, bottom, legend = 640, 360, 60, 40, 200

    def xy(i: int, value: float) -> tuple[float, float]:
        x = left + (w - left - legend) * (i / max(1, len(sizes) - 1))
        return x, h - bottom - (h - bottom - 30) * value / top

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">',
             '<rect width="100%" height="100%" fill="#fff"/>',
             f'<text x="{left}" y="14">Build time (s, median) against corpus size (entries)</text>']  # fmt: skip
    for i, size in enumerate(sizes):
        x, _ = xy(i, 0)
        parts.append(f'<text x="{x}" y="{h - 20}" text-anchor="middle">{size:,}</text>')
    for tick in range(round(top / step) + 1):
        value = step * tick
        _, y = xy(0, value)
        parts.append(f'<text x="{left - 8}" y="{y + 4}" text-anchor="end">{value:g}</text>')
        parts.append(f'<line x1="{left}" x2="{w - legend}" y1="{y}" y2="{y}" stroke="#ddd"/>')
    for n, (name, label, colour, dashed) in enumerate(SERIES):
        points = [xy(i, walls[s, name]) for i, s in enumerate(sizes) if (s, name) in walls]
        if not points:
            continue
        d = " ".join(f"{'M' if k == 0 else 'L'}{x:.1f},{y:.1f}" for k, (x, y) in enumerate(points))
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        parts.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        x, y = w - legend + 20, 40 + 18 * n
        parts.append(f'<line x1="{x}" x2="{x + 24}" y1="{y - 4}" y2="{y - 4}" stroke="{colour}" stroke-width="2"{dash}/>')  # fmt: skip
        parts.append(f'<text x="{x + 30}" y="{y}" fill="{colour}">{label}</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
