import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { kanaToRomaji } from './hepburn.js';

/**
 * Japanese text read aloud in romaji, word by word: 能登半島地震 → noto hanto jishin. Kanji need a reading dictionary:
 * kuromoji's (IPADIC). Loading it takes about 2 s and 300 MB (measured on Node 20, see the README), so it is loaded once
 * per process, the first time a slug is made from a Japanese title, and never in processes that make none.
 */

interface Token {
  surface_form: string;
  reading?: string;
  pos_detail_1: string;
}

interface Tokenizer {
  tokenize(text: string): Token[];
}

interface Kuromoji {
  builder(options: { dicPath: string }): { build(done: (error: Error | null, tokenizer: Tokenizer) => void): void };
}

// kuromoji is CommonJS and finds its dictionary by path: both need Node's own resolver.
const require = createRequire(import.meta.url);

let loading: Promise<Tokenizer> | undefined;

function tokenizer(): Promise<Tokenizer> {
  loading ??= new Promise<Tokenizer>((resolve, reject) => {
    const kuromoji = require('kuromoji') as Kuromoji;
    const dicPath = join(dirname(require.resolve('kuromoji/package.json')), 'dict');
    kuromoji.builder({ dicPath }).build((error, built) => (error ? reject(error) : resolve(built)));
  }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Words newer than the dictionary (IPADIC predates 2019), with their readings. */
const NEWER_WORDS: Record<string, string> = { 令和: 'レイワ' };
const NEWER_WORD = new RegExp(`(${Object.keys(NEWER_WORDS).join('|')})`);

const KANJI = /^[\u4e00-\u9fff々]+$/;

/** 能登半島 is one entry in the dictionary; two known words whose readings make up its reading read better apart. */
function splitCompound(token: Token, words: Tokenizer): Token[] {
  const chars = [...token.surface_form];
  if (chars.length < 4 || !KANJI.test(token.surface_form) || !token.reading) return [token];
  for (let cut = 2; cut <= chars.length - 2; cut++) {
    const [head, tail] = [chars.slice(0, cut).join(''), chars.slice(cut).join('')].map((part) => words.tokenize(part));
    if (head.length === 1 && tail.length === 1 && `${head[0].reading}${tail[0].reading}` === token.reading) return [head[0], tail[0]];
  }
  return [token];
}

function tokens(text: string, words: Tokenizer): Token[] {
  return text
    .split(NEWER_WORD)
    .flatMap((part): Token[] => (Object.hasOwn(NEWER_WORDS, part) ? [{ surface_form: part, reading: NEWER_WORDS[part], pos_detail_1: '一般' }] : words.tokenize(part)))
    .flatMap((token) => splitCompound(token, words));
}

function romaji(token: Token): string {
  const text = token.reading ?? token.surface_form;
  return /[\u3041-\u30ff]/.test(text) ? kanaToRomaji(text) : text.toLowerCase();
}

/** The words of a text in romaji; a suffix (被災地's 地, 輪島市's 市) joins its word, except after a number (6年 → 6 nen). */
export async function readAloud(text: string): Promise<string[]> {
  const words = await tokenizer();
  const out: string[] = [];
  for (const token of tokens(text.normalize('NFKC'), words)) {
    const word = romaji(token);
    if (!/[a-z0-9]/.test(word)) continue;
    const previous = out.at(-1);
    if (token.pos_detail_1 === '接尾' && previous && !/^\d+$/.test(previous)) out[out.length - 1] = previous + word;
    else out.push(word);
  }
  return out;
}
