import { BadRequestException, Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Staff } from '../auth/staff.decorator.js';
import { OptionalStaff } from '../auth/staff.guard.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import type { CampaignTotals } from './campaign-totals.service.js';
import { Campaign } from './campaign.entity.js';
import { CampaignsService, CampaignWithTotals } from './campaigns.service.js';
import { PublicTotalsCache } from './public-totals.cache.js';
import { CampaignResponse, CreateCampaignRequest, PublicTotals, StaffTotals, UpdateCampaignRequest } from './dto/campaign.dto.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id must be a UUID') });

function totalsView(campaign: Campaign, totals: CampaignTotals, staff: boolean): PublicTotals | StaffTotals {
  const publicPart = {
    currency: campaign.currency,
    goalAmount: campaign.goalAmount,
    raisedAmount: totals.raisedAmount,
    donationCount: totals.donationCount,
    donorCount: totals.donorCount,
  };
  if (!staff) return publicPart;
  const { grossAmount, feeAmount, refundedAmount, disputedAmount, netAmount, coveredFeeAmount } = totals;
  return { ...publicPart, grossAmount, feeAmount, refundedAmount, disputedAmount, netAmount, coveredFeeAmount };
}

function campaignView({ campaign, totals }: CampaignWithTotals, staff: boolean): CampaignResponse {
  const { id, slug, title, disasterType, region, currency, goalAmount, story, status, publishedAt, closedAt, createdAt } = campaign;
  return { id, slug, title, disasterType, region, currency, goalAmount, story, status, publishedAt, closedAt, createdAt, totals: totalsView(campaign, totals, staff) };
}

@ApiTags('campaigns')
@ApiExtraModels(PublicTotals, StaffTotals)
@Controller('api/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly optionalStaff: OptionalStaff,
    private readonly publicTotals: PublicTotalsCache,
  ) {}

  @Post()
  @Staff('coordinator', 'admin')
  @ApiOperation({ summary: 'Create a campaign (as a draft)' })
  @ApiCreatedResponse({ type: CampaignResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The slug is taken' })
  async create(@Body() body: CreateCampaignRequest): Promise<CampaignResponse> {
    return campaignView(await this.campaigns.withTotals(await this.campaigns.create(body)), true);
  }

  @Patch(':id')
  @Staff('coordinator', 'admin')
  @ApiOperation({ summary: 'Edit a campaign' })
  @ApiOkResponse({ type: CampaignResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async update(@Param('id', uuid) id: string, @Body() body: UpdateCampaignRequest): Promise<CampaignResponse> {
    return campaignView(await this.campaigns.withTotals(await this.campaigns.update(id, body)), true);
  }

  @Post(':id/publish')
  @Staff('coordinator', 'admin')
  @ApiOperation({ summary: 'Publish a draft: it becomes active and takes donations' })
  @ApiCreatedResponse({ type: CampaignResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The campaign is not a draft' })
  async publish(@Param('id', uuid) id: string): Promise<CampaignResponse> {
    return campaignView(await this.campaigns.withTotals(await this.campaigns.publish(id)), true);
  }

  @Post(':id/close')
  @Staff('coordinator', 'admin')
  @ApiOperation({ summary: 'Close an active campaign: it stays public but takes no more donations' })
  @ApiCreatedResponse({ type: CampaignResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The campaign is not active' })
  async close(@Param('id', uuid) id: string): Promise<CampaignResponse> {
    return campaignView(await this.campaigns.withTotals(await this.campaigns.close(id)), true);
  }

  @Get()
  @ApiOperation({ summary: 'Active and closed campaigns with totals (staff also see drafts)' })
  @ApiOkResponse({ type: CampaignResponse, isArray: true })
  async list(@Req() request: FastifyRequest): Promise<CampaignResponse[]> {
    const staff = this.optionalStaff.from(request) !== null;
    return (await this.campaigns.list(staff)).map((item) => campaignView(item, staff));
  }

  @Get(':idOrSlug')
  @ApiOperation({ summary: 'One campaign by id or slug, with totals; drafts are 404 to the public' })
  @ApiOkResponse({ type: CampaignResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async detail(@Param('idOrSlug') idOrSlug: string, @Req() request: FastifyRequest): Promise<CampaignResponse> {
    const staff = this.optionalStaff.from(request) !== null;
    return campaignView(await this.campaigns.withTotals(await this.campaigns.find(idOrSlug, staff)), staff);
  }

  @Get(':id/totals')
  @ApiOperation({ summary: 'Totals of one campaign (at most a second old for the public); staff also see gross, fees, refunds, disputes and net' })
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(PublicTotals) }, { $ref: getSchemaPath(StaffTotals) }] } })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async totals(@Param('id') id: string, @Req() request: FastifyRequest): Promise<PublicTotals | StaffTotals> {
    const staff = this.optionalStaff.from(request) !== null;
    const { campaign, totals } = staff ? await this.campaigns.withTotals(await this.campaigns.find(id, true)) : await this.publicTotals.get(id);
    return totalsView(campaign, totals, staff);
  }
}
