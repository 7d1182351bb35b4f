/**
 * The prefecture of a Japanese postal code, from its first three digits: Japan Post numbers each prefecture's
 * post offices within ranges of those digits. The donation form fills the start of an address with it when the donor
 * asks, in the browser and without any network call.
 *
 * The browser loads this file's compiled output as it is (`/assets/postal-prefecture.js`, served by
 * src/web/assets.controller.ts), so it must stay a plain ES module: no imports, nothing from Node.
 */

/** [first, last, prefecture]: inclusive ranges of the first three digits. */
const RANGES: [number, number, string][] = [
  [1, 9, '北海道'],
  [10, 19, '秋田県'],
  [20, 29, '岩手県'],
  [30, 39, '青森県'],
  [40, 99, '北海道'],
  [100, 198, '東京都'],
  [200, 208, '東京都'],
  [210, 259, '神奈川県'],
  [260, 299, '千葉県'],
  [300, 319, '茨城県'],
  [320, 329, '栃木県'],
  [330, 369, '埼玉県'],
  [370, 379, '群馬県'],
  [380, 399, '長野県'],
  [400, 409, '山梨県'],
  [410, 439, '静岡県'],
  [440, 497, '愛知県'],
  [500, 509, '岐阜県'],
  [510, 519, '三重県'],
  [520, 529, '滋賀県'],
  [530, 599, '大阪府'],
  [600, 629, '京都府'],
  [630, 639, '奈良県'],
  [640, 649, '和歌山県'],
  [650, 679, '兵庫県'],
  [680, 689, '鳥取県'],
  [690, 699, '島根県'],
  [700, 719, '岡山県'],
  [720, 739, '広島県'],
  [740, 759, '山口県'],
  [760, 769, '香川県'],
  [770, 779, '徳島県'],
  [780, 789, '高知県'],
  [790, 799, '愛媛県'],
  [800, 839, '福岡県'],
  [840, 849, '佐賀県'],
  [850, 859, '長崎県'],
  [860, 869, '熊本県'],
  [870, 879, '大分県'],
  [880, 889, '宮崎県'],
  [890, 899, '鹿児島県'],
  [900, 909, '沖縄県'],
  [910, 919, '福井県'],
  [920, 929, '石川県'],
  [930, 939, '富山県'],
  [940, 959, '新潟県'],
  [960, 979, '福島県'],
  [980, 989, '宮城県'],
  [990, 999, '山形県'],
];

/**
 * Prefixes shared by two prefectures, where a town across the border has the neighbour's numbers: 199 (Tokyo and
 * Sagamihara in Kanagawa), 498 (Aichi and Kisosaki in Mie), 618 (Kyoto and Shimamoto in Osaka), 684 (Tottori and the
 * Oki islands of Shimane), 871 (Oita and Yoshitomi in Fukuoka). The form fills nothing for them.
 */
const SHARED = new Set([199, 498, 618, 684, 871]);

/** The prefecture (東京都, 大阪府…) of a postal code written 123-4567 or 1234567, or null when it is unknown or shared. */
export function prefectureOf(postalCode: string): string | null {
  const digits = /^(\d{3})-?\d{4}$/.exec(postalCode.trim());
  if (!digits) return null;
  const prefix = Number(digits[1]);
  if (SHARED.has(prefix)) return null;
  return RANGES.find(([first, last]) => prefix >= first && prefix <= last)?.[2] ?? null;
}
