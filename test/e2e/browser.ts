// Debian's Chromium through playwright-core for the e2e suite (never a downloaded browser; without it the suite
// fails, it does not skip), and the page helpers the tests share: wait for a verdict, save a screenshot.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
export { launchChromium } from "../helpers/chromium.js";

export const SCREENSHOT_DIR = resolve(import.meta.dirname, "../../test-results");
/** How long a verdict may take to appear, ms (a whole log on this loaded 2-core machine). */
export const VERDICT_WAIT_MS = 90_000;

/** Opens the page the node serves at / and waits until its tools are wired (core.wasm loaded). */
export async function openPage(browser: Browser, url: string, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${url}/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: VERDICT_WAIT_MS });
  return page;
}

/** Clicks `button`, then waits for `verdictId` to settle on pass or fail; returns its state and text. */
export async function run(page: Page, button: string, verdictId: string): Promise<{ state: string; text: string }> {
  await page.$eval(`#${verdictId}`, (e) => ((e as HTMLElement).dataset.state = "idle"));
  await page.click(`#${button}`);
  const sel = `#${verdictId}[data-state=pass], #${verdictId}[data-state=fail]`;
  const el = await page.waitForSelector(sel, { timeout: VERDICT_WAIT_MS });
  return { state: (await el.getAttribute("data-state")) ?? "", text: (await el.textContent()) ?? "" };
}

/** The data-step → data-state of a step list. */
export async function steps(page: Page, listId: string): Promise<Record<string, string>> {
  return page.$$eval(`#${listId} li`, (lis) =>
    Object.fromEntries(lis.map((li) => [(li as HTMLElement).dataset.step!, (li as HTMLElement).dataset.state!])),
  );
}

/** Saves a full-page screenshot of the section around `anchor` as test-results/<name>.png; returns its path. */
export async function shot(page: Page, name: string, anchor?: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  if (anchor !== undefined) {
    const section = page.locator(`#${anchor}`).locator("xpath=ancestor::section[1]");
    await section.screenshot({ path });
  } else await page.screenshot({ path, fullPage: true });
  return path;
}
