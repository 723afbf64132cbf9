// The hall console page: signs in, reads /api/kiosks and /api/calls, and re-reads them whenever the
// server's event stream (/api/events, fed by LISTEN/NOTIFY) says something changed. Data goes into the
// page with textContent only (never as HTML), and every POST carries the session's CSRF token.
"use strict";

const STATE_LABELS = {
  in_service: "服务中 In service",
  degraded: "降级服务 Degraded",
  out_of_service: "暂停服务 Out of service",
  maintenance: "维护中 Maintenance",
  offline: "离线 Offline",
};
const PROBLEM_LABELS = {
  offline: "无心跳 No heartbeat",
  "printer.paper_out": "缺纸 Paper out",
  "printer.paper_low": "纸将用完 Paper low",
  "printer.cover_open": "打印机盖未关 Cover open",
  "printer.failed": "打印机故障 Printer fault",
  "device.unplugged": "未连接 Not connected",
  "paper low": "纸量不足 Paper low",
  "paper out": "缺纸 Paper out",
};
const DEVICE_LABELS = { printer: "打印机 Printer", idcard: "读卡器 Card reader" };

function problemLabel(p) {
  // "printer: printer.paper_out" from the API -> "打印机 Printer: 缺纸 Paper out"
  const at = p.indexOf(": ");
  if (at < 0) return PROBLEM_LABELS[p] || p;
  const device = p.slice(0, at), what = p.slice(at + 2);
  return `${DEVICE_LABELS[device] || device}: ${PROBLEM_LABELS[what] || what}`;
}
const PAPER_LABELS = { full: "纸量充足 Paper OK", low: "纸量不足 Paper low", out: "缺纸 Paper out" };

let csrf = "";
let source = null;
let selected = null;
let kiosks = [];
let shown = { kiosks: "", calls: "" };  // what is on the page: unchanged data is not re-drawn under a finger

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

async function api(method, path, body) {
  const opts = { method, credentials: "same-origin", headers: {} };
  if (method !== "GET") {
    opts.headers["Content-Type"] = "application/json";
    opts.headers["X-CSRF-Token"] = csrf;
    opts.body = JSON.stringify(body || {});
  }
  const resp = await fetch(path, opts);
  let data = {};
  try { data = await resp.json(); } catch (e) { data = { error: resp.statusText }; }
  if (resp.status === 401 && path !== "/api/login") { showLogin(""); }
  return { status: resp.status, data };
}

function showLogin(message) {
  csrf = "";
  shown = { kiosks: "", calls: "" };
  if (source) { source.close(); source = null; }
  $("console").hidden = true; $("who").hidden = true; $("login").hidden = false;
  $("login-error").textContent = message || "";
  $("live").classList.remove("on");
}

function showConsole(login) {
  $("login").hidden = true; $("console").hidden = false; $("who").hidden = false;
  $("who-login").textContent = login;
  listen();
  refresh();
}

function listen() {
  if (source) source.close();
  source = new EventSource("/api/events");
  source.addEventListener("changed", () => { $("live").classList.add("on"); refresh(); });
  source.addEventListener("signed_out", () => showLogin("会话已结束 Session ended"));
  source.onerror = () => $("live").classList.remove("on");
}

async function refresh() {
  const [k, c] = await Promise.all([api("GET", "/api/kiosks"), api("GET", "/api/calls")]);
  if (k.status === 200) {
    const text = JSON.stringify(k.data.kiosks);
    if (text !== shown.kiosks) { shown.kiosks = text; kiosks = k.data.kiosks; renderTiles(); renderDetail(); }
  }
  if (c.status === 200) {
    const text = JSON.stringify(c.data.calls);
    if (text !== shown.calls) { shown.calls = text; renderCalls(c.data.calls); }
  }
}

function renderTiles() {
  const box = $("tiles");
  box.replaceChildren(...kiosks.map((t) => {
    const state = t.service_state;
    const tile = el("button", { class: `tile ${state}`, type: "button", "data-kiosk": t.kiosk_id, id: `tile-${t.kiosk_id}` },
      el("h3", {}, t.kiosk_id),
      el("div", { class: "state" }, STATE_LABELS[state] || state),
      el("div", { class: "paper" }, PAPER_LABELS[t.paper] || (t.paper ? `纸 Paper ${t.paper}` : "")),
    );
    if (t.open_calls) tile.append(el("div", {}, el("span", { class: "calls" }, `呼叫 Calls: ${t.open_calls}`)));
    if (t.problems.length) tile.append(el("ul", { class: "problems" }, ...t.problems.map((p) => el("li", {}, problemLabel(p)))));
    tile.addEventListener("click", () => { selected = t.kiosk_id; $("readiness-text").hidden = true; renderDetail(); });
    return tile;
  }));
}

function renderCalls(calls) {
  const open = calls.filter((c) => !c.acknowledged_at);
  const recent = calls.filter((c) => c.acknowledged_at).slice(0, 5);
  $("no-calls").hidden = open.length > 0;
  $("calls").replaceChildren(...open.concat(recent).map((c) => {
    const li = el("li", { class: c.acknowledged_at ? "acknowledged" : "open", "data-call": c.id, id: `call-${c.id}` },
      el("span", { class: "code" }, c.code),
      el("span", {}, `终端 Kiosk ${c.kiosk_id}`),
      el("span", {}, `业务 Service: ${c.service || "-"} · 步骤 Step: ${c.step || "-"}`),
      el("span", {}, `证件 ID: ${c.masked_id || "-"}`),
      el("span", {}, new Date(c.called_at).toLocaleTimeString("zh-CN")),
    );
    if (c.acknowledged_at) {
      li.append(el("span", { class: "ack-by" }, `已确认 Acknowledged: ${c.acknowledged_by}`));
    } else {
      const b = el("button", { type: "button", class: "primary ack", id: `ack-${c.id}` }, "确认前往 Acknowledge");
      b.addEventListener("click", async () => {
        b.disabled = true;
        const r = await api("POST", `/api/calls/${c.id}/ack`);
        if (r.status !== 200) { b.disabled = false; alert(r.data.error); }
        refresh();
      });
      li.append(b);
    }
    return li;
  }));
}

function renderDetail() {
  const t = kiosks.find((k) => k.kiosk_id === selected);
  $("detail").hidden = !t;
  if (!t) return;
  $("detail-title").textContent = `${t.kiosk_id} — ${STATE_LABELS[t.service_state] || t.service_state} · ${t.version}`;
  const errors = t.recent_errors.length ? t.recent_errors.slice().reverse() : ["无 none"];
  $("detail-errors").replaceChildren(...errors.map((e) => el("li", {}, e)));
}

async function command(kind) {
  if (!selected) return;
  const body = kind === "out-of-service" ? { reason: $("oos-reason").value } : {};
  const r = await api("POST", `/api/kiosks/${encodeURIComponent(selected)}/${kind}`, body);
  $("detail-message").textContent = r.status === 200 ? "已发送，终端将在数秒内执行 Sent: the kiosk applies it within seconds" : r.data.error;
}

async function readiness() {
  if (!selected) return;
  const r = await api("GET", `/api/kiosks/${encodeURIComponent(selected)}/readiness`);
  $("readiness-text").hidden = false;
  $("readiness-text").textContent = r.status === 200 ? r.data.text : r.data.error;
}

document.addEventListener("DOMContentLoaded", async () => {
  $("login-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const r = await api("POST", "/api/login", { login: $("login-code").value, pin: $("login-pin").value });
    $("login-pin").value = "";
    if (r.status === 200) { csrf = r.data.csrf; showConsole(r.data.login); }
    else { $("login-error").textContent = r.data.error || "登录失败 Sign-in failed"; }
  });
  $("logout").addEventListener("click", async () => { await api("POST", "/api/logout"); showLogin(""); });
  $("oos").addEventListener("click", () => command("out-of-service"));
  $("rts").addEventListener("click", () => command("return-to-service"));
  $("readiness").addEventListener("click", readiness);
  $("close-detail").addEventListener("click", () => { selected = null; renderDetail(); });
  const s = await api("GET", "/api/session");
  if (s.status === 200) { csrf = s.data.csrf; showConsole(s.data.login); } else { showLogin(""); }
});
