import { Injectable } from '@nestjs/common';
import { CampaignsService, type CampaignWithTotals } from './campaigns.service.js';

/** How stale a public total may be: a donor watching the page sees a gift within this time. */
const PUBLIC_TOTALS_MAX_AGE_MS = 1000;
const MAX_ENTRIES = 10_000;

/**
 * Public totals of a campaign, read from the database at most once per PUBLIC_TOTALS_MAX_AGE_MS however
 * many donors watch it: in the first hours of an appeal every donor's page polls the same campaign.
 * Concurrent misses share one read. Failures (unknown campaign, database down) are not kept.
 */
@Injectable()
export class PublicTotalsCache {
  private readonly entries = new Map<string, { expiresAt: number; value: Promise<CampaignWithTotals> }>();

  constructor(private readonly campaigns: CampaignsService) {}

  get(idOrSlug: string): Promise<CampaignWithTotals> {
    const cached = this.entries.get(idOrSlug);
    if (cached && cached.expiresAt > Date.now()) return cached.value;
    return this.refresh(idOrSlug);
  }

  /**
   * A read that starts now, whatever is cached, and is kept for the next callers: the live stream calls it when it
   * hears that the totals moved, since a cached read may have started before the change was committed.
   */
  refresh(idOrSlug: string): Promise<CampaignWithTotals> {
    const now = Date.now();
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const value = this.campaigns.find(idOrSlug, false).then((campaign) => this.campaigns.withTotals(campaign));
    this.entries.set(idOrSlug, { expiresAt: now + PUBLIC_TOTALS_MAX_AGE_MS, value });
    value.catch(() => this.entries.get(idOrSlug)?.value === value && this.entries.delete(idOrSlug));
    return value;
  }
}
