// Debian's Chromium through playwright-core, for every suite that drives a browser (never a downloaded browser;
// without it a suite fails, it does not skip). The flags are TOOLCHAIN.md's.
import { existsSync } from "node:fs";
import { expect } from "vitest";
import type { Browser } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchChromium(): Promise<Browser> {
  expect(existsSync(CHROMIUM), `${CHROMIUM} is required (apt-get install -y chromium)`).toBe(true);
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
