import { Client } from 'pg';

interface DemoText {
  title: string;
  region: string;
  story: string;
}

interface DemoCampaign {
  slug: string;
  disasterType: string;
  currency: 'jpy' | 'usd';
  goalAmount: number;
  status: 'active' | 'closed';
  ja: DemoText;
  en: DemoText;
}

/** Demo campaigns modelled on real relief appeals that worker co-operatives and unions ran, each told in Japanese and in English. */
const DEMO_CAMPAIGNS: DemoCampaign[] = [
  {
    slug: 'indian-ocean-tsunami-2004',
    disasterType: 'tsunami',
    currency: 'usd',
    goalAmount: 75_000_000,
    status: 'closed',
    ja: {
      title: '2004年インド洋大津波 緊急募金',
      region: 'インドネシア・アチェ州、スリランカ、インド・タミルナドゥ州、タイ南部',
      story:
        '2004年12月26日、スマトラ島沖の巨大地震が引き起こした津波がインド洋の沿岸を襲い、いくつもの漁村がまるごと失われました。\n\nこの募金は、家族がふたたび自分たちの手で暮らしを立てられるよう、漁船や漁網、協同組合の作業場の再建に充てられました。',
    },
    en: {
      title: 'Indian Ocean Tsunami 2004 Emergency Fund',
      region: 'Aceh (Indonesia), Sri Lanka, Tamil Nadu (India), southern Thailand',
      story:
        'On 26 December 2004 an undersea earthquake off Sumatra sent waves across the Indian Ocean, and whole fishing villages were lost.\n\nThe fund paid for boats, nets and co-operative workshops so that families could earn a living again.',
    },
  },
  {
    slug: 'java-earthquake-2006',
    disasterType: 'earthquake',
    currency: 'jpy',
    goalAmount: 30_000_000,
    status: 'closed',
    ja: {
      title: '2006年ジャワ島中部地震 救援募金',
      region: 'インドネシア・ジョグジャカルタ特別州、中部ジャワ州',
      story:
        '2006年5月、ジョグジャカルタ近郊で起きた地震により、数十万戸の住宅が倒壊しました。\n\nいただいたご寄付は、バティック（ろうけつ染め）や家具づくりを営む協同組合の工房の再建と、家を失った家族の仮の住まいに役立てられました。',
    },
    en: {
      title: 'Central Java Earthquake 2006 Relief',
      region: 'Yogyakarta and Central Java, Indonesia',
      story:
        'The May 2006 earthquake near Yogyakarta brought down hundreds of thousands of homes.\n\nGifts rebuilt the workshops of batik and furniture co-operatives and gave families a roof over their heads while they rebuilt.',
    },
  },
  {
    slug: 'haiti-earthquake-2010',
    disasterType: 'earthquake',
    currency: 'usd',
    goalAmount: 50_000_000,
    status: 'closed',
    ja: {
      title: '2010年ハイチ地震 救援募金',
      region: 'ハイチ・ポルトープランス、レオガン',
      story:
        '2010年1月、首都ポルトープランスのすぐそばでマグニチュード7.0の地震が発生しました。\n\nこの募金は、安全な水の確保や仮設の診療所を支え、のちには職業訓練校の再建にも使われました。',
    },
    en: {
      title: 'Haiti Earthquake 2010 Relief',
      region: 'Port-au-Prince and Léogâne, Haiti',
      story:
        'In January 2010 a magnitude 7.0 earthquake struck close to Port-au-Prince.\n\nThe fund supported clean water and field clinics in the first months, and later the rebuilding of a vocational school.',
    },
  },
  {
    slug: 'van-earthquake-2011',
    disasterType: 'earthquake',
    currency: 'jpy',
    goalAmount: 10_000_000,
    status: 'closed',
    ja: {
      title: '2011年トルコ東部地震 救援募金',
      region: 'トルコ東部・ワン県',
      story: '2011年10月にワン県を襲った地震では、冬の訪れを前に数万人が住まいを失いました。\n\nご寄付で、暖房付きのテントや毛布、防寒着をお届けしました。',
    },
    en: {
      title: 'Van Earthquake 2011 Relief (Turkey)',
      region: 'Van province, eastern Turkey',
      story: 'The October 2011 earthquake in Van left tens of thousands without a home just as winter arrived.\n\nDonations bought heated tents, blankets and warm clothing.',
    },
  },
  {
    slug: 'thailand-floods-2011',
    disasterType: 'flood',
    currency: 'usd',
    goalAmount: 25_000_000,
    status: 'active',
    ja: {
      title: '2011年タイ大洪水 支援募金',
      region: 'タイ・アユタヤ県、チャオプラヤー川流域',
      story:
        '2011年、数か月にわたるモンスーンの大雨で、バンコク北部の工業団地と農地が水に沈みました。\n\nこの募金は、仕事を失った工場の労働者と、一年分の収穫を失った農家の暮らしの立て直しを支えています。',
    },
    en: {
      title: 'Thailand Floods 2011 Appeal',
      region: 'Ayutthaya and the Chao Phraya basin, Thailand',
      story:
        'Months of monsoon flooding in 2011 covered the factories and farmland north of Bangkok.\n\nThe appeal helps workers who lost their jobs and farming families who lost a year’s harvest.',
    },
  },
  {
    slug: 'great-east-japan-earthquake-2011',
    disasterType: 'tsunami',
    currency: 'jpy',
    goalAmount: 50_000_000,
    status: 'active',
    ja: {
      title: '東日本大震災 復興支援',
      region: '東北地方（岩手県・宮城県・福島県）',
      story:
        '2011年3月11日、国内の観測史上最大の地震が発生し、東北の太平洋沿岸を大津波が襲いました。\n\nこの基金は、漁業の再開、高齢の方を支える介護・福祉サービス、地元のお店の再建に取り組む協同組合を応援しています。浜に日常が戻る日まで、息の長いご支援をお願いいたします。',
    },
    en: {
      title: 'Great East Japan Earthquake and Tsunami Recovery Fund',
      region: 'Tōhoku (Iwate, Miyagi and Fukushima), Japan',
      story:
        'On 11 March 2011 the strongest earthquake ever recorded in Japan struck off the Pacific coast, and a tsunami swept over the towns of Tōhoku.\n\nThe fund backs co-operatives that are bringing the fisheries back, running care services for older people and reopening local shops. Recovery takes years, and so does our support.',
    },
  },
  {
    slug: 'philippines-floods-2012',
    disasterType: 'flood',
    currency: 'usd',
    goalAmount: 15_000_000,
    status: 'active',
    ja: {
      title: '2012年フィリピン大洪水（ハバガット）支援募金',
      region: 'フィリピン・マニラ首都圏、中部ルソン',
      story:
        '2012年8月、通り過ぎた台風に勢いづけられた南西モンスーン（ハバガット）の豪雨で、マニラ首都圏の大部分が浸水しました。\n\nご寄付は、食料パックや安全な水、地域の共同炊事場の修理に充てられています。',
    },
    en: {
      title: 'Philippines Floods 2012 (Habagat) Appeal',
      region: 'Metro Manila and Central Luzon, Philippines',
      story:
        'In August 2012 the southwest monsoon, strengthened by a passing typhoon, flooded most of Metro Manila.\n\nGifts provide food packs, clean water and repairs for community kitchens.',
    },
  },
  {
    slug: 'noto-peninsula-earthquake-2024',
    disasterType: 'earthquake',
    currency: 'jpy',
    goalAmount: 30_000_000,
    status: 'active',
    ja: {
      title: '能登半島地震 緊急支援',
      region: '石川県 能登地方',
      story:
        '2024年1月1日、最大震度7の地震が能登半島を襲いました。家屋の倒壊や輪島の大規模な火災、津波によって多くの方が住まいを失い、道路が寸断されて支援が届きにくい集落も残りました。\n\nこの緊急支援では、避難所への食料・水・暖房器具の配布と、地元の協同組合による炊き出しや、ひとり暮らしの高齢の方の見守り活動を支えます。',
    },
    en: {
      title: 'Noto Peninsula Earthquake Emergency Relief',
      region: 'Noto, Ishikawa Prefecture, Japan',
      story:
        "On New Year's Day 2024 an earthquake at the top of Japan's intensity scale shook the Noto Peninsula. Collapsed houses, a large fire in Wajima and a tsunami left many families without a home, and broken roads cut some villages off from help for weeks.\n\nThis emergency appeal brings food, water and heaters to evacuation shelters, and supports local co-operatives that cook hot meals and look in on older people living alone.",
    },
  },
];

/**
 * Inserts the demo campaigns that are not there yet and gives a demo campaign seeded before campaigns were bilingual
 * the translation it lacks; a second run changes nothing. Returns how many were inserted.
 */
export async function seedDemoCampaigns(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let inserted = 0;
    for (const c of DEMO_CAMPAIGNS) {
      const result = await client.query(
        `INSERT INTO campaigns (slug, disaster_type, currency, goal_amount, status, published_at, closed_at,
                                title_ja, region_ja, story_ja, title_en, region_en, story_en)
         VALUES ($1, $2, $3, $4, $5, now(), CASE WHEN $5 = 'closed' THEN now() END, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (slug) DO UPDATE
            SET title_ja = $6, region_ja = $7, story_ja = $8, title_en = $9, region_en = $10, story_en = $11
          WHERE campaigns.title_ja IS NULL OR campaigns.title_en IS NULL
         RETURNING (xmax = 0) AS inserted`,
        [c.slug, c.disasterType, c.currency, c.goalAmount, c.status, c.ja.title, c.ja.region, c.ja.story, c.en.title, c.en.region, c.en.story],
      );
      inserted += result.rows.filter((row: { inserted: boolean }) => row.inserted).length;
    }
    return inserted;
  } finally {
    await client.end();
  }
}
