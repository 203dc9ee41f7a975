// The page of `ally serve`: an editor, its diagnostics, the answers and the picture.
import { EditorState } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, defaultHighlightStyle, bracketMatching } from "@codemirror/language";
import { linter, lintGutter, setDiagnostics } from "@codemirror/lint";
import { ally } from "./ally-mode.js";
import { encode, decode } from "./share.js";

const $ = (id) => document.getElementById(id);
const answers = $("answers");
const problems = $("problems");
const status = $("status");
const picture = $("picture");
const noPicture = $("no-picture");
const menu = $("examples");
const shareBox = $("share-link");

/** Calls the API; resolves to `{ ok, body }` with the JSON answer either way. */
async function api(path, init) {
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    return { ok: false, body: { error: { code: "network", message: "the server cannot be reached" } } };
  }
  let body;
  try {
    body = await res.json();
  } catch {
    body = { error: { code: "http", message: `the server answered ${res.status}` } };
  }
  return { ok: res.ok, body };
}

const post = (path, source) =>
  api(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ source }),
  });

/** The server's diagnostics as CodeMirror's, clamped to the document. */
function toEditor(diags, doc) {
  return (diags || []).map((d) => {
    const from = Math.min(d.from, doc.length);
    let to = Math.min(Math.max(d.to, from), doc.length);
    if (to === from && to < doc.length) to += 1;
    return {
      from,
      to,
      severity: d.severity === "warning" ? "warning" : "error",
      source: d.code,
      message: d.help ? `${d.message} (${d.help})` : d.message,
    };
  });
}

const checkSource = linter(
  async (view) => {
    const source = view.state.doc.toString();
    const { body } = await post("/api/check", source);
    if (body.error) return [];
    return toEditor(body.diagnostics, view.state.doc);
  },
  { delay: 400 },
);

const view = new EditorView({
  parent: $("editor"),
  state: EditorState.create({
    doc: "",
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightActiveLine(),
      drawSelection(),
      history(),
      bracketMatching(),
      ally,
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      checkSource,
      lintGutter(),
      keymap.of([
        { key: "Mod-Enter", run: () => (run(), true), preventDefault: true },
        indentWithTab,
        ...defaultKeymap,
        ...historyKeymap,
      ]),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ "aria-label": "Scenario" }),
    ],
  }),
});

function setSource(text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

let shownUrl = null;
function showPicture(svg) {
  if (shownUrl) URL.revokeObjectURL(shownUrl);
  shownUrl = null;
  if (!svg) {
    picture.removeAttribute("src");
    picture.hidden = true;
    noPicture.hidden = false;
    return;
  }
  noPicture.hidden = true;
  // An <img> never runs anything inside the SVG, whoever wrote the scenario.
  shownUrl = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  picture.src = shownUrl;
  picture.hidden = false;
}

// A share of draws as an answer about chances prints it: `0.7255 (1451 of 2000 draws`.
const SHARE = /(\S+) \((\d+) of (\d+) draws/;

/** A bar filled to `count / draws`, drawn before the share's number (no text of its own,
 * so the pane's text stays the text answer). */
function shareBar(count, draws) {
  const bar = document.createElement("span");
  bar.className = "bar";
  bar.setAttribute("role", "img");
  bar.setAttribute("aria-label", `${count} of ${draws} draws`);
  const fill = document.createElement("span");
  fill.style.width = `${((100 * count) / draws).toFixed(2)}%`;
  bar.append(fill);
  return bar;
}

/** The answers' text, each query line (and a silent file's closing line) marked, and
 * each share of draws in an answer about chances drawn as a bar before its number. */
function showAnswers(text, queries) {
  const asked = new Set(queries || []);
  const nodes = [];
  for (const line of text.split("\n")) {
    const kind = asked.has(line) ? "query" : line.startsWith("no answers:") ? "silent" : null;
    const share = !kind && !line.startsWith("expect ") && SHARE.exec(line);
    if (kind) {
      const span = document.createElement("span");
      span.className = kind;
      span.textContent = line;
      nodes.push(span, document.createTextNode("\n"));
    } else if (share && Number(share[3]) > 0) {
      nodes.push(
        document.createTextNode(line.slice(0, share.index)),
        shareBar(Number(share[2]), Number(share[3])),
        document.createTextNode(`${line.slice(share.index)}\n`),
      );
    } else {
      nodes.push(document.createTextNode(`${line}\n`));
    }
  }
  answers.replaceChildren(...nodes);
}

function showProblems(diags) {
  problems.replaceChildren(
    ...(diags || []).map((d) => {
      const li = document.createElement("li");
      li.className = d.severity;
      li.textContent = `line ${d.line}: ${d.message}${d.help ? ` — ${d.help}` : ""} [${d.code}]`;
      li.addEventListener("click", () => {
        view.dispatch({ selection: { anchor: Math.min(d.from, view.state.doc.length) }, scrollIntoView: true });
        view.focus();
      });
      return li;
    }),
  );
}

let runs = 0;
async function run() {
  const mine = ++runs;
  const source = view.state.doc.toString();
  const started = performance.now();
  status.textContent = "Running…";
  document.body.classList.add("busy");
  const { body } = await post("/api/run", source);
  if (mine !== runs) return;
  document.body.classList.remove("busy");
  const ms = Math.round(performance.now() - started);
  if (body.error) {
    answers.textContent = "";
    showPicture(null);
    showProblems([{ ...body.error, line: "–", from: 0, severity: "error" }]);
    status.textContent = `Not answered: ${body.error.code}`;
    return;
  }
  const file = body.files && body.files[0];
  showAnswers(
    (body.text || "(no questions in the scenario)\n").replace(/\n$/, ""),
    file && (file.queries || []).map((q) => q.query),
  );
  showProblems(body.diagnostics);
  showPicture(body.svg);
  if (view.state.doc.toString() === source) {
    view.dispatch(setDiagnostics(view.state, toEditor(body.diagnostics, view.state.doc)));
  }
  const verdict = file && file.ok ? "ok" : "with problems";
  status.textContent =
    file && file.answered === false
      ? "Not answered: fix the problems listed and run again"
      : `Answered in ${ms} ms, ${verdict}`;
}

async function loadExample(name, andRun) {
  const { body } = await api(`/api/examples/${encodeURIComponent(name)}`);
  if (body.error) {
    status.textContent = body.error.message;
    return;
  }
  setSource(body.source);
  menu.value = name;
  if (andRun) run();
}

async function share() {
  const frag = await encode(view.state.doc.toString());
  const url = `${location.origin}${location.pathname}#${frag}`;
  window.history.replaceState(null, "", url);
  shareBox.value = url;
  shareBox.hidden = false;
  shareBox.select();
  try {
    await navigator.clipboard.writeText(url);
    status.textContent = "Share link copied";
  } catch {
    status.textContent = "Share link below: copy it";
  }
}

async function fromFragment() {
  const found = await decode(location.hash);
  if (found && found.source !== undefined) {
    setSource(found.source);
    menu.value = "";
    run();
    return true;
  }
  if (found && found.example) {
    await loadExample(found.example, true);
    return true;
  }
  return false;
}

async function start() {
  const { body } = await api("/api/examples");
  if (Array.isArray(body)) {
    for (const e of body) {
      const o = document.createElement("option");
      o.value = e.name;
      o.textContent = e.title ? `${e.title} (${e.name})` : e.name;
      menu.append(o);
    }
  }
  menu.addEventListener("change", () => menu.value && loadExample(menu.value, true));
  $("run").addEventListener("click", run);
  $("share").addEventListener("click", share);
  window.addEventListener("hashchange", fromFragment);
  if (!(await fromFragment())) await loadExample("lecture-1914", false);
  document.body.dataset.ready = "true";
}

start();
