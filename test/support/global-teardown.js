import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  for (const service of (globalThis.__kizunaServices ?? []).reverse()) await service.stop();
  if (globalThis.__kizunaDataDir) rmSync(globalThis.__kizunaDataDir, { recursive: true, force: true });
}
