// The triage page, drawn from the batch data embedded in the page (see render/html.py).
// Rows are built as one string per render, so sorting or filtering 2,000 reports stays quick.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("batch-data").textContent);
  const CHUNK = 250;
  const state = {
    lang: data.lang,
    sort: { key: "rank", dir: 1 },
    filter: { text: "", severity: "", diagnosis: "", rule: "" },
    open: new Set(),
    forms: new Map(),      // fingerprint → verdict of the decision form shown under it
    decided: keptDecisions(),  // fingerprint → decision recorded on this page
    author: load("gkaudit.author", ""),
    shown: [],             // the reports passing the filters, in the chosen order
    limit: CHUNK,          // how many of them are drawn
  };
  const byRank = new Map(data.reports.map((r) => [r.rank, r]));
  const COLUMNS = [
    ["rank", "rank", "num"], ["errors", "errors", "num"], ["warnings", "warnings", "num"],
    ["na", "na", "num"], ["body", "body", "text"], ["year", "year", "num"], ["template", "template", "text"],
    ["diagnosis", "diagnosis", "text"], ["rules", "rules", "text"], ["path", "file", "text"],
  ];
  const $ = (id) => document.getElementById(id);

  function t(key, vars) {
    let text = data.words[state.lang][key];
    for (const [name, value] of Object.entries(vars || {})) text = text.split("{" + name + "}").join(value);
    return text;
  }
  function esc(value) {
    return String(value == null ? "" : value).replace(/[&<>"']/g, (c) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }
  const tr = (label) => (label == null ? null : label[state.lang]);

  // the reviewer's name and the decisions not yet downloaded outlive a reload of the page
  function load(key, fallback) {
    try { const value = localStorage.getItem(key); return value == null ? fallback : JSON.parse(value); } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage off: kept for this visit */ }
  }
  function keptDecisions() {
    const saved = load("gkaudit.decided", {}), kept = new Map();
    for (const r of data.reports) for (const f of r.findings) {
      const d = saved[f.fp], review = f.review;
      const recorded = review && d && review.verdict === d.verdict && review.why === d.why && review.author === d.author;
      if (d && !recorded) kept.set(f.fp, d);  // once in the decisions file, it is the page's own no more
    }
    return kept;
  }
  function storeDecisions() {
    const saved = load("gkaudit.decided", {});
    for (const r of data.reports) for (const f of r.findings) delete saved[f.fp];
    for (const [fp, d] of state.decided) saved[fp] = d;
    save("gkaudit.decided", saved);
  }

  // ---- summary, diagnoses, chart -------------------------------------------------------
  function totals() {
    const sum = { errors: 0, warnings: 0, infos: 0, not_assessable: 0, dismissed: 0 };
    for (const r of data.reports) for (const key of Object.keys(sum)) sum[key] += r.counts[key] || 0;
    return sum;
  }
  function renderSummary() {
    const sum = totals();
    const items = [
      ["reports", data.reports.length], ["errors", sum.errors], ["warnings", sum.warnings],
      ["not_assessable", sum.not_assessable], ["skipped", data.skipped.length],
      ["unreadable", data.unreadable.length], ["dismissed", sum.dismissed],
    ];
    $("summary").innerHTML = items.map(([key, n]) =>
      `<div class="count count-${key}" data-count="${key}"><b>${n}</b><span>${esc(t(key))}</span></div>`).join("");
  }
  function renderDiagnoses() {
    const counts = {};
    for (const r of data.reports) counts[r.diagnosis] = (counts[r.diagnosis] || 0) + 1;
    const items = Object.keys(data.diagnoses).filter((key) => counts[key]).map((key) =>
      `<li><button type="button" class="diag diag-${key}${state.filter.diagnosis === key ? " on" : ""}" data-diagnosis="${key}">` +
      `${esc(tr(data.diagnoses[key]))} <b>${counts[key]}</b></button></li>`);
    $("diagnoses").innerHTML = `<h2>${esc(t("diagnoses"))}</h2><ul>${items.join("")}</ul>`;
  }
  function renderChart() {
    const rules = data.rules;
    const head = `<figcaption>${esc(t("chart"))}</figcaption>`;
    if (!rules.length) { $("chart").innerHTML = head + `<p class="muted">${esc(t("chart_none"))}</p>`; return; }
    const most = rules[0][1], bar = 22, labelWidth = 170, barWidth = 300;
    const rows = rules.map(([rule, count, title], i) => {
      const y = i * bar, width = Math.max(2, Math.round((count / most) * barWidth));
      return `<g class="bar" data-rule="${esc(rule)}" transform="translate(0,${y})"><title>${esc(rule)} · ${esc(tr(title))}</title>` +
        `<text x="${labelWidth - 8}" y="15" text-anchor="end">${esc(rule)}</text>` +
        `<rect x="${labelWidth}" y="3" width="${width}" height="${bar - 6}" rx="2"></rect>` +
        `<text x="${labelWidth + width + 6}" y="15" class="n">${count}</text></g>`;
    });
    const height = rules.length * bar;
    $("chart").innerHTML = head + `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${labelWidth + barWidth + 50}" ` +
      `height="${height}" viewBox="0 0 ${labelWidth + barWidth + 50} ${height}">${rows.join("")}</svg>`;
  }

  // ---- the table of reports ------------------------------------------------------------
  function haystack(r) {
    if (!r._hay) {
      const diagnosis = data.diagnoses[r.diagnosis];
      r._hay = [r.body, r.path, r.year, r.template, diagnosis.zh, diagnosis.en, ...r.rules].join(" ").toLowerCase();
    }
    return r._hay;
  }
  function passes(r) {
    const f = state.filter;
    if (f.text && !f.text.split(/\s+/).every((word) => haystack(r).includes(word))) return false;
    if (f.diagnosis && r.diagnosis !== f.diagnosis) return false;
    if (f.rule && !r.rules.includes(f.rule)) return false;
    if (f.severity === "errors" && !r.counts.errors) return false;
    if (f.severity === "warnings" && (r.counts.errors || !r.counts.warnings)) return false;
    if (f.severity === "clean" && (r.counts.errors || r.counts.warnings)) return false;
    return true;
  }
  function sortValue(r, key) {
    switch (key) {
      case "errors": return [r.counts.errors, r.counts.warnings, r.counts.not_assessable];
      case "warnings": return [r.counts.warnings, r.counts.errors];
      case "na": return [r.counts.not_assessable];
      case "diagnosis": return [tr(data.diagnoses[r.diagnosis])];
      case "rules": return [r.rules.join(" ")];
      case "year": return [r.year == null ? -1 : r.year];
      default: return [r[key]];
    }
  }
  function compare(a, b) {
    const x = sortValue(a, state.sort.key), y = sortValue(b, state.sort.key);
    for (let i = 0; i < x.length; i++) {
      if (x[i] < y[i]) return -state.sort.dir;
      if (x[i] > y[i]) return state.sort.dir;
    }
    return a.rank - b.rank;
  }
  function renderHead() {
    $("report-head").innerHTML = COLUMNS.map(([key, word, kind]) => {
      const on = state.sort.key === key;
      const aria = on ? (state.sort.dir > 0 ? "ascending" : "descending") : "none";
      const arrow = on ? (state.sort.dir > 0 ? " ▲" : " ▼") : "";
      return `<th scope="col" class="${kind}" data-sort="${key}" aria-sort="${aria}" title="${esc(t("sort_hint"))}">` +
        `${esc(t(word))}${arrow}</th>`;
    }).join("");
  }
  function renderFilters() {
    $("search").placeholder = t("search");
    const option = (value, text, chosen) => `<option value="${esc(value)}"${value === chosen ? " selected" : ""}>${esc(text)}</option>`;
    $("filter-severity").innerHTML = [["", "all_severities"], ["errors", "with_errors"], ["warnings", "warnings_only"], ["clean", "clean"]]
      .map(([value, word]) => option(value, t(word), state.filter.severity)).join("");
    $("filter-diagnosis").innerHTML = option("", t("all_diagnoses"), state.filter.diagnosis) +
      Object.keys(data.diagnoses).map((key) => option(key, tr(data.diagnoses[key]), state.filter.diagnosis)).join("");
    const rules = [...new Set(data.reports.flatMap((r) => r.rules))].sort();
    $("filter-rule").innerHTML = option("", t("all_rules"), state.filter.rule) +
      rules.map((rule) => option(rule, rule, state.filter.rule)).join("");
  }
  function counted(n, kind) {
    return `<td class="num${n ? " has-" + kind : ""}">${n}</td>`;
  }
  function detailRow(r) {
    return `<tr class="detail" data-detail="${r.rank}"><td colspan="${COLUMNS.length}">${detailHtml(r)}</td></tr>`;
  }
  function rowHtml(r) {
    const c = r.counts;
    const open = state.open.has(r.rank);
    const row = `<tr class="report${open ? " open" : ""}" data-rank="${r.rank}" tabindex="0" aria-expanded="${open}">` +
      `<td class="num">${r.rank}</td>${counted(c.errors, "errors")}${counted(c.warnings, "warnings")}` +
      `${counted(c.not_assessable, "na")}<td class="body">${esc(r.body)}</td><td class="num">${esc(r.year)}</td>` +
      `<td>${esc(r.template)}</td><td><span class="diag diag-${r.diagnosis}">${esc(tr(data.diagnoses[r.diagnosis]))}</span></td>` +
      `<td class="rules">${r.rules.slice(0, 3).map((rule) => `<code>${esc(rule)}</code>`).join(" ")}${r.rules.length > 3 ? " …" : ""}</td>` +
      `<td class="path">${esc(r.path)}</td></tr>`;
    return open ? row + detailRow(r) : row;
  }
  // rows are drawn a chunk at a time, the next when the reader scrolls to the end: sorting
  // or filtering thousands of reports then lays out one chunk, not the whole table
  function moreHtml() {
    const left = state.shown.length - state.limit;
    return left > 0 ? `<tr class="more"><td colspan="${COLUMNS.length}"><button type="button" data-action="more">` +
      `${esc(t("more", { n: left }))}</button></td></tr>` : "";
  }
  function watchMore() {
    const more = document.querySelector("tr.more");
    if (more && observer) observer.observe(more);
  }
  function renderRows(keepLimit) {
    if (!keepLimit) state.limit = CHUNK;
    state.shown = data.reports.filter(passes).sort(compare);
    $("report-rows").innerHTML = state.shown.length ? state.shown.slice(0, state.limit).map(rowHtml).join("") + moreHtml()
      : `<tr class="empty"><td colspan="${COLUMNS.length}">${esc(t("none_shown"))}</td></tr>`;
    $("shown").textContent = t("shown", { n: state.shown.length, total: data.reports.length });
    watchMore();
  }
  function showMore() {
    const more = document.querySelector("tr.more");
    if (!more) return;
    const from = state.limit;
    state.limit += CHUNK;
    more.remove();
    $("report-rows").insertAdjacentHTML("beforeend", state.shown.slice(from, state.limit).map(rowHtml).join("") + moreHtml());
    watchMore();
  }
  const observer = "IntersectionObserver" in window
    ? new IntersectionObserver((seen) => { if (seen.some((e) => e.isIntersecting)) showMore(); }, { rootMargin: "400px" }) : null;
  function refreshDetail(rank) {
    const detail = document.querySelector(`tr[data-detail="${rank}"] > td`);
    if (detail) detail.innerHTML = detailHtml(byRank.get(rank));
    renderDecisions();
  }

  // ---- a report's drill-down -----------------------------------------------------------
  function excerptHtml(excerpt) {
    if (!excerpt) return "";
    const head = `<tr><th>${esc(excerpt.title)}</th>${excerpt.columns.map((c) => `<th class="num">${esc(c)}</th>`).join("")}</tr>`;
    const rows = excerpt.rows.map((row) => {
      if (row.elided) return `<tr class="elided"><td colspan="${excerpt.columns.length + 1}">${esc(t("elided", { n: row.elided }))}</td></tr>`;
      return `<tr><th scope="row">${esc(row.label)}</th>${row.cells.map((cell) => {
        if (!cell) return "<td></td>";
        const [value, kind] = cell;
        if (kind === "p") return `<td class="num cell-primary"><mark>${esc(value)}</mark></td>`;
        return `<td class="num${kind === "q" ? " cell-quiet" : ""}">${esc(value)}</td>`;
      }).join("")}</tr>`;
    });
    return `<table class="excerpt"><thead>${head}</thead><tbody>${rows.join("")}</tbody></table>`;
  }
  function messageHtml(f) {
    const message = tr(f.message), quote = f.quote ? tr(f.quote) : null;
    if (quote && message.startsWith("“" + quote + "”")) {
      return `<p class="message"><q class="sentence">${esc(quote)}</q>${esc(message.slice(quote.length + 2))}</p>`;
    }
    return `<p class="message">${esc(message)}</p>`;
  }
  function causeHtml(f) {
    const colon = state.lang === "zh" ? "：" : ": ";
    if (f.cause === "same") return `<p class="cause same">${esc(t("same_cause"))}</p>`;
    if (f.cause) {
      const [headline, ...changes] = tr(f.cause);
      return `<p class="cause">${esc(headline)}</p>` + (changes.length
        ? `<ul class="changes">${changes.map((c) => `<li>${esc(t("fix"))}${colon}${esc(c)}</li>`).join("")}</ul>` : "");
    }
    return f.help ? `<p class="help">${esc(t("help"))}${colon}${esc(tr(f.help))}</p>` : "";
  }
  function reviewText(review) {
    const colon = state.lang === "zh" ? "：" : ": ";
    const head = t("review_by", { verdict: t(review.verdict), author: review.author, date: review.date });
    return head + (review.why ? colon + review.why : "");
  }
  function reviewHtml(f) {
    const pending = state.decided.get(f.fp);
    let html = "";
    if (f.review) html += `<p class="review review-${f.review.verdict}${pending ? " replaced" : ""}">${esc(reviewText(f.review))}</p>`;
    if (pending) {
      html += `<p class="review review-${pending.verdict} pending"><span class="tag">${esc(t("pending"))}</span> ` +
        `${esc(reviewText(pending))} <button type="button" data-action="undo">${esc(t("undo"))}</button></p>`;
    }
    return html;
  }
  function formHtml(f) {
    const verdict = state.forms.get(f.fp);
    if (!verdict) {
      return `<div class="decide"><button type="button" data-action="open-confirmed">${esc(t("confirm"))}</button>` +
        `<button type="button" data-action="open-dismissed">${esc(t("dismiss"))}</button></div>`;
    }
    const hint = verdict === "dismissed" ? t("why_placeholder") : t("why_optional");
    return `<div class="decide open" data-verdict="${verdict}"><label>${esc(t("why"))} ` +
      `<textarea class="why" rows="2" placeholder="${esc(hint)}"></textarea></label>` +
      `<button type="button" data-action="record">${esc(t("save"))} · ${esc(t(verdict))}</button>` +
      `<button type="button" data-action="cancel">${esc(t("cancel"))}</button><span class="form-error" role="alert"></span></div>`;
  }
  function findingHtml(f) {
    const badge = f.status === "not_assessable" ? ["na", t("na")] : [f.severity, t(f.severity)];
    const listed = f.listed ? `<ul class="listed">${tr(f.listed).map((line) => `<li>${esc(line)}</li>`).join("")}</ul>` : "";
    const arithmetic = f.arithmetic ? `<p class="arith"><span class="k">${esc(t("arithmetic"))}</span> <code>${esc(tr(f.arithmetic))}</code></p>` : "";
    return `<article class="finding sev-${badge[0]}" data-fp="${esc(f.fp)}" data-rule="${esc(f.rule)}">` +
      `<h4><span class="badge sev-${badge[0]}">${esc(badge[1])}</span> <code>${esc(f.rule)}</code> ${esc(tr(f.title))}</h4>` +
      reviewHtml(f) +
      `<p class="where"><span class="k">${esc(t("source"))}</span> <code>${esc(tr(f.where))}</code></p>` +
      (f.excerpt ? excerptHtml(tr(f.excerpt)) : "") + messageHtml(f) + listed + arithmetic + causeHtml(f) +
      `<p class="fp"><span class="k">${esc(t("fingerprint"))}</span> <code>${esc(f.fp)}</code></p>` + formHtml(f) + `</article>`;
  }
  function detailHtml(r) {
    const c = r.counts;
    const counts = [["errors", c.errors], ["warnings", c.warnings], ["infos", c.infos], ["not_assessable", c.not_assessable],
      ["dismissed", c.dismissed]].map(([key, n]) => `${n} ${esc(t(key))}`).join(" · ");
    const findings = r.findings.length ? r.findings.map(findingHtml).join("") : `<p class="muted">${esc(t("no_findings"))}</p>`;
    return `<div class="drill"><h3>${esc(r.body)} ${esc(r.year)} · ${esc(r.template)} · ` +
      `${esc(tr(data.diagnoses[r.diagnosis]))}</h3><p class="muted"><code>${esc(r.path)}</code> · ${counts}</p>${findings}</div>`;
  }

  // ---- reviewers' decisions ------------------------------------------------------------
  function findingOf(fp) {
    for (const r of data.reports) for (const f of r.findings) if (f.fp === fp) return [r, f];
    return [null, null];
  }
  function entry(r, f, verdict, why, author, date) {
    return { fingerprint: f.fp, verdict, why, author, date, rule: f.rule, body: r.body, year: r.year, place: f.place };
  }
  function allDecisions() {
    const all = new Map();
    for (const r of data.reports) for (const f of r.findings) {
      if (f.review) all.set(f.fp, entry(r, f, f.review.verdict, f.review.why, f.review.author, f.review.date));
    }
    for (const [fp, decision] of state.decided) all.set(fp, decision);
    return [...all.values()];
  }
  // YAML as gkaudit.decisions reads it: strings double-quoted (JSON's escapes are YAML's)
  function decisionsYaml() {
    const scalar = (value) => (value == null ? "null" : typeof value === "number" ? String(value) : JSON.stringify(String(value)));
    const keys = ["fingerprint", "verdict", "why", "author", "date", "rule", "body", "year", "place"];
    const items = allDecisions().map((d) => keys.map((key, i) => `${i ? "    " : "  - "}${key}: ${scalar(d[key])}`).join("\n"));
    return "# Reviewers' decisions for gkaudit (see docs/decisions.md)\ndecisions:" + (items.length ? "\n" + items.join("\n") + "\n" : " []\n");
  }
  function today() {
    const now = new Date(), pad = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }
  function renderDecisions() {
    const problems = data.problems.map((p) =>
      `<li><code>${esc(p.fingerprint)}</code> · <code>${esc(p.rule)}</code> · ${esc(p.body)}${p.year == null ? "" : " " + esc(p.year)}: ` +
      `<b>${esc(t(p.problem))}</b>${p.why ? " — " + esc(p.why) : ""}<br><span class="muted">${esc(p.source)}</span></li>`).join("");
    const author = document.activeElement && document.activeElement.id === "author" ? null : state.author;
    if (!$("decisions").dataset.built) {
      $("decisions").dataset.built = "1";
      $("decisions").innerHTML = `<h2></h2><label><span></span> <input id="author" autocomplete="name"></label> ` +
        `<button type="button" id="download"></button><p class="muted note"></p><div id="problems"></div>`;
    }
    const panel = $("decisions");
    panel.querySelector("h2").textContent = t("decisions");
    panel.querySelector("label span").textContent = t("author");
    if (author !== null) $("author").value = author;
    $("download").textContent = t("download", { n: allDecisions().length });
    panel.querySelector(".note").textContent = t("decisions_note");
    $("problems").innerHTML = problems ? `<h3>${esc(t("problems"))}</h3><ul>${problems}</ul>` : "";
  }
  function download() {
    const blob = new Blob([decisionsYaml()], { type: "text/yaml;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "gkaudit.decisions.yaml";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }
  function record(article) {
    const fp = article.dataset.fp, form = article.querySelector(".decide");
    const verdict = form.dataset.verdict, why = form.querySelector(".why").value.trim();
    const error = form.querySelector(".form-error");
    if (!state.author.trim()) { error.textContent = t("author_required"); $("author").focus(); return; }
    if (verdict === "dismissed" && !why) { error.textContent = t("why_required"); return; }
    const [r, f] = findingOf(fp);
    state.decided.set(fp, entry(r, f, verdict, why, state.author.trim(), today()));
    storeDecisions();
    state.forms.delete(fp);
    refreshDetail(r.rank);
  }
  function onDetailAction(button) {
    const article = button.closest("article.finding"), fp = article.dataset.fp;
    const rank = Number(button.closest("tr.detail").dataset.detail);
    const action = button.dataset.action;
    if (action === "record") { record(article); return; }
    if (action.startsWith("open-")) state.forms.set(fp, action.slice(5));
    else if (action === "cancel") state.forms.delete(fp);
    else if (action === "undo") { state.decided.delete(fp); storeDecisions(); }
    refreshDetail(rank);
  }

  // ---- the rest ------------------------------------------------------------------------
  function renderInputs() {
    const list = (key, messages) => messages.length
      ? `<h2>${esc(t(key))} <b>${messages.length}</b></h2><ul class="input-${key}">${messages.map((m) => `<li><code>${esc(m)}</code></li>`).join("")}</ul>` : "";
    $("inputs").innerHTML = list("skipped", data.skipped) + list("unreadable", data.unreadable);
  }
  function renderAll() {
    document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
    document.title = t("title");
    $("page-title").textContent = t("title");
    $("lang-toggle").textContent = t("lang_toggle");
    renderSummary(); renderDiagnoses(); renderChart(); renderDecisions(); renderFilters(); renderHead(); renderRows(true); renderInputs();
  }
  function toggle(row) {
    const rank = Number(row.dataset.rank), open = !state.open.has(rank);
    if (open) state.open.add(rank); else state.open.delete(rank);
    row.classList.toggle("open", open);
    row.setAttribute("aria-expanded", String(open));
    if (open) row.insertAdjacentHTML("afterend", detailRow(byRank.get(rank)));
    else document.querySelector(`tr[data-detail="${rank}"]`).remove();
  }

  $("lang-toggle").addEventListener("click", () => { state.lang = state.lang === "zh" ? "en" : "zh"; renderAll(); });
  let typing = 0;
  $("search").addEventListener("input", (event) => {
    clearTimeout(typing);
    typing = setTimeout(() => { state.filter.text = event.target.value.trim().toLowerCase(); renderRows(); }, 120);
  });
  for (const [id, key] of [["filter-severity", "severity"], ["filter-diagnosis", "diagnosis"], ["filter-rule", "rule"]]) {
    $(id).addEventListener("change", (event) => { state.filter[key] = event.target.value; renderDiagnoses(); renderRows(); });
  }
  $("report-head").addEventListener("click", (event) => {
    const th = event.target.closest("th[data-sort]");
    if (!th) return;
    const key = th.dataset.sort, numeric = th.classList.contains("num");
    state.sort = state.sort.key === key ? { key, dir: -state.sort.dir } : { key, dir: numeric && key !== "rank" ? -1 : 1 };
    renderHead(); renderRows();
  });
  $("report-rows").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (button) { if (button.dataset.action === "more") showMore(); else onDetailAction(button); return; }
    const row = event.target.closest("tr.report");
    if (row) toggle(row);
  });
  $("report-rows").addEventListener("keydown", (event) => {
    const row = event.target.closest("tr.report");
    if (row && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); toggle(row); }
  });
  const pick = (key, value) => {
    state.filter[key] = state.filter[key] === value ? "" : value;
    renderFilters(); renderDiagnoses(); renderRows();
  };
  $("diagnoses").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-diagnosis]");
    if (button) pick("diagnosis", button.dataset.diagnosis);
  });
  $("chart").addEventListener("click", (event) => {
    const bar = event.target.closest("g[data-rule]");
    if (bar) pick("rule", bar.dataset.rule);
  });
  document.addEventListener("input", (event) => {
    if (event.target.id === "author") { state.author = event.target.value; save("gkaudit.author", state.author); }
  });
  document.addEventListener("click", (event) => { if (event.target.id === "download") download(); });
  renderAll();
})();
