import { Injectable } from '@nestjs/common';
import { CampaignError } from './campaign.errors.js';
import { Campaign, CampaignStatus, MAX_GOAL } from './campaign.entity.js';
import { formatMoney } from '../common/money-format.js';
import { CreateCampaignRequest, UpdateCampaignRequest } from './dto/campaign.dto.js';
import { isUuid } from '../common/uuid.js';
import { campaignSlug, slugCandidate } from './slug.util.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignSlugHistoryRepository } from './campaign-slug-history.repository.js';
import { type CampaignTotals, CampaignTotalsService } from './campaign-totals.service.js';
import { translationColumns, translationsOf } from './campaign-text.js';
import { requestedTranslations } from './campaign-translations.js';

export interface CampaignWithTotals {
  campaign: Campaign;
  totals: CampaignTotals;
}

const PUBLIC_STATUSES: CampaignStatus[] = ['active', 'closed'];
const MAX_SLUG_ATTEMPTS = 50;

/** The English title that the bilingual campaigns add (translations.en.title), read loosely until every branch has it. */
function checkGoal(goalAmount: number, currency: string): void {
  if (goalAmount <= MAX_GOAL) return;
  const largest = formatMoney(MAX_GOAL, currency, 'en');
  throw new CampaignError('invalid', 'goal_above_maximum', `goalAmount must be at most ${MAX_GOAL} in the currency's minor unit (${largest})`);
}

/** Where the money goes after a create or an edit: a 義援金 campaign names its recipient; a 支援金 one has none. */
function fundFields(
  input: Pick<CreateCampaignRequest, 'fundKind' | 'fundRecipient'>,
  current: Pick<Campaign, 'fundKind' | 'fundRecipient'>,
): Pick<Campaign, 'fundKind' | 'fundRecipient'> {
  const fundKind = input.fundKind ?? current.fundKind;
  if (fundKind === 'shienkin') return { fundKind, fundRecipient: null };
  const fundRecipient = (input.fundRecipient === undefined ? current.fundRecipient : input.fundRecipient)?.trim();
  if (!fundRecipient) {
    throw new CampaignError('invalid', 'fund_recipient_required', 'fundRecipient is required for a gienkin (義援金) campaign: the local government its gifts are passed on to');
  }
  return { fundKind, fundRecipient };
}

function newCampaignFields(input: CreateCampaignRequest): Partial<Campaign> {
  const { disasterType, currency, goalAmount } = input;
  const fund = fundFields(input, { fundKind: 'shienkin', fundRecipient: null });
  return { disasterType, currency, goalAmount, ...fund, ...translationColumns(requestedTranslations(input, {})) };
}

@Injectable()
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly totals: CampaignTotalsService,
    private readonly slugHistory: CampaignSlugHistoryRepository,
  ) {}

  async create(input: CreateCampaignRequest): Promise<Campaign> {
    checkGoal(input.goalAmount, input.currency);
    const fields = newCampaignFields(input);
    if (input.slug) return (await this.insert(fields, input.slug)) ?? this.slugTaken(input.slug);
    const base = await campaignSlug({
      title: fields.titleJa ?? fields.titleEn ?? '',
      englishTitle: fields.titleEn ?? undefined,
      disasterType: input.disasterType,
      region: fields.regionJa ?? fields.regionEn ?? '',
    });
    // The unique index decides races between two coordinators picking the same title.
    for (let attempt = 1; attempt <= MAX_SLUG_ATTEMPTS; attempt++) {
      const slug = slugCandidate(base, attempt);
      if (await this.campaigns.slugExists(slug)) continue;
      const campaign = await this.insert(fields, slug);
      if (campaign) return campaign;
    }
    throw new CampaignError('conflict', 'slug_taken', `slug: no free slug for "${base}"; pass one explicitly`);
  }

  async update(id: string, changes: UpdateCampaignRequest): Promise<Campaign> {
    const campaign = await this.get(id);
    if (changes.goalAmount !== undefined) checkGoal(changes.goalAmount, changes.currency ?? campaign.currency);
    const { translations, title, story, region, language, fundKind, fundRecipient, ...rest } = changes;
    const fund = fundFields(changes, campaign);
    Object.assign(campaign, rest, fund, translationColumns(requestedTranslations(changes, translationsOf(campaign))));
    return this.save(campaign);
  }

  async publish(id: string): Promise<Campaign> {
    return this.transition(id, 'draft', 'active', 'only a draft campaign can be published');
  }

  async close(id: string): Promise<Campaign> {
    return this.transition(id, 'active', 'closed', 'only an active campaign can be closed');
  }

  /** By id, slug or a slug it had before (its `slug` then says the current one); drafts only for staff. */
  async find(idOrSlug: string, includeDrafts: boolean): Promise<Campaign> {
    const campaign = isUuid(idOrSlug) ? await this.campaigns.findById(idOrSlug) : await this.findBySlug(idOrSlug);
    if (!campaign || (!includeDrafts && campaign.status === 'draft')) {
      throw new CampaignError('not_found', 'campaign_not_found', `campaign ${idOrSlug} was not found`);
    }
    return campaign;
  }

  private async findBySlug(slug: string): Promise<Campaign | null> {
    const current = await this.campaigns.findBySlug(slug);
    if (current) return current;
    const id = await this.slugHistory.campaignOf(slug);
    return id ? this.campaigns.findById(id) : null;
  }

  async get(id: string): Promise<Campaign> {
    return this.find(id, true);
  }

  async list(includeDrafts: boolean): Promise<CampaignWithTotals[]> {
    const campaigns = await this.campaigns.list(includeDrafts ? null : PUBLIC_STATUSES);
    const totals = await this.totals.forCampaigns(campaigns.map((c) => c.id));
    return campaigns.map((campaign) => ({ campaign, totals: totals.get(campaign.id)! }));
  }

  async withTotals(campaign: Campaign): Promise<CampaignWithTotals> {
    return { campaign, totals: await this.totals.forCampaign(campaign.id) };
  }

  private async transition(id: string, from: CampaignStatus, to: CampaignStatus, rule: string): Promise<Campaign> {
    const moved = await this.campaigns.transition(id, from, to);
    const campaign = await this.get(id);
    if (!moved) {
      throw new CampaignError('conflict', 'invalid_transition', `campaign is ${campaign.status}: ${rule}`);
    }
    return campaign;
  }

  /** The new draft, or null when its slug is taken. */
  private async insert(fields: Partial<Campaign>, slug: string): Promise<Campaign | null> {
    const saved = await this.campaigns.save(this.campaigns.build({ ...fields, slug, status: 'draft' }));
    return saved === 'slug_taken' ? null : this.saved(saved);
  }

  private async save(campaign: Campaign): Promise<Campaign> {
    const saved = await this.campaigns.save(campaign);
    return saved === 'slug_taken' ? this.slugTaken(campaign.slug) : this.saved(saved);
  }

  private saved(result: Campaign | 'currency_locked'): Campaign {
    if (result === 'currency_locked') throw new CampaignError('conflict', 'currency_locked', 'currency is fixed once a donation exists');
    return result;
  }

  private slugTaken(slug: string): never {
    throw new CampaignError('conflict', 'slug_taken', `slug ${slug} is already used by another campaign`);
  }
}
