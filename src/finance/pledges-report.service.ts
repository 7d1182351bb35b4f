import { Injectable } from '@nestjs/common';
import { DonationsService, type PledgeFilter, type PledgeView } from '../donations/donations.service.js';
import { UTF8_BOM } from './csv.js';
import type { PledgesQuery } from './dto/pledges-cash.dto.js';
import { PLEDGES_HEADER, pledgeRow } from './finance-csv.js';
import { parsePeriod } from './period.js';

/** The filter of a pledges query; a malformed period is refused here, before any row is read or sent. */
export function pledgeFilter(query: PledgesQuery): PledgeFilter {
  return { statuses: query.status ? [query.status] : ['awaiting_payment', 'expired'], ...parsePeriod(query), campaignId: query.campaignId ?? null };
}

/** Pledges for finance: konbini vouchers and bank transfers awaiting payment, and those that expired unpaid. */
@Injectable()
export class PledgesReportService {
  constructor(private readonly donations: DonationsService) {}

  list(filter: PledgeFilter, limit: number): Promise<PledgeView[]> {
    return this.donations.pledges(filter, limit);
  }

  /** Every pledge of the filter, oldest first, page by page: memory stays flat whatever the count. */
  async *csv(filter: PledgeFilter): AsyncGenerator<string> {
    yield UTF8_BOM + PLEDGES_HEADER;
    for await (const page of this.donations.allPledges(filter)) yield page.map(pledgeRow).join('');
  }
}
