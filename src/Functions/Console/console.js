// The Smo web console: reads and drives the REST API every other client uses. Plain DOM, no build step; every
// value from the API is written as text, never as HTML.
"use strict";

(() => {
  const refreshMs = 2000;
  // Reading /clusters syncs Smo's inventory from Karmada: every fifth refresh is often enough.
  const clusterEvery = 5;
  let refreshes = 0;
  // Points kept per series in the page, and how far back each refresh reads again.
  const seriesLength = 2000;
  const overlapMs = 5000;
  // A graph list comes a page at a time (100 graphs); this many pages are read at most, bounding one refresh.
  const maxListPages = 50;
  const colours = ["#3366cc", "#dc7633", "#16794c", "#8e44ad", "#b3261e", "#0097a7"];
  const key = functionKey();
  const replicaHistory = new Map();
  const $ = (selector) => document.querySelector(selector);

  // The key comes once in the address (#key=... or the original ?code=...), then lives in this tab's session storage
  // and travels in a header only: the address bar, history and the server's logs keep no key.
  function functionKey() {
    const fromHash = new URLSearchParams(location.hash.slice(1)).get("key");
    const query = new URLSearchParams(location.search);
    const given = fromHash || query.get("code");
    if (given) {
      sessionStorage.setItem("smo-key", given);
      query.delete("code");
      const rest = query.toString();
      const hash = fromHash ? "" : location.hash;
      history.replaceState(null, "", location.pathname + (rest ? `?${rest}` : "") + hash);
    }
    return sessionStorage.getItem("smo-key");
  }

  async function api(method, path) {
    return (await call(method, path)).body;
  }

  // Every item of a list the API answers a page at a time, following its Link rel="next" on this origin only (the
  // key goes with each request), at most maxListPages pages.
  async function apiList(path) {
    const items = [];
    let next = path;
    for (let page = 0; next && page < maxListPages; page++) {
      const answer = await call("GET", next);
      items.push(...answer.body);
      next = answer.next;
    }
    return items;
  }

  async function call(method, path) {
    const headers = { Accept: "application/json" };
    if (key) headers.Authorization = `Bearer ${key}`;
    const response = await fetch(path, { method, headers });
    const text = await response.text();
    const body = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error(problem(response.status, body));
    return { body, next: nextLink(response.headers.get("Link")) };
  }

  function nextLink(header) {
    const match = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(header ?? "");
    if (!match) return null;
    const next = new URL(match[1], location.href);
    return next.origin === location.origin ? next.pathname + next.search : null;
  }

  function problem(status, body) {
    if (!body || typeof body !== "object") return `${status}`;
    const parts = [status, body.title, body.detail].filter(Boolean).join(" ");
    return body.where ? `${parts} (where: ${body.where})` : parts;
  }

  function tell(text, isError) {
    const result = $("#action-result");
    result.textContent = text;
    result.classList.toggle("error", Boolean(isError));
  }

  function say(text, isError) {
    const connection = $("#connection");
    connection.textContent = text;
    connection.classList.toggle("error", Boolean(isError));
  }

  const number = (value) => value == null ? "" : Math.abs(value) >= 100 ? value.toFixed(0) : String(Math.round(value * 100) / 100);
  const time = (iso) => iso ? String(iso).replace("T", " ").slice(0, 19) : "";

  function tableRow(values) {
    const row = document.createElement("tr");
    for (const value of values) {
      const cell = document.createElement("td");
      cell.textContent = value ?? "";
      row.append(cell);
    }
    return row;
  }

  const fill = (id, rows) => document.querySelector(`#${id} tbody`).replaceChildren(...rows);

  async function showOverview() {
    const [clusters, graphs] = await Promise.all([
      refreshes++ % clusterEvery === 0 ? api("GET", "/clusters") : Promise.resolve(null),
      apiList("/graphs"),
    ]);
    if (clusters) showClusters(clusters);
    showGraphs(graphs);
  }

  function showClusters(clusters) {
    fill("cluster-table", clusters.map((c) => tableRow([
      c.name, c.ready ? "yes" : "no", c.gpu ? "yes" : "no",
      `${number(c.cpuAvailable)} / ${number(c.cpuAllocatable)}`,
      `${number(c.memoryAvailableGiB)} / ${number(c.memoryAllocatableGiB)}`,
      c.region, number(c.energyProfile?.carbonGramsPerKWh),
    ])));
  }

  function showGraphs(graphs) {
    fill("graph-table", graphs.map((g) => {
      const row = tableRow([g.name, g.project, g.status, g.serviceCount, [...new Set(Object.values(g.placement ?? {}))].sort().join(", ")]);
      row.dataset.graph = g.name;
      row.children[2].className = `status-${g.status}`;
      row.addEventListener("click", () => { location.hash = `#/graphs/${encodeURIComponent(g.name)}`; });
      return row;
    }));
    $("#no-graphs").hidden = graphs.length > 0;
  }

  async function showGraph(name) {
    const g = await api("GET", `/graphs/${encodeURIComponent(name)}`);
    $("#graph-title").textContent = `Graph ${g.name}`;
    const summary = `${g.status} in project ${g.project}; placement ${g.strategies.placement}, scaling ${g.strategies.scaling} every ${g.strategies.scalingIntervalSeconds} s`;
    $("#graph-summary").textContent = g.failureReason ? `${summary}. Failure: ${g.failureReason}` : summary;
    $("#graph-summary").className = `status-${g.status}`;
    // A Degraded graph runs on; what failed clusters hold, and why Smo leaves it there, is shown above all else.
    const degraded = g.degraded ?? [];
    fill("degraded-table", degraded.map((d) => {
      const row = tableRow([d.service, d.cluster, time(d.since), d.reason]);
      row.dataset.service = d.service;
      return row;
    }));
    $("#degraded").hidden = degraded.length === 0;

    const byCluster = new Map();
    for (const s of g.services) {
      const cluster = s.cluster_affinity ?? "unplaced";
      if (!byCluster.has(cluster)) byCluster.set(cluster, []);
      byCluster.get(cluster).push(`${s.name}: ${s.status === "Deployed" ? `${s.replicas} replica(s)` : s.status}`);
    }
    $("#placement").replaceChildren(...[...byCluster.keys()].sort().map((cluster) => {
      const card = document.createElement("div");
      card.className = "cluster";
      card.dataset.cluster = cluster;
      const title = document.createElement("h4");
      title.textContent = cluster;
      const list = document.createElement("ul");
      list.append(...byCluster.get(cluster).map((line) => { const item = document.createElement("li"); item.textContent = line; return item; }));
      card.append(title, list);
      return card;
    }));

    fill("service-table", g.services.map((s) => {
      const row = tableRow([s.name, s.status, s.cluster_affinity, s.replicas, s.artifact_ref, s.why?.whyHere]);
      row.dataset.service = s.name;
      row.lastChild.className = "why";
      return row;
    }));
    fill("decision-table", g.latestDecisions.map((d) => tableRow([time(d.at), d.kind, d.trigger, d.status, d.reason])));
    fill("event-table", g.events.map((e) => tableRow([time(e.at), e.kind, e.message])));
    await loadReplicas(g.name);
    drawReplicas(g.name);
  }

  // The replica history comes from the API (GET /graphs/{name}/replicas), so it survives a reload: the first read
  // takes the last hour, each refresh after it only what is new since the previous answer (with a little overlap,
  // for decisions committed as it was read).
  async function loadReplicas(name) {
    const known = replicaHistory.get(name);
    const since = known ? `?since=${encodeURIComponent(new Date(Date.parse(known.to) - overlapMs).toISOString())}` : "";
    const answer = await api("GET", `/graphs/${encodeURIComponent(name)}/replicas${since}`);
    const history = known ?? { from: answer.from, services: {}, load: {} };
    history.to = answer.to;
    for (const [service, points] of Object.entries(answer.services)) {
      const series = history.services[service] ??= [];
      for (const p of points) {
        const last = series.at(-1);
        if (last && Date.parse(p.at) <= Date.parse(last.at)) continue;
        if (last && last.replicas === p.replicas) continue;
        series.push(p);
      }
      history.services[service] = series.slice(-seriesLength);
    }
    for (const [service, points] of Object.entries(answer.load)) {
      const series = history.load[service] ??= [];
      const lastAt = series.length ? Date.parse(series.at(-1).at) : -Infinity;
      series.push(...points.filter((p) => Date.parse(p.at) > lastAt));
      history.load[service] = series.slice(-seriesLength);
    }
    replicaHistory.set(name, history);
  }

  // Ticks for an axis from 0 to at least `most`: 4 or 5 round steps (1, 2 or 5 × a power of ten; whole numbers for replicas).
  function ticks(most, whole) {
    const rough = Math.max(most, whole ? 1 : 1e-9) / 4;
    const power = 10 ** Math.floor(Math.log10(rough));
    const step = Math.max(whole ? 1 : 0, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough));
    const values = [];
    for (let v = 0; v <= most + step / 2; v += step) values.push(v);
    if (values.at(-1) < most) values.push(values.at(-1) + step);
    return values;
  }

  function drawReplicas(name) {
    const history = replicaHistory.get(name) ?? { services: {}, load: {}, to: new Date().toISOString() };
    const services = [...new Set([...Object.keys(history.services), ...Object.keys(history.load)])].sort();
    const allReplicas = Object.values(history.services).flat();
    const allLoad = Object.values(history.load).flat();
    const end = Date.parse(history.to);
    const start = Math.min(end - 60_000, ...[...allReplicas, ...allLoad].map((p) => Date.parse(p.at)));
    const replicaTicks = ticks(Math.max(1, ...allReplicas.map((p) => p.replicas)), true);
    const loadTicks = ticks(Math.max(1, ...allLoad.map((p) => p.requestsPerSecond)), false);
    const plot = { left: 40, right: 850, top: 24, bottom: 170 };
    const x = (at) => (plot.left + (plot.right - plot.left) * (at - start) / Math.max(1, end - start)).toFixed(1);
    const yReplicas = (n) => (plot.bottom - (plot.bottom - plot.top) * n / replicaTicks.at(-1)).toFixed(1);
    const yLoad = (r) => (plot.bottom - (plot.bottom - plot.top) * r / loadTicks.at(-1)).toFixed(1);

    const ns = "http://www.w3.org/2000/svg";
    const element = (tag, attributes, text) => {
      const node = document.createElementNS(ns, tag);
      for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
      if (text !== undefined) node.textContent = text;
      return node;
    };
    const axis = (className, lines, labels, title) => {
      const group = element("g", { class: `axis ${className}` });
      group.append(...lines.map((l) => element("line", l)), ...labels.map(([attributes, text]) => element("text", attributes, text)));
      if (title) group.append(element("text", title[0], title[1]));
      return group;
    };
    const clock = (at) => new Date(at).toISOString().slice(11, 19);
    const timeTicks = [0, 1, 2, 3, 4].map((i) => start + (end - start) * i / 4);
    const children = [
      axis("axis-time", [{ x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom }],
        timeTicks.map((at, i) => [{ x: x(at), y: plot.bottom + 16, "text-anchor": ["start", "middle", "middle", "middle", "end"][i] }, clock(at)]),
        [{ x: plot.right, y: plot.bottom + 30, "text-anchor": "end", class: "title" }, "time (UTC)"]),
      axis("axis-replicas", [{ x1: plot.left, x2: plot.left, y1: plot.top, y2: plot.bottom },
        ...replicaTicks.map((n) => ({ x1: plot.left, x2: plot.right, y1: yReplicas(n), y2: yReplicas(n), class: "grid" }))],
        replicaTicks.map((n) => [{ x: plot.left - 6, y: +yReplicas(n) + 4, "text-anchor": "end" }, String(n)]),
        [{ x: 4, y: 12, class: "title" }, "replicas"]),
      axis("axis-load", [{ x1: plot.right, x2: plot.right, y1: plot.top, y2: plot.bottom }],
        loadTicks.map((r) => [{ x: plot.right + 6, y: +yLoad(r) + 4 }, number(r)]),
        [{ x: 896, y: 12, "text-anchor": "end", class: "title" }, "req/s"]),
    ];
    services.forEach((service, i) => {
      const colour = colours[i % colours.length];
      const points = history.services[service] ?? [];
      if (points.length) {
        // Replicas hold from one decision to the next: a step line, drawn on to the end of the window.
        const steps = points.flatMap((p, k) => {
          const until = k + 1 < points.length ? Date.parse(points[k + 1].at) : end;
          return [`${x(Date.parse(p.at))},${yReplicas(p.replicas)}`, `${x(until)},${yReplicas(p.replicas)}`];
        });
        const line = element("polyline", { points: steps.join(" "), fill: "none", stroke: colour, "stroke-width": "2", class: "replicas" });
        line.dataset.service = service;
        line.dataset.points = String(points.length);
        children.push(line);
      }
      const load = history.load[service] ?? [];
      if (load.length) {
        const line = element("polyline", {
          points: load.map((p) => `${x(Date.parse(p.at))},${yLoad(p.requestsPerSecond)}`).join(" "),
          fill: "none", stroke: colour, "stroke-width": "1", "stroke-dasharray": "4 3", class: "load",
        });
        line.dataset.service = service;
        children.push(line);
      }
    });
    $("#replicas-chart").replaceChildren(...children);
    $("#replicas-legend").replaceChildren(...services.map((service, i) => {
      const label = document.createElement("span");
      label.style.setProperty("--colour", colours[i % colours.length]);
      const points = history.services[service] ?? [];
      const load = history.load[service] ?? [];
      const most = points.length ? Math.max(...points.map((p) => p.replicas)) : "–";
      const rate = load.length ? `; load now ${number(load.at(-1).requestsPerSecond)} req/s (dashed)` : "";
      label.textContent = `${service} (now ${points.at(-1)?.replicas ?? "–"}, max ${most}${rate})`;
      return label;
    }));
  }

  function showPlan(plan) {
    const box = $("#plan");
    const lines = [`What-if (${plan.strategy}): ${plan.status}. ${plan.reason}`];
    lines.push(plan.moves.length === 0
      ? "No service moves."
      : plan.moves.map((m) => `${m.service}: ${m.from} → ${m.to}`).join("; "));
    if (plan.current && plan.proposed) {
      lines.push(`Objective ${number(plan.current.total)} → ${number(plan.proposed.total)}; power ${number(plan.current.kilowatts)} → ${number(plan.proposed.kilowatts)} kW; carbon ${number(plan.current.carbonKgPerHour)} → ${number(plan.proposed.carbonKgPerHour)} kg/h.`);
    }
    lines.push("Nothing was changed (dry run).");
    box.replaceChildren(...lines.map((line) => { const p = document.createElement("p"); p.textContent = line; return p; }));
    box.hidden = false;
  }

  async function act(action) {
    const name = selectedGraph();
    if (!name) return;
    try {
      if (action === "preview") {
        showPlan(await api("POST", `/graphs/${encodeURIComponent(name)}/placement?dryRun=true`));
        return;
      }
      if (action === "stop" && !confirm(`Stop graph ${name}? Its services are uninstalled.`)) return;
      const answer = await api("POST", `/graphs/${encodeURIComponent(name)}/${action}`);
      tell(`${answer.command} accepted for ${name}; the graph carries it out.`);
    } catch (failure) {
      tell(failure.message, true);
    }
  }

  function selectedGraph() {
    const match = location.hash.match(/^#\/graphs\/(.+)$/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  async function refresh() {
    const name = selectedGraph();
    $("#overview").hidden = name !== null;
    $("#graph").hidden = name === null;
    try {
      if (name === null) await showOverview(); else await showGraph(name);
      say(`connected to ${location.host}; refreshed ${new Date().toLocaleTimeString()}`);
    } catch (failure) {
      say(failure.message, true);
    }
  }

  for (const button of document.querySelectorAll("[data-action]")) button.addEventListener("click", () => act(button.dataset.action));
  window.addEventListener("hashchange", () => { $("#plan").hidden = true; tell(""); refreshes = 0; refresh(); });
  refresh();
  setInterval(refresh, refreshMs);
})();
