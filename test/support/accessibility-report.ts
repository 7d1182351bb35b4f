import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Impact = 'critical' | 'serious' | 'moderate' | 'minor';

export interface AxeResult {
  page: string;
  language: 'en' | 'ja';
  screen: 'phone' | 'desktop';
  /** The page's own `lang`: a page with no Japanese yet is served in English to a Japanese browser. */
  servedIn: string;
  /** Each violated rule, with how many elements break it and the selectors of the first five. */
  violations: { impact: Impact; id: string; help: string; nodes: number; where: string[] }[];
}

const RESULTS_DIR = join(process.cwd(), 'test-results');
const IMPACTS: Impact[] = ['critical', 'serious', 'moderate', 'minor'];
const COLUMNS = [
  ['en', 'phone'],
  ['en', 'desktop'],
  ['ja', 'phone'],
  ['ja', 'desktop'],
] as const;

/** "0 · 0 · 1 · 0": violated rules by impact, critical first; the language served when it is not the one asked for. */
function cell(result: AxeResult | undefined): string {
  if (!result) return 'not run';
  const counts = IMPACTS.map((impact) => result.violations.filter((v) => v.impact === impact).length).join(' · ');
  return result.servedIn === result.language ? counts : `${counts} (served in ${result.servedIn})`;
}

function table(results: AxeResult[]): string {
  const pages = [...new Set(results.map((r) => r.page))];
  const find = (page: string, language: string, screen: string) => results.find((r) => r.page === page && r.language === language && r.screen === screen);
  const header = `| Page | ${COLUMNS.map(([language, screen]) => `${language}, ${screen}`).join(' | ')} |`;
  const rows = pages.map((page) => `| ${page} | ${COLUMNS.map(([language, screen]) => cell(find(page, language, screen))).join(' | ')} |`);
  const rules = [...new Set(results.flatMap((r) => r.violations.map((v) => `${v.impact}: ${v.id} — ${v.help}`)))].sort();
  return [
    'Violated axe-core rules per page, by impact: critical · serious · moderate · minor (phone 390×844, desktop 1280×800).',
    '',
    header,
    `| --- | ${COLUMNS.map(() => '---').join(' | ')} |`,
    ...rows,
    '',
    rules.length ? `Rules violated anywhere:\n\n${rules.map((rule) => `- ${rule}`).join('\n')}` : 'No rule violated anywhere.',
    '',
  ].join('\n');
}

const languageFile = (language: AxeResult['language']) => join(RESULTS_DIR, `accessibility-${language}.json`);

/**
 * test-results/accessibility-<language>.json (every violation of one language's run), then accessibility.json and
 * accessibility.md (the README's table) from every language's file there: the two languages run in separate files.
 */
export function writeAccessibilityResults(language: AxeResult['language'], results: AxeResult[]): void {
  if (results.length === 0) return;
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(languageFile(language), `${JSON.stringify(results, null, 2)}\n`);
  const all = (['en', 'ja'] as const).filter((l) => existsSync(languageFile(l))).flatMap((l) => JSON.parse(readFileSync(languageFile(l), 'utf8')) as AxeResult[]);
  writeFileSync(join(RESULTS_DIR, 'accessibility.json'), `${JSON.stringify(all, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, 'accessibility.md'), table(all));
}
