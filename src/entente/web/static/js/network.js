/* entente: the network page. Cytoscape.js draws actors and their signed relations for the
   chosen window and filters; clicking an edge opens the dyad (Chart.js), its "why" and evidence. */
"use strict";

(() => {
  const {el, path, query, getJSON, pageData, clear} = entente;
  const setup = pageData("setup");
  const BLOC_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7", "#9c755f"];
  const css = getComputedStyle(document.documentElement);
  const FRIENDLY = css.getPropertyValue("--friendly").trim() || "#1a9850";
  const HOSTILE = css.getPropertyValue("--hostile").trim() || "#d73027";

  const $ = (id) => document.getElementById(id);
  const size = $("window-size"), pos = $("window-pos"), label = $("window-label");
  const dimension = $("dimension"), minEvents = $("min-events");
  const state = {periods: [], since: setup.since, until: setup.until, selected: null, network: null, loading: null};

  // -- the window selector ------------------------------------------------------------------
  function periods(kind) {
    const first = (setup.facets.dates || {}).first, last = (setup.facets.dates || {}).last;
    if (!first || !last) return [];
    const out = [];
    let y = Number(first.slice(0, 4)), m = Number(first.slice(5, 7) || 1);
    const ly = Number(last.slice(0, 4)), lm = Number(last.slice(5, 7) || 12);
    if (kind === "year") for (; y <= ly; y++) out.push(String(y));
    if (kind === "month") {
      for (; y < ly || (y === ly && m <= lm); m++) {
        if (m > 12) { m = 1; y++; if (y > ly) break; }
        out.push(`${y}-${String(m).padStart(2, "0")}`);
        if (out.length > 1200) break;
      }
    }
    return out;
  }

  function applyWindow(reload = true) {
    if (size.value === "all") {
      pos.disabled = true; state.since = null; state.until = null; label.textContent = "all time";
    } else {
      state.periods = periods(size.value);
      pos.disabled = state.periods.length < 2;
      pos.max = String(Math.max(0, state.periods.length - 1));
      if (Number(pos.value) > Number(pos.max)) pos.value = pos.max;
      const p = state.periods[Number(pos.value)] || null;
      state.since = p; state.until = p; label.textContent = p || "no dates";
    }
    if (reload) load();
  }

  function initWindow() {
    if (setup.since && setup.since === setup.until) {
      size.value = setup.since.length === 4 ? "year" : "month";
      state.periods = periods(size.value);
      const i = state.periods.indexOf(setup.since);
      pos.max = String(Math.max(0, state.periods.length - 1));
      pos.value = String(Math.max(0, i));
      applyWindow(false);
    }
  }

  size.addEventListener("change", () => {
    state.periods = periods(size.value);
    pos.max = String(Math.max(0, state.periods.length - 1));
    pos.value = pos.max;  // start from the latest period
    applyWindow();
  });
  pos.addEventListener("input", () => applyWindow());
  $("window-prev").addEventListener("click", () => { if (!pos.disabled && Number(pos.value) > 0) { pos.value = String(Number(pos.value) - 1); applyWindow(); } });
  $("window-next").addEventListener("click", () => { if (!pos.disabled && Number(pos.value) < Number(pos.max)) { pos.value = String(Number(pos.value) + 1); applyWindow(); } });

  for (const d of setup.facets.dimensions || []) dimension.append(el("option", {value: d.dimension, text: `${d.dimension} (${d.n})`}));
  if (setup.dimension) dimension.value = setup.dimension;
  dimension.addEventListener("change", () => load());
  document.querySelectorAll("input[name=kind]").forEach((box) => box.addEventListener("change", () => load()));
  minEvents.addEventListener("input", () => { $("min-events-label").textContent = minEvents.value; load(); });

  function kinds() { return [...document.querySelectorAll("input[name=kind]:checked")].map((b) => b.value); }

  // -- the graph ----------------------------------------------------------------------------
  const cy = cytoscape({
    container: $("cy"),
    minZoom: 0.2, maxZoom: 1.6,
    style: [
      {selector: "node", style: {
        "background-color": "data(colour)", "label": "data(label)", "font-size": 11, "color": "#222",
        "text-outline-color": "#fff", "text-outline-width": 2, "width": "data(size)", "height": "data(size)",
        "text-valign": "bottom", "text-margin-y": 3, "border-width": 1, "border-color": "#fff"}},
      {selector: "edge", style: {
        "line-color": "data(colour)", "width": "data(width)", "curve-style": "bezier", "opacity": 0.75,
        "line-style": "data(lineStyle)"}},
      {selector: "edge:selected, edge.selected", style: {"opacity": 1, "underlay-color": "#222", "underlay-opacity": 0.25, "underlay-padding": 4}},
      {selector: "node:selected", style: {"border-width": 3, "border-color": "#222"}},
      {selector: ".faded", style: {"opacity": 0.15}},
    ],
  });
  window.ententeNetwork = {cy, state};  // for the browser tests and the curious

  function plural(n, word) { return `${n} ${word}${n === 1 ? "" : "s"}`; }
  function edgeWidth(n) { return Math.min(14, 1.5 + 2.2 * Math.log2(1 + n)); }

  async function load() {
    const params = {since: state.since, until: state.until, kind: kinds(), dimension: dimension.value,
                    min_events: minEvents.value > 1 ? minEvents.value : null};
    history.replaceState(null, "", "/" + query({since: state.since, until: state.until, kind: kinds(), dimension: dimension.value}));
    if (state.loading) state.loading.abort();
    state.loading = new AbortController();
    document.body.classList.add("loading");
    let net;
    try {
      net = await getJSON("/api/network" + query(params), state.loading.signal);
    } catch (e) {
      if (e.name === "AbortError") return;
      $("net-stats").textContent = "Could not load the network: " + e.message;
      return;
    } finally {
      document.body.classList.remove("loading");
    }
    state.network = net;
    draw(net);
  }

  function draw(net) {
    const old = {};
    cy.nodes().forEach((n) => { old[n.id()] = {...n.position()}; });
    const maxDegree = Math.max(1, ...net.nodes.map((n) => n.n_events));
    const elements = [];
    for (const n of net.nodes) {
      elements.push({group: "nodes", data: {id: n.id, label: n.name, kind: n.kind, bloc: n.bloc,
        colour: n.bloc === null || n.bloc === undefined ? "#999" : BLOC_COLOURS[n.bloc % BLOC_COLOURS.length],
        size: 14 + 30 * Math.sqrt(n.n_events / maxDegree)}, position: old[n.id]});
    }
    for (const e of net.edges) {
      elements.push({group: "edges", data: {id: `${e.source}|${e.target}`, source: e.source, target: e.target,
        sign: e.sign, weight: e.weight, n_events: e.n_events, colour: e.sign > 0 ? FRIENDLY : HOSTILE,
        lineStyle: Math.abs(e.weight) < 0.05 ? "dashed" : "solid", width: edgeWidth(e.n_events)}});
    }
    cy.elements().remove();
    cy.add(elements);
    const fresh = net.nodes.some((n) => !old[n.id]);
    cy.layout({name: "cose", animate: false, randomize: fresh && Object.keys(old).length === 0, nodeRepulsion: () => 9000,
               idealEdgeLength: () => 90, padding: 30, fit: true, numIter: 1500}).run();
    $("net-empty").hidden = net.edges.length > 0;
    $("net-stats").textContent = `${net.nodes.length} actors, ${net.edges.length} relations, ${net.blocs.length} bloc(s)` +
      (net.frustration !== null && net.frustration !== undefined ? `, frustration ${net.frustration}` : "");
    topDyads(net);
    if (state.selected) {
      const edge = cy.getElementById(state.selected);
      if (edge.nonempty()) edge.addClass("selected"); 
    }
    document.body.dataset.networkReady = String(Date.now());
  }

  function topDyads(net) {
    const list = clear($("top-dyads"));
    const names = Object.fromEntries(net.nodes.map((n) => [n.id, n.name]));
    const top = [...net.edges].sort((a, b) => b.n_events - a.n_events).slice(0, 10);
    for (const e of top) {
      const button = el("button", {type: "button", class: "link-button " + (e.sign > 0 ? "friendly" : "hostile")},
        `${names[e.source]} \u2013 ${names[e.target]}`);
      button.addEventListener("click", () => selectEdge(e.source, e.target));
      list.append(el("li", {}, button, " ", el("span", {class: "muted", text: plural(e.n_events, "event")})));
    }
  }

  cy.on("tap", "edge", (evt) => selectEdge(evt.target.data("source"), evt.target.data("target")));
  cy.on("tap", "node", (evt) => showActor(evt.target.id()));
  cy.on("tap", (evt) => { if (evt.target === cy) { cy.elements().removeClass("faded selected"); } });

  function selectEdge(a, b) {
    cy.elements().removeClass("selected faded");
    const edge = cy.getElementById(`${a}|${b}`);
    if (edge.nonempty()) {
      edge.addClass("selected");
      cy.elements().not(edge).not(edge.connectedNodes()).addClass("faded");
    }
    state.selected = `${a}|${b}`;
    showDyad(a, b);
  }

  // -- the side panel -----------------------------------------------------------------------
  function show(which) {
    for (const id of ["panel-intro", "panel-dyad", "panel-actor"]) $(id).hidden = id !== which;
  }

  async function showDyad(a, b) {
    show("panel-dyad");
    const names = Object.fromEntries((state.network ? state.network.nodes : []).map((n) => [n.id, n.name]));
    $("dyad-title").textContent = `${names[a] || a} \u2013 ${names[b] || b}`;
    $("dyad-page").href = path("dyads", a, b) + query({since: state.since, until: state.until});
    $("dyad-score").textContent = "loading\u2026";
    clear($("dyad-events")); clear($("dyad-why")); clear($("dyad-quotes"));
    $("dyad-quotes-box").hidden = true;
    const windowKind = size.value === "month" ? "month" : (size.value === "year" ? "month" : "year");
    try {
      const [dyad, why, events] = await Promise.all([
        getJSON(path("api", "dyads", a, b) + query({window: windowKind, limit: 1})),
        getJSON(path("api", "why", a, b) + query({since: state.since, until: state.until})),
        getJSON("/api/events" + query({dyad: `${a},${b}`, since: state.since, until: state.until, limit: 30})),
      ]);
      const score = dyad.score;
      $("dyad-score").textContent = score === null || score === undefined ? "no scored events" :
        `${score > 0 ? "friendly" : score < 0 ? "hostile" : "neutral"} (score ${score > 0 ? "+" : ""}${score.toFixed(2)} over ${dyad.n_events} events)`;
      $("dyad-score").className = score > 0 ? "friendly" : score < 0 ? "hostile" : "";
      evidence.dyadChart($("dyad-chart"), dyad.series);
      $("dyad-why").append(evidence.why(why));
      $("dyad-count").textContent = `(${events.total}${state.since ? " in " + state.since : ""})`;
      for (const e of events.items) $("dyad-events").append(evidence.event(e));
      if (!events.items.length) $("dyad-events").append(el("p", {class: "muted", text: "No events in this window."}));
      for (const q of dyad.quotes || []) $("dyad-quotes").append(evidence.quote(q));
      $("dyad-quotes-box").hidden = !(dyad.quotes || []).length;
      $("panel-dyad").dataset.ready = `${a}|${b}`;
    } catch (e) {
      $("dyad-score").textContent = "Could not load the dyad: " + e.message;
    }
  }

  async function showActor(code) {
    show("panel-actor");
    const node = state.network.nodes.find((n) => n.id === code) || {name: code, kind: ""};
    $("actor-title").textContent = node.name;
    $("actor-meta").textContent = `${code} · ${node.kind} · ${node.n_events || 0} events` +
      (node.bloc !== null && node.bloc !== undefined ? ` · bloc ${node.bloc + 1}` : "");
    $("actor-page").href = path("actors", code);
    const list = clear($("actor-edges"));
    const names = Object.fromEntries(state.network.nodes.map((n) => [n.id, n.name]));
    const edges = state.network.edges.filter((e) => e.source === code || e.target === code)
      .sort((x, y) => y.n_events - x.n_events);
    for (const e of edges) {
      const other = e.source === code ? e.target : e.source;
      const button = el("button", {type: "button", class: "link-button " + (e.sign > 0 ? "friendly" : "hostile")},
        `${e.sign > 0 ? "\u2795" : "\u2796"} ${names[other] || other}`);
      button.addEventListener("click", () => selectEdge(e.source, e.target));
      list.append(el("li", {}, button, " ", el("span", {class: "muted", text: `${plural(e.n_events, "event")}, score ${e.weight.toFixed(2)}`})));
    }
  }

  initWindow();
  load();
})();
