// The search page: a small UI over Pagefind's JS API (the bundle in /pagefind/).
// No inline scripts or styles, so it runs under the site's Content-Security-Policy;
// the query, filters and order live in the URL, so a search can be shared and the
// back button steps through the searches made here.

const PAGE_SIZE = 5;
// The Pagefind filters of entry.html shown as facets (and read from the URL), in order.
const FACETS = [
  ["thread", "Thread", "threads"],
  ["actor", "Actor", "actors"],
  ["topic", "Topic", "topics"],
  ["year", "Year", "years"],
  ["month", "Month", "months"],
  ["trend", "Trend", "trends"],
  ["assessment", "Week's assessment", "assessments"],
  ["indicator", "Watch indicator", "indicators"],
];
const FACET_SHOWN = 8; // values listed before "Show all"
const TRENDS = ["escalating", "steady", "de-escalating"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const sortSelect = document.getElementById("search-sort");
const order = form.querySelector(".search-order");
const facetsToggle = document.getElementById("facets-toggle");
const facetsBox = document.getElementById("search-facets");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");

let pagefind = null;
let current = readState(""); // the search on screen
let found = []; // its Pagefind results, of which `list` shows the first few
let latest = 0; // number of the newest search; a slower older one drops its results
let facetsBuilt = false;

form.hidden = false;

// --- State and URL ----------------------------------------------------------------

function readState(search) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const [key] of FACETS) filters[key] = params.getAll(key).filter(Boolean);
  return {
    q: (params.get("q") || "").trim(),
    sort: params.get("sort") === "relevance" ? "relevance" : "date",
    filters,
  };
}

function stateSearch(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [key] of FACETS) {
    for (const value of state.filters[key]) params.append(key, value);
  }
  if (state.sort === "relevance") params.set("sort", "relevance");
  const text = params.toString();
  return text ? `?${text}` : "";
}

function formState() {
  const filters = {};
  for (const [key] of FACETS) {
    const boxes = facetsBox.querySelectorAll(`input[name="${key}"]:checked`);
    filters[key] = facetsBuilt ? [...boxes].map((box) => box.value) : current.filters[key];
  }
  return {
    q: input.value.trim(),
    sort: sortSelect.value === "relevance" ? "relevance" : "date",
    filters,
  };
}

function showState(state) {
  input.value = state.q;
  sortSelect.value = state.sort === "relevance" ? "relevance" : "";
  for (const box of facetsBox.querySelectorAll("input[type=checkbox]")) {
    box.checked = state.filters[box.name].includes(box.value);
  }
}

function hasFilters(state) {
  return FACETS.some(([key]) => state.filters[key].length > 0);
}

function pagefindOptions(state) {
  const filters = {};
  for (const [key] of FACETS) {
    if (state.filters[key].length) filters[key] = { any: state.filters[key] };
  }
  return state.sort === "date" ? { filters, sort: { date: "desc" } } : { filters };
}

// --- Facets -------------------------------------------------------------------------

function orderedValues(key, counts) {
  const values = Object.keys(counts);
  if (key === "year" || key === "month") return values.sort((a, b) => b.localeCompare(a));
  if (key === "trend") return TRENDS.filter((t) => t in counts);
  return values.sort((a, b) => counts[b] - counts[a] || a.localeCompare(b));
}

function buildFacets(available) {
  const fieldsets = [];
  for (const [key, label, plural] of FACETS) {
    const counts = available[key] || {};
    // A value in the URL that the index lacks still gets a box, so it can be unticked.
    for (const value of current.filters[key]) counts[value] ??= 0;
    if (Object.keys(counts).length === 0) continue;
    const fieldset = document.createElement("fieldset");
    fieldset.className = "facet";
    fieldset.dataset.facet = key;
    const legend = document.createElement("legend");
    legend.textContent = label;
    const values = document.createElement("ul");
    values.className = "facet-values";
    orderedValues(key, counts).forEach((value, index) => {
      values.append(facetValue(key, value, index, counts[value]));
    });
    fieldset.append(legend, values);
    if (values.children.length > FACET_SHOWN) fieldset.append(showAllButton(fieldset, plural));
    fieldsets.push(fieldset);
  }
  facetsBox.replaceChildren(...fieldsets);
  facetsBuilt = true;
  showState(current);
}

function facetValue(key, value, index, total) {
  const item = document.createElement("li");
  item.className = "facet-value";
  item.dataset.value = value;
  item.dataset.total = String(total);
  const box = document.createElement("input");
  box.type = "checkbox";
  box.name = key;
  box.value = value;
  box.id = `facet-${key}-${index}`;
  const label = document.createElement("label");
  label.htmlFor = box.id;
  const name = document.createElement("span");
  name.textContent = key === "month" ? monthName(value) : value;
  const count = document.createElement("span");
  count.className = "facet-count";
  label.append(name, " ", count);
  item.append(box, label);
  return item;
}

function showAllButton(fieldset, plural) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "facet-more";
  button.setAttribute("aria-expanded", "false");
  button.textContent = `Show all ${plural}`;
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? `Show fewer ${plural}` : `Show all ${plural}`;
    fieldset.classList.toggle("facet-open", open);
    limitFacet(fieldset);
  });
  return button;
}

// Counts are those of the search on screen, and order the values; values it lacks are
// hidden unless ticked.
function updateFacets(counts) {
  const focused = document.activeElement;
  for (const fieldset of facetsBox.querySelectorAll("fieldset")) {
    const key = fieldset.dataset.facet;
    const known = counts?.[key];
    const items = [...fieldset.querySelectorAll(".facet-value")];
    const tally = {};
    for (const item of items) {
      const box = item.querySelector("input");
      const count = known ? (known[box.value] ?? 0) : null;
      tally[box.value] = count ?? Number(item.dataset.total);
      item.querySelector(".facet-count").textContent = count === null ? "" : `(${count})`;
      item.dataset.empty = String(count === 0 && !box.checked);
    }
    const place = new Map(orderedValues(key, tally).map((value, index) => [value, index]));
    const at = (item) => place.get(item.dataset.value) ?? items.length;
    items.sort((a, b) => at(a) - at(b));
    fieldset.querySelector(".facet-values").append(...items);
    limitFacet(fieldset);
  }
  if (focused && facetsBox.contains(focused) && document.activeElement !== focused) {
    focused.focus();
  }
}

function limitFacet(fieldset) {
  const open = fieldset.classList.contains("facet-open");
  const items = [...fieldset.querySelectorAll(".facet-value")];
  const wanted = new Set(items.filter((item) => item.dataset.empty !== "true"));
  let listed = 0;
  for (const item of items) {
    const ticked = item.querySelector("input").checked;
    item.hidden = !wanted.has(item) || (!open && !ticked && listed >= FACET_SHOWN);
    if (!item.hidden) listed += 1;
  }
  const more = fieldset.querySelector(".facet-more");
  if (more) more.hidden = wanted.size <= FACET_SHOWN;
  fieldset.hidden = listed === 0;
}

async function openFacets() {
  facetsToggle.setAttribute("aria-expanded", "true");
  facetsBox.hidden = false;
  if (facetsBuilt) return;
  facetsBox.setAttribute("aria-busy", "true");
  buildFacets(await pagefind.filters());
  facetsBox.removeAttribute("aria-busy");
  if (!current.q && !hasFilters(current)) return updateFacets(null);
  // Every filter is loaded now, so the same search also counts every value.
  const token = latest;
  const search = await pagefind.search(current.q || null, pagefindOptions(current));
  if (search && token === latest) updateFacets(search.filters);
}

function toggleFacets() {
  if (facetsToggle.getAttribute("aria-expanded") === "true") {
    facetsToggle.setAttribute("aria-expanded", "false");
    facetsBox.hidden = true;
  } else {
    openFacets();
  }
}

// --- Results ------------------------------------------------------------------------

function monthName(value) {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  return match ? `${MONTHS[Number(match[2]) - 1]} ${match[1]}` : value;
}

function longDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  if (!match) return iso || "";
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}`;
}

function resultItem(data) {
  const meta = data.meta || {};
  const item = document.createElement("li");
  item.className = "card search-result";
  const heading = document.createElement("h3");
  heading.className = "card-title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = meta.title || data.url;
  heading.append(link);
  const line = document.createElement("p");
  line.className = "meta";
  if (meta.date) {
    const time = document.createElement("time");
    time.dateTime = meta.date;
    time.textContent = longDate(meta.date);
    line.append(time);
  }
  if (meta.thread) line.append(meta.date ? ` · ${meta.thread}` : meta.thread);
  item.append(heading, line);
  // Where the entry's thread stood that week (entry.html's kicker), with the reason.
  if (meta.assessment) {
    const assessment = document.createElement("p");
    assessment.className = "assessment";
    assessment.textContent = meta.assessment_reason
      ? `${meta.assessment} — ${meta.assessment_reason}`
      : meta.assessment;
    item.append(assessment);
  }
  if (meta.summary) {
    const summary = document.createElement("p");
    summary.className = "summary";
    summary.textContent = meta.summary;
    item.append(summary);
  }
  return item;
}

function nextPages(start) {
  return Promise.all(found.slice(start, start + PAGE_SIZE).map((result) => result.data()));
}

function showPages(pages) {
  const items = pages.map(resultItem);
  list.append(...items);
  moreButton.hidden = list.children.length >= found.length;
  return items;
}

async function showMore() {
  const token = latest;
  const pages = await nextPages(list.children.length);
  if (token !== latest) return;
  const items = showPages(pages);
  if (items.length) items[0].querySelector("a").focus();
}

function describe(state, count) {
  const noun = count === 1 ? "entry" : "entries";
  const parts = [count === 0 ? "No entries found" : `${count} ${noun} found`];
  if (state.q) parts.push(`for “${state.q}”`);
  if (hasFilters(state)) parts.push("with the chosen filters");
  const sentence = parts.join(" ");
  if (count === 0) return `${sentence}.`;
  return `${sentence}, ${state.sort === "relevance" ? "best match first" : "newest first"}.`;
}

// The previous results stay on screen until the new ones are ready to replace them.
async function run(state) {
  const token = ++latest;
  current = state;
  showState(state);
  if (!state.q && !hasFilters(state)) {
    found = [];
    list.replaceChildren();
    moreButton.hidden = true;
    order.hidden = true;
    updateFacets(null);
    statusLine.textContent = "Type a word or a name, or choose a filter.";
    return;
  }
  const search = await pagefind.search(state.q || null, pagefindOptions(state));
  if (token !== latest || !search) return;
  found = search.results;
  const pages = await nextPages(0);
  if (token !== latest) return;
  list.replaceChildren();
  showPages(pages);
  order.hidden = false;
  updateFacets(search.filters);
  statusLine.textContent = describe(state, found.length);
}

// --- Wiring -------------------------------------------------------------------------

function navigate() {
  const state = formState();
  const search = stateSearch(state);
  if (search !== location.search) history.pushState(null, "", location.pathname + search);
  run(state);
}

async function start() {
  statusLine.textContent = "Loading search…";
  try {
    pagefind = await import(`${form.dataset.bundle}pagefind.js`);
    // No worker: one search of this index takes milliseconds, and the worker's script
    // would add 40 KB to the first search.
    await pagefind.options({ baseUrl: form.dataset.base, noWorker: true });
  } catch (error) {
    statusLine.textContent = "Search is not available: its index could not be loaded.";
    form.querySelector(".search-facets").hidden = true;
    console.warn(error);
    return;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    navigate();
  });
  facetsBox.addEventListener("change", navigate);
  sortSelect.addEventListener("change", navigate);
  facetsToggle.addEventListener("click", toggleFacets);
  moreButton.addEventListener("click", showMore);
  window.addEventListener("popstate", () => run(readState(location.search)));
  const state = readState(location.search);
  await run(state);
  if (hasFilters(state)) await openFacets();
}

start();
