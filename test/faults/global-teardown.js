import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import teardownServers from '../support/global-teardown.js';

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Prints what each scenario did and found as a markdown table, keeps it in .data/faults/RESULTS.md, then stops the servers. */
export default async function globalTeardown() {
  await teardownServers();
  const dir = join(process.cwd(), '.data/faults');
  const file = join(dir, 'results.jsonl');
  const rows = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
        .sort((a, b) => a.order - b.order)
    : [];
  const seconds = Math.round((Date.now() - (globalThis.__faultsStartedAt ?? Date.now())) / 1000);
  const lines = [
    `# Fault suite results`,
    '',
    `${new Date().toISOString()}, ${rows.length} scenarios, ${seconds} s for the jest run (without the build).`,
    '',
    "Shared invariants (test/faults/invariants.ts), checked against the Stripe emulator's own record: *one effect per event* (each event acknowledged with a 2xx is stored once; each succeeded PaymentIntent has exactly one charge in the ledger, for its amount), *ledger = totals* (per campaign, the ledger, the public and staff totals and Stripe agree), *one receipt each* (the distinct receipt Message-IDs are exactly the succeeded donations; resends counted apart; numbers gap-free), *outbox drained*. Then each scenario's own checks.",
    '',
    '| scenario | what was done | what was found | invariants | s |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${cell(r.scenario)} | ${cell(r.done)} | ${cell(r.found)} | ${cell(r.invariants)} | ${r.seconds} |`),
    '',
  ];
  if (!rows.length) lines.push('No scenario recorded a result.', '');
  const table = lines.join('\n');
  writeFileSync(join(dir, 'RESULTS.md'), table);
  process.stdout.write(`\n${table}\n`);
}
