/* entente: evidence cards (events, quotes), the "why" explanation and the dyad chart, built
   with DOM calls and textContent only. Mirrors the server-side macros in macros.html. */
"use strict";

const evidence = (() => {
  const {el, externalUrl, path} = entente;

  function modes(mode) { return (mode || "asserted").split("+"); }

  function modeBadges(mode) {
    return modes(mode).map((m) => el("span", {class: `badge mode-badge mode-${m}`, title: `mode: ${m}`, text: m}));
  }

  function actorLink(code, name) {
    return el("a", {class: "actor", href: path("actors", code), title: code, text: name || code});
  }

  function actorRefs(refs) {
    if (!refs || !refs.length) return [el("span", {class: "muted", text: "?"})];
    const out = [];
    refs.forEach((r, i) => { if (i) out.push(", "); out.push(actorLink(r.actor, r.name)); });
    return out;
  }

  /** The sentence with its trigger and actors highlighted: text nodes and <mark>s, never HTML. */
  function sentence(s) {
    const text = (s && s.text) || "";
    const marks = ((s && s.highlights) || []).filter((h) => h.start >= 0 && h.end <= text.length && h.start < h.end)
      .sort((a, b) => a.start - b.start || b.end - a.end);
    const block = el("blockquote", {class: "sentence"});
    let pos = 0;
    for (const h of marks) {
      if (h.start < pos) continue;
      if (h.start > pos) block.append(document.createTextNode(text.slice(pos, h.start)));
      block.append(el("mark", {class: `hl hl-${h.kind}`, text: text.slice(h.start, h.end)}));
      pos = h.end;
    }
    if (pos < text.length) block.append(document.createTextNode(text.slice(pos)));
    return block;
  }

  /** "weight: reported 0.7 × alleged 0.5 = 0.35", or "not counted: denied 0" (rules 3-5). */
  function weightText(e) {
    const how = e.weights && e.weights.text;
    if (how) return (e.weight === 0 ? "not counted: " : "weight: ") + how;
    return e.weight === 0 ? "not counted" : `weight ${Number(e.weight).toFixed(2)}`;
  }

  /** The weights a relation used: one badge and weight per mode, the rules, and what was excluded. */
  function modeWeights(w) {
    if (!w || !w.modes) return null;
    const items = [];
    Object.entries(w.modes).forEach(([m, v], i) => {
      if (i) items.push(" \u00b7 ");
      items.push(el("span", {class: "mw-item" + (v === 0 ? " zero" : "")}, modeBadges(m), "\u00a0",
                    el("span", {class: "mw-value", text: String(v)})));
    });
    const excluded = w.n_excluded
      ? `${w.n_excluded} not counted (weight 0)` +
        (Object.keys(w.excluded_by_mode || {}).length
          ? ": " + Object.entries(w.excluded_by_mode).map(([m, n]) => `${n} ${m}`).join(", ") : "")
      : null;
    return el("div", {class: "mode-weights", title: w.legend || ""},
      el("span", {class: "mw-title", text: "Weight per mode:"}), " ", items,
      el("p", {class: "mw-rules muted",
               text: `${w.compound}; disputed \u00d7${w.disputed_factor}; ${w.confidence}; ${w.historical}.`}),
      el("p", {class: "mw-excluded"}, excluded || el("span", {class: "muted", text: "no evidence excluded (weight 0)"})));
  }

  function event(e) {
    const ms = modes(e.mode);
    const classes = ["evidence", ...ms.map((m) => `mode-${m}`), `quad-${e.quad || 0}`];
    if (!e.real) classes.push("unreal");
    const header = el("header", {},
      modeBadges(e.mode),
      el("a", {class: "etype", href: path("events", e.id), title: (e.quad_label || "") + (e.cameo ? ` · CAMEO ${e.cameo}` : ""), text: e.type}),
      el("span", {class: "who"}, actorRefs(e.source), " ", el("span", {class: "arrow", text: "\u2192"}), " ", actorRefs(e.target)),
      e.intensity === null || e.intensity === undefined ? null :
        el("span", {class: "intensity " + (e.intensity > 0 ? "pos" : e.intensity < 0 ? "neg" : ""), title: "Goldstein intensity",
                    text: (e.intensity > 0 ? "+" : "") + Number(e.intensity).toFixed(1)}),
      el("time", {title: `event date (${e.date_precision || "from the article"})`, text: e.date || e.when || ""}));
    const a = e.article || {};
    const footer = el("footer", {},
      e.reported_by ? [el("span", {class: "reported", text: `reported by ${e.reported_by}`}), " · "] : null,
      e.denied_by ? [el("a", {class: "denial", href: path("events", e.denied_by.split(",")[0]), text: "denied"}), " · "] : null,
      e.denies ? [el("a", {class: "denial", href: path("events", e.denies.split(",")[0]), text: "denies a claim"}), " · "] : null,
      e.disputed ? [el("span", {class: "badge disputed", title: "another record denies it", text: "disputed"}), " \u00b7 "] : null,
      e.weight === null || e.weight === undefined ? null :
        [el("span", {class: "weight" + (e.weight === 0 ? " zero" : ""),
                     title: "the weight the relation rules give it: its mode's weight, \u00d7 the denial factor when disputed, \u00d7 the extractor's confidence",
                     text: weightText(e)}), " \u00b7 "],
      (e.dimensions || []).map((d) => [el("span", {class: "dim", text: d}), " "]),
      el("span", {class: "src", text: a.source || ""}), " ",
      a.published ? el("time", {text: a.published}) : null, " ",
      el("a", {class: "article-link", href: path("articles", a.id) + "#ev-" + encodeURIComponent(e.id), text: a.title || a.id}), " ",
      externalUrl(a.url) ? el("a", {class: "ext", href: externalUrl(a.url), rel: "noopener noreferrer nofollow", target: "_blank", text: "original"}) : null);
    return el("article", {class: classes.join(" "), dataset: {event: e.id}}, header, sentence(e.sentence), footer);
  }

  function quote(q) {
    const sp = q.speaker || {};
    const code = sp.actor || sp.country;
    const header = el("header", {},
      el("span", {class: "badge", text: q.direct ? "direct" : "indirect"}),
      el("span", {class: "speaker"}, code ? actorLink(code, sp.text || sp.name) : (sp.text || "unattributed")),
      q.cue && q.cue.text ? el("span", {class: "cue", text: q.cue.text}) : null);
    const a = q.article || {};
    const footer = el("footer", {},
      (q.claims || []).map((c) => [el("a", {class: `claim claim-${c.relation}`, href: path("events", c.event_id), text: `${c.relation} ${c.type || "event"}`}), " "]),
      el("span", {class: "src", text: a.source || ""}), " ",
      el("a", {class: "article-link", href: path("articles", a.id) + "#quote-" + encodeURIComponent(q.id), text: a.title || a.id}));
    return el("article", {class: "quote-card " + (q.direct ? "direct" : "indirect")}, header,
      el("blockquote", {class: "quote-text", text: (q.content && q.content.text) || ""}), footer);
  }

  /** The "why": a summary line, the direct evidence, and each two-step path with its evidence. */
  function why(data) {
    const box = el("div", {class: "why-body"});
    box.append(el("p", {class: "why-summary", text: data.summary || ""}));
    const weights = modeWeights(data.weights);
    if (weights) box.append(weights);
    const direct = (data.direct && data.direct.evidence) || [];
    if (direct.length) {
      box.append(el("h4", {text: "Strongest direct evidence"}));
      direct.forEach((e) => box.append(event(e)));
    }
    const paths = data.paths || [];
    if (paths.length) {
      box.append(el("h4", {text: "Through third parties"}));
      const list = el("ul", {class: "paths"});
      for (const p of paths.slice(0, 8)) {
        const verdict = p.supports === true ? "supports" : p.supports === false ? "strains" : "no direct sign";
        const details = el("details", {class: p.supports === true ? "path supports" : "path strains"},
          el("summary", {}, el("span", {class: "badge " + (p.predicts > 0 ? "friendly" : "hostile"), text: verdict}), " ", p.text || ""));
        for (const step of p.steps || []) {
          const score = step.score === null || step.score === undefined ? "" : `, score ${step.score > 0 ? "+" : ""}${step.score.toFixed(2)}`;
          details.append(el("p", {class: "step", text: `${step.a.name} \u2013 ${step.b.name}: ${step.sign > 0 ? "friendly" : "hostile"} (${step.n_events} events${score})`}));
          (step.evidence || []).slice(0, 2).forEach((e) => details.append(event(e)));
        }
        list.append(el("li", {}, details));
      }
      box.append(list);
    }
    return box;
  }

  const charts = new WeakMap();

  /** The score axis: -1 .. +1 with a margin, so that a line at +1 or -1 is not hidden by the frame. */
  function scoreAxis() {
    return {min: -1.15, max: 1.15, title: {display: true, text: "score"},
            afterBuildTicks: (axis) => { axis.ticks = [-1, -0.5, 0, 0.5, 1].map((value) => ({value})); }};
  }

  /** Score per window (line, -1..1) over the number of events (bars). */
  function dyadChart(canvas, series) {
    const old = charts.get(canvas);
    if (old) old.destroy();
    const labels = series.map((p) => p.window);
    const style = getComputedStyle(document.documentElement);
    const friendly = style.getPropertyValue("--friendly").trim() || "#1a9850";
    const hostile = style.getPropertyValue("--hostile").trim() || "#d73027";
    const chart = new Chart(canvas, {
      data: {
        labels,
        datasets: [
          {type: "line", label: "score", data: series.map((p) => p.score), yAxisID: "y", tension: 0.2, borderWidth: 2,
           borderColor: "#333", pointRadius: 4, spanGaps: true,
           pointBackgroundColor: series.map((p) => (p.score || 0) >= 0 ? friendly : hostile)},
          {type: "bar", label: "events", data: series.map((p) => p.n_events), yAxisID: "y1",
           backgroundColor: "rgba(120,120,140,0.25)"},
        ],
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        interaction: {mode: "index", intersect: false},
        plugins: {legend: {display: true, position: "bottom"}},
        scales: {
          y: scoreAxis(),
          y1: {position: "right", beginAtZero: true, grid: {drawOnChartArea: false}, title: {display: true, text: "events"}},
        },
      },
    });
    charts.set(canvas, chart);
    canvas.dataset.points = String(series.length);
    return chart;
  }

  return {event, quote, why, sentence, dyadChart, actorLink, modeBadges, modeWeights, scoreAxis};
})();
