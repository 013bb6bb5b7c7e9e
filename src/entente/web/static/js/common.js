/* entente: helpers shared by every page. Data is only ever put in the page with textContent
   (never innerHTML): article text and quotes are untrusted. */
"use strict";

const entente = (() => {
  /** Make an element: el("a", {class: "x", href: "/y"}, "text", child, ...). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Only http(s) links leave the site; anything else (javascript:, data:) is dropped. */
  function externalUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function path(...parts) {
    return "/" + parts.map((p) => encodeURIComponent(String(p))).join("/");
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value === null || value === undefined || value === "") continue;
      if (Array.isArray(value)) value.forEach((v) => q.append(key, v));
      else q.append(key, String(value));
    }
    const s = q.toString();
    return s ? "?" + s : "";
  }

  async function getJSON(url, signal) {
    const response = await fetch(url, {headers: {Accept: "application/json"}, signal});
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (!response.ok) {
      const message = body && body.error ? `${body.error.message} (${body.error.code})` : response.statusText;
      throw new Error(message);
    }
    return body;
  }

  /** Parse the page's data block (written by Jinja's tojson, which escapes <, > and &). */
  function pageData(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  /** Suggest actors in the search box as the user types. */
  function suggestActors() {
    const input = document.getElementById("search-q");
    const list = document.getElementById("actor-suggestions");
    if (!input || !list) return;
    let timer = null;
    let controller = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2) return;
      timer = setTimeout(async () => {
        if (controller) controller.abort();
        controller = new AbortController();
        try {
          const page = await getJSON("/api/actors" + query({q, limit: 8}), controller.signal);
          clear(list);
          for (const actor of page.items) list.append(el("option", {value: actor.name, label: actor.code}));
        } catch (e) { /* suggestions are a convenience */ }
      }, 150);
    });
  }

  document.addEventListener("DOMContentLoaded", suggestActors);
  return {el, externalUrl, path, query, getJSON, pageData, clear};
})();
