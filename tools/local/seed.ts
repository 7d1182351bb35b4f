import { Client } from 'pg';

interface DemoCampaign {
  slug: string;
  title: string;
  disasterType: string;
  region: string;
  currency: 'jpy' | 'usd';
  goalAmount: number;
  status: 'active' | 'closed';
  story: string;
}

/** Demo campaigns modelled on real relief appeals that worker co-operatives and unions ran. */
const DEMO_CAMPAIGNS: DemoCampaign[] = [
  {
    slug: 'indian-ocean-tsunami-2004',
    title: 'Indian Ocean Tsunami 2004 emergency fund',
    disasterType: 'tsunami',
    region: 'Aceh (Indonesia), Sri Lanka, Tamil Nadu (India), southern Thailand',
    currency: 'usd',
    goalAmount: 75_000_000,
    status: 'closed',
    story:
      'On 26 December 2004 an undersea earthquake off Sumatra sent waves across the Indian Ocean. Whole fishing villages were lost. The fund paid for boats, nets and co-operative workshops so that families could earn again.',
  },
  {
    slug: 'java-earthquake-2006',
    title: 'Central Java Earthquake 2006',
    disasterType: 'earthquake',
    region: 'Yogyakarta and Central Java, Indonesia',
    currency: 'jpy',
    goalAmount: 30_000_000,
    status: 'closed',
    story:
      'The May 2006 earthquake near Yogyakarta destroyed hundreds of thousands of homes. Gifts rebuilt the workshops of batik and furniture co-operatives and gave families temporary shelter.',
  },
  {
    slug: 'haiti-earthquake-2010',
    title: 'Haiti Earthquake 2010 relief',
    disasterType: 'earthquake',
    region: 'Port-au-Prince and Léogâne, Haiti',
    currency: 'usd',
    goalAmount: 50_000_000,
    status: 'closed',
    story: 'In January 2010 a magnitude 7.0 earthquake struck close to Port-au-Prince. The fund supported clean water, field clinics and, later, a rebuilt vocational school.',
  },
  {
    slug: 'van-earthquake-2011',
    title: 'Van Earthquake 2011 (Turkey)',
    disasterType: 'earthquake',
    region: 'Van province, eastern Turkey',
    currency: 'jpy',
    goalAmount: 10_000_000,
    status: 'closed',
    story: 'The October 2011 earthquake in Van left tens of thousands without homes as winter arrived. Donations bought heated tents, blankets and winter clothing.',
  },
  {
    slug: 'thailand-floods-2011',
    title: 'Thailand Floods 2011',
    disasterType: 'flood',
    region: 'Ayutthaya and the Chao Phraya basin, Thailand',
    currency: 'usd',
    goalAmount: 25_000_000,
    status: 'active',
    story: 'Months of monsoon flooding in 2011 covered factories and farmland north of Bangkok. The appeal helps workers who lost their jobs and farms that lost a harvest.',
  },
  {
    slug: 'great-east-japan-earthquake-2011',
    title: '東日本大震災 復興支援 (Great East Japan Earthquake and Tsunami 2011)',
    disasterType: 'tsunami',
    region: 'Tōhoku (Iwate, Miyagi, Fukushima), Japan',
    currency: 'jpy',
    goalAmount: 50_000_000,
    status: 'active',
    story:
      'On 11 March 2011 the largest earthquake recorded in Japan was followed by a tsunami along the Tōhoku coast. The fund supports co-operatives that restart fisheries, care services and local shops.',
  },
  {
    slug: 'philippines-floods-2012',
    title: 'Philippines Floods 2012 (Habagat)',
    disasterType: 'flood',
    region: 'Metro Manila and Central Luzon, Philippines',
    currency: 'usd',
    goalAmount: 15_000_000,
    status: 'active',
    story:
      'In August 2012 the southwest monsoon, strengthened by a passing typhoon, flooded most of Metro Manila. Gifts provide food packs, clean water and repairs for community kitchens.',
  },
];

/** Inserts the demo campaigns that are not there yet; a second run changes nothing. */
export async function seedDemoCampaigns(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let inserted = 0;
    for (const c of DEMO_CAMPAIGNS) {
      const result = await client.query(
        `INSERT INTO campaigns (slug, title, disaster_type, region, currency, goal_amount, story, status, published_at, closed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), CASE WHEN $8 = 'closed' THEN now() END)
         ON CONFLICT (slug) DO NOTHING`,
        [c.slug, c.title, c.disasterType, c.region, c.currency, c.goalAmount, c.story, c.status],
      );
      inserted += result.rowCount ?? 0;
    }
    return inserted;
  } finally {
    await client.end();
  }
}
