// What the bench scripts share: the system Chromium's flags, the command line and
// the BENCH line.
// Nothing may call a host but loopback (TOOLCHAIN.md): without the background
// networking flags Chromium keeps trying to reach outside hosts.

export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication',
];

/** Prints one figure as the bench contract says: `BENCH {json}`. */
export function bench(name, value, budget, unit) {
  console.log(`BENCH ${JSON.stringify({ name, value, budget, unit })}`);
}

/** Reads `[--out PATH] BASE_URL ITEM...`; prints `usage` and exits when incomplete. */
export function commandLine(usage) {
  const args = process.argv.slice(2);
  let out = null;
  if (args[0] === '--out') out = args.splice(0, 2)[1];
  const [base, ...items] = args;
  if (!base || items.length === 0) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return { out, base, items };
}
