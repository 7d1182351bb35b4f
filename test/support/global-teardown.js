export default async function globalTeardown() {
  for (const service of (globalThis.__kizunaServices ?? []).reverse()) await service.stop();
}
