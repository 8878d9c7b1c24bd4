/**
 * Headless Chromium through playwright-core, for PNG export: the system's browser (Debian's
 * /usr/bin/chromium by default), never a downloaded one, with a fresh profile per launch.
 *
 * playwright-core is loaded lazily and described by the few members used here, so the
 * library loads (and type-checks) without it; only PNG export needs it.
 *
 * @module
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  isMissingPackage,
  missingPackageMessage,
  OPTIONAL_PACKAGES,
} from '../util/optional-package.js';

/** Browsers tried, in order, when no executable path is given. */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];

/**
 * Command-line flags: headless without a GPU or sandbox (containers, CI), and no network
 * traffic of the browser's own (updates, sync, QUIC probes).
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Options for launching the browser. */
export interface ChromiumOptions {
  /** The Chromium/Chrome binary; default: the first of {@link CHROMIUM_CANDIDATES} found. */
  readonly executablePath?: string;
}

/** The parts of a playwright page used here. */
export interface BrowserPage {
  goto(url: string, options?: { timeout?: number; waitUntil?: 'load' }): Promise<unknown>;
  evaluate<R>(expression: string): Promise<R>;
  waitForFunction(
    expression: string,
    arg?: unknown,
    options?: { timeout?: number },
  ): Promise<unknown>;
  setViewportSize(size: { width: number; height: number }): Promise<void>;
  screenshot(options: { fullPage?: boolean; type?: 'png' }): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** The parts of a playwright browser context used here. */
export interface BrowserContext {
  newPage(): Promise<BrowserPage>;
  close(): Promise<void>;
}

interface PlaywrightChromium {
  launchPersistentContext(
    userDataDir: string,
    options: { executablePath: string; args: string[]; headless: boolean; timeout: number },
  ): Promise<BrowserContext>;
}

/** A launched browser and the profile folder it owns (removed by `close`). */
export interface ChromiumBrowser {
  readonly context: BrowserContext;
  /** The executable that runs. */
  readonly executablePath: string;
  /** Closes the browser and deletes its profile folder. */
  close(): Promise<void>;
}

/**
 * The browser executable: `executablePath` if it exists, else the first candidate found.
 * Throws FILE_NOT_FOUND with installation advice otherwise; nothing is ever downloaded.
 */
export function findChromium(executablePath?: string): string {
  const candidates = executablePath === undefined ? CHROMIUM_CANDIDATES : [executablePath];
  const found = candidates.find((path) => existsSync(path));
  if (found !== undefined) return found;
  throw new CohortlabError(
    'FILE_NOT_FOUND',
    `no Chromium browser found (tried ${candidates.join(', ')}); PNG export needs one: ` +
      'install it (Debian/Ubuntu: apt-get install chromium) or pass executablePath. ' +
      'cohortlab never downloads a browser',
    { file: candidates[0] as string },
  );
}

/** Loads playwright-core on demand (a development dependency: only PNG export needs it). */
async function loadPlaywright(): Promise<PlaywrightChromium> {
  // A variable specifier: TypeScript then does not resolve playwright-core's own types.
  const specifier = 'playwright-core';
  let loaded: { chromium?: PlaywrightChromium; default?: { chromium?: PlaywrightChromium } };
  try {
    loaded = (await import(specifier)) as typeof loaded;
  } catch (error) {
    if (!isMissingPackage(error, specifier)) throw error;
    throw new CohortlabError(
      'MISSING_PACKAGE',
      missingPackageMessage(OPTIONAL_PACKAGES.playwright),
      {},
      error,
    );
  }
  const chromium = loaded.chromium ?? loaded.default?.chromium;
  if (chromium === undefined) {
    throw new CohortlabError('MISSING_PACKAGE', 'playwright-core has no chromium launcher', {
      file: 'playwright-core',
    });
  }
  return chromium;
}

/**
 * Launches headless Chromium with {@link CHROMIUM_FLAGS} and a fresh profile folder under
 * the system's temporary folder. `outputFile` only names the file in errors.
 */
export async function launchChromium(
  options: ChromiumOptions = {},
  outputFile?: string,
): Promise<ChromiumBrowser> {
  const executablePath = findChromium(options.executablePath);
  const chromium = await loadPlaywright();
  const profile = mkdtempSync(join(tmpdir(), 'cohortlab-chromium-'));
  const removeProfile = (): void => rmSync(profile, { recursive: true, force: true });
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      args: [...CHROMIUM_FLAGS],
      headless: true,
      timeout: 60_000,
    });
  } catch (error) {
    removeProfile();
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CohortlabError(
      'WRITE_FAILED',
      `Chromium (${executablePath}) did not start: ${reason}`,
      outputFile === undefined ? {} : { file: outputFile },
      error,
    );
  }
  return {
    context,
    executablePath,
    async close() {
      try {
        await context.close();
      } finally {
        removeProfile();
      }
    },
  };
}
