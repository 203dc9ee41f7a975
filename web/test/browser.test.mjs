// The page in a real browser: Debian's Chromium, headless, driven by playwright-core.
// Starts `ally serve --port 0` (the binary from ALLY_BIN, else target/release/ally, else
// target/debug/ally), loads the page, picks an example, runs it, sees the answers and
// the picture, types a typo and sees it underlined, and follows a share link; on a
// projector: no broken image before a run, answers that wrap, query lines set apart;
// the shares of an answer about chances drawn as bars.
// SCREENSHOT=path writes a picture of the page there (docs/serve.png in the README).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin =
  process.env.ALLY_BIN ||
  [join(root, "target/release/ally"), join(root, "target/debug/ally")].find(existsSync);
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

// playwright gives each launch a fresh, empty profile of its own (--user-data-dir).
let server, base, browser;

function startServer() {
  return new Promise((resolve, reject) => {
    server = spawn(bin, ["serve", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no address from ${bin}: ${out}`)), 20000);
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.on("exit", (code) => reject(new Error(`ally serve exited with ${code}`)));
  });
}

before(async () => {
  assert.ok(bin, "build ally first (cargo build --release)");
  base = await startServer();
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill();
});

async function openPage(url, viewport = { width: 1280, height: 900 }) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
  return { page, errors };
}

test("an example runs: answers beside the editor, the picture below", async () => {
  const { page, errors } = await openPage(base + "/");
  const names = await page.$$eval("#examples option", (os) => os.map((o) => o.value));
  assert.ok(names.includes("deterrence") && names.length >= 10, names.join(","));
  await page.selectOption("#examples", "deterrence");
  await page.waitForFunction(() => document.querySelector(".cm-content").textContent.includes("Guarantor"));
  await page.click("#run");
  await page.waitForFunction(() => document.querySelector("#answers").textContent.includes("would Aggressor attack Target?"));
  const answers = await page.textContent("#answers");
  assert.match(answers, /expect Guarantor with Target … ok/);
  await page.waitForFunction(() => {
    const img = document.querySelector("#picture");
    return !img.hidden && img.complete && img.naturalWidth > 100;
  });
  // Highlighting and line numbers are CodeMirror's.
  assert.ok((await page.$$(".cm-lineNumbers .cm-gutterElement")).length > 10);
  assert.ok((await page.$$(".cm-content span[class]")).length > 10, "no highlighted tokens");
  // Beside: the answers' pane starts to the right of the editor on a laptop screen.
  const ed = await page.locator("#editor").boundingBox();
  const an = await page.locator("#answers").boundingBox();
  const pic = await page.locator("#picture").boundingBox();
  assert.ok(an.x > ed.x + ed.width - 1, "answers beside the editor");
  assert.ok(pic.y > ed.y + ed.height - 1, "picture below");
  if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("shares of draws are drawn as bars beside their numbers", async () => {
  const { page, errors } = await openPage(base + "/");
  await page.click(".cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.type(
    "draws 400\nstate A { power 1 }\nstate B { power 1..2 }\nstate C { power 1.5 }\nborder A ~ B\nthreat B -> A 0..1\nthreat C -> A 0..1\nhow likely is A with C?\nchances of alignments?\n",
  );
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction(() => document.querySelectorAll("#answers .bar").length > 0);
  const bars = await page.$$eval("#answers .bar", (els) =>
    els.map((e) => ({ label: e.getAttribute("aria-label"), width: e.firstElementChild.style.width })),
  );
  const text = await page.textContent("#answers");
  // One bar per share of draws in the answers (the expect lines have none here).
  const shares = [...text.matchAll(/\((\d+) of (\d+) draws/g)];
  assert.equal(bars.length, shares.length);
  for (const [k, m] of shares.entries()) {
    assert.equal(bars[k].label, `${m[1]} of ${m[2]} draws`);
    const share = (100 * Number(m[1])) / Number(m[2]);
    assert.ok(Math.abs(parseFloat(bars[k].width) - share) < 0.006, `${bars[k].width} for ${m[0]}`);
  }
  // The bar sits on the line of its number, which reads as the text answer does.
  assert.match(text, /A with C: \S+ \(\d+ of 400 draws; 95 % interval/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a typo is underlined, Ctrl-Enter runs and lists it", async () => {
  const { page } = await openPage(base + "/");
  await page.click(".cm-content");
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\nallies of Frnace?\n");
  const mark = page.locator(".cm-lintRange-error");
  await mark.first().waitFor();
  assert.equal(await mark.first().textContent(), "Frnace");
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction(() => document.querySelector("#problems").textContent.includes("ally::undeclared_state"));
  assert.match(await page.textContent("#problems"), /did you mean `France`\?/);
  await page.close();
});

test("a share link carries the scenario to a new page", async () => {
  const { page } = await openPage(base + "/");
  await page.click(".cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.type(
    'scenario "Shared é"\nstate Sparta { power 2 }\nstate Athens { power 3 }\nthreat Athens -> Sparta\nwho allies with whom?\n',
  );
  await page.click("#share");
  await page.waitForFunction(() => document.querySelector("#share-link").value !== "");
  const link = await page.inputValue("#share-link");
  assert.match(link, /#s=[A-Za-z0-9_-]+$/);
  await page.close();
  const { page: other } = await openPage(link);
  await other.waitForFunction(() => document.querySelector("#answers").textContent.includes("Sparta"));
  assert.match(await other.textContent(".cm-content"), /Shared é/);
  await other.close();
});

test("readable on a phone: the panes stack", async () => {
  const { page } = await openPage(base + "/#example=deterrence", { width: 390, height: 844 });
  await page.waitForFunction(() => document.querySelector("#answers").textContent.length > 0);
  const ed = await page.locator("#editor").boundingBox();
  const an = await page.locator("#answers").boundingBox();
  assert.ok(an.y > ed.y + ed.height - 1, "answers below the editor");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width}px wide on a 390px screen`);
  await page.close();
});

// Issue 26 item 7: the page on a projector.
test("before a run there is no picture, not a broken image", async () => {
  const { page, errors } = await openPage(base + "/");
  assert.equal(await page.locator("#picture").isVisible(), false, "an empty <img> is shown");
  assert.match(await page.textContent("#no-picture"), /picture/i);
  assert.deepEqual(errors, []);
  await page.close();
});

test("answers wrap, and query lines are set off from answers", async () => {
  // A projector's 1024 × 768, and an answer longer than the pane is wide.
  const { page } = await openPage(base + "/", { width: 1024, height: 768 });
  await page.click(".cm-content");
  await page.keyboard.press("Control+A");
  const names = Array.from({ length: 14 }, (_, i) => `Confederation_${i}`);
  const src =
    names.map((n, i) => `state ${n} { power ${1 + (i % 3)} }`).join("\n") +
    `\nthreat ${names[0]} -> ${names[1]} 0.9\nwho allies with whom?\nwhy ${names[2]}?\n`;
  await page.keyboard.insertText(src);
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction(() => document.querySelectorAll("#answers .query").length === 2);
  const fits = await page.$eval("#answers", (a) => a.scrollWidth <= a.clientWidth);
  assert.ok(fits, "the answers scroll sideways");
  const queries = await page.$$eval("#answers .query", (qs) => qs.map((q) => q.textContent));
  assert.deepEqual(queries, ["who allies with whom?", `why ${names[2]}?`]);
  const styles = await page.$eval("#answers", (a) => {
    const q = a.querySelector(".query");
    const line = [...a.childNodes].find((n) => n.nodeType === 3 && n.textContent.trim());
    const plain = getComputedStyle(a);
    const query = getComputedStyle(q);
    return { answer: [plain.fontWeight, plain.color], query: [query.fontWeight, query.color], line: !!line };
  });
  assert.ok(styles.line, "answer lines are there");
  assert.notDeepEqual(styles.query, styles.answer);
  await page.close();
});

test("a file with errors says why there are no answers", async () => {
  const { page } = await openPage(base + "/");
  await page.click(".cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText("state A { power 0 }\nthreat A -> B\nwho allies with whom?\n");
  await page.keyboard.press("Control+Enter");
  await page.waitForFunction(() => document.querySelector("#answers .silent"));
  assert.match(await page.textContent("#answers .silent"), /no answers: 2 errors/);
  assert.equal(await page.locator("#picture").isVisible(), false);
  await page.close();
});
