/**
 * Katakana (and hiragana) in Hepburn romanisation without macrons, as Japanese place names are written on road signs and
 * in addresses: 半島 ハントウ → hanto, 緊急 キンキュウ → kinkyu, 台風 タイフウ → taifu, 大阪 オオサカ → osaka.
 */

// biome-ignore format: the kana tables read best in rows.
const DIGRAPHS: Record<string, string> = {
  キャ: 'kya', キュ: 'kyu', キョ: 'kyo', ギャ: 'gya', ギュ: 'gyu', ギョ: 'gyo',
  シャ: 'sha', シュ: 'shu', ショ: 'sho', シェ: 'she', ジャ: 'ja', ジュ: 'ju', ジョ: 'jo', ジェ: 'je',
  チャ: 'cha', チュ: 'chu', チョ: 'cho', チェ: 'che', ヂャ: 'ja', ヂュ: 'ju', ヂョ: 'jo',
  ニャ: 'nya', ニュ: 'nyu', ニョ: 'nyo', ヒャ: 'hya', ヒュ: 'hyu', ヒョ: 'hyo',
  ビャ: 'bya', ビュ: 'byu', ビョ: 'byo', ピャ: 'pya', ピュ: 'pyu', ピョ: 'pyo',
  ミャ: 'mya', ミュ: 'myu', ミョ: 'myo', リャ: 'rya', リュ: 'ryu', リョ: 'ryo',
  ティ: 'ti', ディ: 'di', トゥ: 'tu', ドゥ: 'du', テュ: 'tyu', デュ: 'dyu',
  ファ: 'fa', フィ: 'fi', フェ: 'fe', フォ: 'fo', ウィ: 'wi', ウェ: 'we', ウォ: 'wo', イェ: 'ye',
  ヴァ: 'va', ヴィ: 'vi', ヴェ: 've', ヴォ: 'vo', ツァ: 'tsa', ツェ: 'tse', ツォ: 'tso',
};

// biome-ignore format: the kana tables read best in rows.
const MONOGRAPHS: Record<string, string> = {
  ア: 'a', イ: 'i', ウ: 'u', エ: 'e', オ: 'o', カ: 'ka', キ: 'ki', ク: 'ku', ケ: 'ke', コ: 'ko',
  サ: 'sa', シ: 'shi', ス: 'su', セ: 'se', ソ: 'so', タ: 'ta', チ: 'chi', ツ: 'tsu', テ: 'te', ト: 'to',
  ナ: 'na', ニ: 'ni', ヌ: 'nu', ネ: 'ne', ノ: 'no', ハ: 'ha', ヒ: 'hi', フ: 'fu', ヘ: 'he', ホ: 'ho',
  マ: 'ma', ミ: 'mi', ム: 'mu', メ: 'me', モ: 'mo', ヤ: 'ya', ユ: 'yu', ヨ: 'yo',
  ラ: 'ra', リ: 'ri', ル: 'ru', レ: 're', ロ: 'ro', ワ: 'wa', ヰ: 'i', ヱ: 'e', ヲ: 'o', ン: 'n',
  ガ: 'ga', ギ: 'gi', グ: 'gu', ゲ: 'ge', ゴ: 'go', ザ: 'za', ジ: 'ji', ズ: 'zu', ゼ: 'ze', ゾ: 'zo',
  ダ: 'da', ヂ: 'ji', ヅ: 'zu', デ: 'de', ド: 'do', バ: 'ba', ビ: 'bi', ブ: 'bu', ベ: 'be', ボ: 'bo',
  パ: 'pa', ピ: 'pi', プ: 'pu', ペ: 'pe', ポ: 'po', ヴ: 'vu',
  ァ: 'a', ィ: 'i', ゥ: 'u', ェ: 'e', ォ: 'o', ャ: 'ya', ュ: 'yu', ョ: 'yo', ヮ: 'wa', ヵ: 'ka', ヶ: 'ke',
};

const HIRAGANA = /[\u3041-\u3096]/g;
const KATAKANA_OFFSET = 0x60;

/** Hiragana as katakana: the table above has only katakana, the script of kuromoji's readings. */
function toKatakana(text: string): string {
  return text.replace(HIRAGANA, (kana) => String.fromCharCode(kana.charCodeAt(0) + KATAKANA_OFFSET));
}

function syllables(kana: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < kana.length; i++) {
    const pair = DIGRAPHS[kana.slice(i, i + 2)];
    if (pair) {
      out.push(pair);
      i++;
    } else out.push(MONOGRAPHS[kana[i]] ?? (kana[i] === 'ッ' || kana[i] === 'ー' ? kana[i] : ' '));
  }
  return out;
}

/** A small tsu doubles the next consonant (ch becomes tch); the long-vowel mark and long o and u are dropped. */
export function kanaToRomaji(text: string): string {
  const parts = syllables(toKatakana(text));
  const joined = parts
    .map((part, i) => {
      if (part === 'ー') return '';
      if (part !== 'ッ') return part;
      const next = parts[i + 1] ?? '';
      return next.startsWith('ch') ? 't' : /^[a-z]/.test(next) && !/^[aeiou]/.test(next) ? next[0] : '';
    })
    .join('');
  return joined.replace(/ou|oo/g, 'o').replace(/uu/g, 'u');
}
