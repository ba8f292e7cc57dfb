// The web build's page: load Pyodide and the engine, then pass clicks and keys to the game and show
// the HTML it answers with. No game rule lives here: which choices exist, what a key does to the story,
// saves and transcripts are all decided by the Python engine (game.views.browser).
import { loadPyodide } from "./pyodide/pyodide.mjs";

const main = document.getElementById("main");
const nav = document.getElementById("nav");
const announcer = document.getElementById("announce");
const timings = (window.petrogradTimings = []);
let game = null;

function say(text) {
  if (!text) return;
  announcer.textContent = "";
  // a new node each time, so that the same sentence twice is read twice
  window.setTimeout(() => { announcer.textContent = text; }, 30);
}

function download(file) {
  const blob = new Blob([file.text], { type: file.type + ";charset=utf-8" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = file.name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

function show(answer) {
  const reply = JSON.parse(answer);
  if (reply.main !== undefined) {
    main.innerHTML = reply.main;
    document.body.dataset.screens = String(Number(document.body.dataset.screens || 0) + 1);
    nav.innerHTML = reply.nav;
    document.title = reply.title;
    if (reply.focus) {
      const heading = document.getElementById("screen-title");
      if (heading) heading.focus();
      window.scrollTo(0, 0);
    }
  }
  (reply.download || []).forEach(download);
  say(reply.announce);
}

function act(action, arg = "", data = null) {
  if (!game) return;
  try {
    show(game.act(action, arg, data ? JSON.stringify(data) : ""));
  } catch (error) {
    say("Something went wrong inside the game: " + String(error).split("\n").slice(-2).join(" "));
    console.error(error);
  }
}

function formData(form, submitter) {
  const data = Object.fromEntries(new FormData(form).entries());
  if (submitter && submitter.name) data[submitter.name] = submitter.value;
  return data;
}

document.addEventListener("click", (event) => {
  const control = event.target.closest("[data-action]");
  if (!control || control.tagName === "FORM" || control.tagName === "INPUT") return;
  event.preventDefault();
  act(control.dataset.action, control.dataset.arg || "");
});

document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-action]");
  if (!form) return;
  event.preventDefault();
  act(form.dataset.action, "", formData(form, event.submitter));
});

document.addEventListener("change", (event) => {
  const input = event.target;
  if (input.type === "file" && input.dataset.action && input.files.length) {
    const file = input.files[0];
    file.text().then((text) => act(input.dataset.action, "", { text: text, file: file.name }));
    return;
  }
  const form = input.closest && input.closest("form[data-autosubmit]");
  if (form) act(form.dataset.action, "quiet", formData(form, null));
});

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const typing = event.target.closest && event.target.closest("input, textarea, select");
  if (typing && event.key !== "Escape") return;
  const selector = '[data-key="' + CSS.escape(event.key) + '"]';
  const control = main.querySelector(selector) || nav.querySelector(selector);
  if (!control) return;
  event.preventDefault();
  timings.push({ key: event.key, start: performance.now() });
  control.click();
  const last = timings[timings.length - 1];
  last.end = performance.now();
  // the time until the browser has drawn the new screen
  requestAnimationFrame(() => window.setTimeout(() => { last.painted = performance.now(); }, 0));
});

const marks = (window.petrogradMarks = {});

function fetched(name, read) {
  return fetch(name).then((r) => { if (!r.ok) throw new Error(name + ": " + r.status); return read(r); });
}

async function start() {
  // the engine and the story download while Pyodide starts
  const files = Promise.all([fetched("engine.zip", (r) => r.arrayBuffer()), fetched("story.json", (r) => r.text())]);
  const pyodide = await loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href });
  marks.pyodide = performance.now();
  const [engine, story] = await files;
  marks.files = performance.now();
  pyodide.unpackArchive(engine, "zip", { extractDir: "/home/pyodide/engine" });
  pyodide.globals.set("story_json", story);
  let storage = null;
  try { storage = window.localStorage; storage.getItem("petrograd"); } catch (e) { storage = null; }
  pyodide.globals.set("browser_storage", storage);
  game = pyodide.runPython(`
import sys
sys.path.insert(0, "/home/pyodide/engine")
from game.views.browser.start import start_game
start_game(story_json, browser_storage)
`);
  marks.python = performance.now();
  show(game.page());
  document.body.dataset.ready = "1";
  window.petrogradReady = performance.now();
  keepForOffline();
}

// Where the browser allows service workers (https, or this computer), the files are kept for offline use.
function keepForOffline() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("sw.js")
    .then(() => navigator.serviceWorker.ready)
    .then(() => { document.body.dataset.offline = "1"; })
    .catch((error) => console.warn("The game will need the network next time:", error));
}

start().catch((error) => {
  const loading = document.getElementById("loading");
  if (loading) loading.textContent = "The game could not start in this browser: " + error;
  console.error(error);
});
