import type { Page } from "playwright-core";
import { type HeadlessBrowser, launchChromium } from "./browser";
import { type RuntimeProcess, startRuntimeProcess } from "./runtime-process";

export interface PageSession {
  readonly runtime: RuntimeProcess;
  readonly browser: HeadlessBrowser;
  readonly page: Page;
}

/**
 * `npm start` as a user runs it, plus headless Chromium on its page. Any dialog fails the test:
 * an alert() would mean message text ran as script.
 */
export async function openRuntimeWithPage(env: Record<string, string>): Promise<PageSession> {
  const runtime = await startRuntimeProcess({ env });
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  page.on("dialog", (dialog) => {
    throw new Error(`The page opened a dialog: ${dialog.message()}`);
  });
  await page.goto(`${runtime.url}/`);
  return { runtime, browser, page };
}

/** Closes the browser and stops the runtime (Ctrl-C) unless a test already did. */
export async function closeRuntimeWithPage(session: Partial<PageSession>): Promise<void> {
  await session.browser?.close();
  if (session.runtime && session.runtime.child.exitCode === null) await session.runtime.interrupt();
}
