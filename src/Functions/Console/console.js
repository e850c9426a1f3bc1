// The Smo web console: reads and drives the REST API every other client uses. Plain DOM, no build step; every
// value from the API is written as text, never as HTML.
"use strict";

(() => {
  const refreshMs = 2000;
  // Reading /clusters syncs Smo's inventory from Karmada: every fifth refresh is often enough.
  const clusterEvery = 5;
  let refreshes = 0;
  const historyLength = 150;
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
    const headers = { Accept: "application/json" };
    if (key) headers.Authorization = `Bearer ${key}`;
    const response = await fetch(path, { method, headers });
    const text = await response.text();
    const body = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error(problem(response.status, body));
    return body;
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
      api("GET", "/graphs"),
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
    record(g);
    drawReplicas(g.name);
  }

  function record(g) {
    const points = replicaHistory.get(g.name) ?? [];
    const replicas = {};
    for (const s of g.services) if (s.status === "Deployed") replicas[s.name] = s.replicas;
    points.push({ at: Date.now(), replicas });
    replicaHistory.set(g.name, points.slice(-historyLength));
  }

  function drawReplicas(name) {
    const points = replicaHistory.get(name) ?? [];
    const services = [...new Set(points.flatMap((p) => Object.keys(p.replicas)))].sort();
    const most = Math.max(1, ...points.flatMap((p) => Object.values(p.replicas)));
    const first = points[0]?.at ?? 0;
    const span = Math.max(1, (points.at(-1)?.at ?? 0) - first);
    const svg = $("#replicas-chart");
    const ns = "http://www.w3.org/2000/svg";
    svg.replaceChildren(...services.map((service, i) => {
      const line = document.createElementNS(ns, "polyline");
      // Headroom above the highest count, so a steady line is not drawn on the chart's edge.
      const y = (replicas) => (155 - 135 * replicas / (most * 1.1)).toFixed(1);
      const seen = points.filter((p) => service in p.replicas);
      const coordinates = seen.length === 1
        ? [`0,${y(seen[0].replicas[service])}`, `600,${y(seen[0].replicas[service])}`]
        : seen.map((p) => `${(600 * (p.at - first) / span).toFixed(1)},${y(p.replicas[service])}`);
      line.setAttribute("points", coordinates.join(" "));
      line.setAttribute("fill", "none");
      line.setAttribute("stroke", colours[i % colours.length]);
      line.setAttribute("stroke-width", "2");
      line.dataset.service = service;
      return line;
    }));
    $("#replicas-legend").replaceChildren(...services.map((service, i) => {
      const label = document.createElement("span");
      label.style.setProperty("--colour", colours[i % colours.length]);
      label.textContent = `${service} (now ${points.at(-1)?.replicas[service] ?? "–"}, max ${most})`;
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
