import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Flags for a headless Chromium on a machine with no network beyond loopback. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function chromiumPath(): string | null {
  return CANDIDATES.find((p): p is string => !!p && fs.existsSync(p)) ?? null;
}

/** A headless Chromium from the system (Debian's chromium), or null when there is none. */
export async function launchChromium(): Promise<Browser | null> {
  const executablePath = chromiumPath();
  return executablePath ? chromium.launch({ executablePath, headless: true, args: ARGS }) : null;
}
