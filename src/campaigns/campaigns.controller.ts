import { BadRequestException, Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ROLES } from '../auth/roles.js';
import { CurrentStaff, Staff } from '../auth/staff.decorator.js';
import { OptionalStaff } from '../auth/staff.guard.js';
import type { StaffPrincipal } from '../auth/token.service.js';
import { AuditLogService } from '../users/audit-log.service.js';
import { CampaignAccessService } from './campaign-access.service.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { CampaignsService, CampaignWithTotals } from './campaigns.service.js';
import { PublicTotalsCache } from './public-totals.cache.js';
import { sendJson } from './public-caching.js';
import { totalsView } from './totals-view.js';
import { campaignText, translationsOf } from './campaign-text.js';
import { LANGUAGES, readerLanguage } from '../common/language.js';
import type { Language } from '../common/money-format.js';
import {
  AssignCoordinatorsRequest,
  CampaignCoordinatorsResponse,
  CampaignResponse,
  CreateCampaignRequest,
  PublicTotals,
  StaffTotals,
  UpdateCampaignRequest,
} from './dto/campaign.dto.js';

const CACHING_NOTE = 'Without a token: Cache-Control public, max-age=1, stale-while-revalidate=1 and a strong ETag (If-None-Match answers 304); with one: private, no-store.';
const NOT_MODIFIED = 'The If-None-Match header names the current ETag (public reads only): no body';
const CACHING_HEADERS = {
  'Cache-Control': { description: '`public, max-age=1, stale-while-revalidate=1` without a token, `private, no-store` with one', schema: { type: 'string' } },
  ETag: { description: 'Strong validator of the body (public reads only)', schema: { type: 'string' } },
};

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id must be a UUID') });

function campaignView({ campaign, totals }: CampaignWithTotals, staff: boolean, reader: Language): CampaignResponse {
  const { id, slug, disasterType, currency, goalAmount, status, fundKind, fundRecipient, publishedAt, closedAt, createdAt } = campaign;
  const { language, title, story, region } = campaignText(campaign, reader);
  const translations = translationsOf(campaign);
  return {
    id,
    slug,
    title,
    language,
    translations,
    disasterType,
    region,
    currency,
    goalAmount,
    story,
    status,
    fundKind,
    fundRecipient,
    publishedAt,
    closedAt,
    createdAt,
    totals: totalsView(campaign, totals, staff),
  };
}

/** `?lang=` first, then Accept-Language, then English: which translation fills title, story and region. */
function readerOf(request: FastifyRequest): Language {
  return readerLanguage((request.query as Record<string, unknown> | undefined)?.lang, request.headers['accept-language']);
}

const LANG_QUERY = {
  name: 'lang',
  required: false,
  enum: LANGUAGES,
  description: 'The language of title, story and region (before Accept-Language); the other one when the campaign has none in it',
};

@ApiTags('campaigns')
@ApiExtraModels(PublicTotals, StaffTotals)
@Controller('api/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly optionalStaff: OptionalStaff,
    private readonly publicTotals: PublicTotalsCache,
    private readonly access: CampaignAccessService,
    private readonly audit: AuditLogService,
  ) {}

  @Post()
  @Staff('coordinator', 'admin')
  @ApiOperation({ summary: 'Create a campaign (as a draft)' })
  @ApiCreatedResponse({ type: CampaignResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The slug is taken' })
  async create(@Body() body: CreateCampaignRequest, @CurrentStaff() staff: StaffPrincipal, @Req() request: FastifyRequest): Promise<CampaignResponse> {
    const campaign = await this.campaigns.create(body);
    await this.access.assignCreator(staff, campaign.id);
    const { title } = campaignText(campaign, readerOf(request));
    await this.audit.record(staff, 'campaign.created', { type: 'campaign', id: campaign.id }, { title, slug: campaign.slug });
    return campaignView(await this.campaigns.withTotals(campaign), true, readerOf(request));
  }

  @Patch(':id')
  @Staff('coordinator', 'admin')
  @ApiOperation({ summary: 'Edit a campaign' })
  @ApiOkResponse({ type: CampaignResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'A coordinator not assigned to the campaign' })
  async update(
    @Param('id', uuid) id: string,
    @Body() body: UpdateCampaignRequest,
    @CurrentStaff() staff: StaffPrincipal,
    @Req() request: FastifyRequest,
  ): Promise<CampaignResponse> {
    await this.access.assertManages(staff, id);
    const campaign = await this.campaigns.update(id, body);
    await this.audit.record(staff, 'campaign.edited', { type: 'campaign', id }, { fields: Object.keys(body) });
    return campaignView(await this.campaigns.withTotals(campaign), true, readerOf(request));
  }

  @Post(':id/publish')
  @Staff('coordinator', 'admin')
  @ApiOperation({ summary: 'Publish a draft: it becomes active and takes donations' })
  @ApiCreatedResponse({ type: CampaignResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The campaign is not a draft' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'A coordinator not assigned to the campaign' })
  async publish(@Param('id', uuid) id: string, @CurrentStaff() staff: StaffPrincipal, @Req() request: FastifyRequest): Promise<CampaignResponse> {
    await this.access.assertManages(staff, id);
    const campaign = await this.campaigns.publish(id);
    await this.audit.record(staff, 'campaign.published', { type: 'campaign', id });
    return campaignView(await this.campaigns.withTotals(campaign), true, readerOf(request));
  }

  @Post(':id/close')
  @Staff('coordinator', 'admin')
  @ApiOperation({ summary: 'Close an active campaign: it stays public but takes no more donations' })
  @ApiCreatedResponse({ type: CampaignResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The campaign is not active' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'A coordinator not assigned to the campaign' })
  async close(@Param('id', uuid) id: string, @CurrentStaff() staff: StaffPrincipal, @Req() request: FastifyRequest): Promise<CampaignResponse> {
    await this.access.assertManages(staff, id);
    const campaign = await this.campaigns.close(id);
    await this.audit.record(staff, 'campaign.closed', { type: 'campaign', id });
    return campaignView(await this.campaigns.withTotals(campaign), true, readerOf(request));
  }

  @Get(':id/coordinators')
  @Staff(...ROLES)
  @ApiOperation({ summary: "A campaign's coordinators, and whether the caller may change the campaign" })
  @ApiOkResponse({ type: CampaignCoordinatorsResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async coordinators(@Param('id', uuid) id: string, @CurrentStaff() staff: StaffPrincipal): Promise<CampaignCoordinatorsResponse> {
    await this.campaigns.get(id);
    return { coordinators: await this.access.coordinators(id), youManage: await this.access.manages(staff, id) };
  }

  @Put(':id/coordinators')
  @Staff('admin')
  @ApiOperation({ summary: "Set a campaign's coordinators: only they (and admins) edit, publish, close and mail its donors" })
  @ApiOkResponse({ type: CampaignCoordinatorsResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'An id that is not an enabled coordinator account' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async assign(@Param('id', uuid) id: string, @Body() body: AssignCoordinatorsRequest, @CurrentStaff() staff: StaffPrincipal): Promise<CampaignCoordinatorsResponse> {
    await this.campaigns.get(id);
    return { coordinators: await this.access.assign(staff, id, body.userIds), youManage: true };
  }

  @Get()
  @ApiOperation({ summary: `Active and closed campaigns with totals (staff also see drafts). ${CACHING_NOTE}` })
  @ApiQuery(LANG_QUERY)
  @ApiOkResponse({ type: CampaignResponse, isArray: true, headers: CACHING_HEADERS })
  @ApiNotModifiedResponse({ description: NOT_MODIFIED })
  async list(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const staff = (await this.optionalStaff.from(request)) !== null;
    const body: CampaignResponse[] = (await this.campaigns.list(staff)).map((item) => campaignView(item, staff, readerOf(request)));
    sendJson(request, reply, body, !staff, true);
  }

  @Get(':idOrSlug')
  @ApiOperation({
    summary: `One campaign by id, slug or a slug it had before (no redirect: the body's slug is the current one), with totals; drafts are 404 to the public. ${CACHING_NOTE}`,
  })
  @ApiQuery(LANG_QUERY)
  @ApiOkResponse({ type: CampaignResponse, headers: CACHING_HEADERS })
  @ApiNotModifiedResponse({ description: NOT_MODIFIED })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async detail(@Param('idOrSlug') idOrSlug: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const staff = (await this.optionalStaff.from(request)) !== null;
    const body: CampaignResponse = campaignView(await this.campaigns.withTotals(await this.campaigns.find(idOrSlug, staff)), staff, readerOf(request));
    sendJson(request, reply, body, !staff, true);
  }

  @Get(':id/totals')
  @ApiOperation({
    summary: `Totals of one campaign (at most a second old for the public); staff also see gross, fees, refunds, disputes and net. ${CACHING_NOTE} Pages follow them live with GET /api/campaigns/{id}/totals/stream.`,
  })
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(PublicTotals) }, { $ref: getSchemaPath(StaffTotals) }] }, headers: CACHING_HEADERS })
  @ApiNotModifiedResponse({ description: NOT_MODIFIED })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async totals(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const staff = (await this.optionalStaff.from(request)) !== null;
    const { campaign, totals } = staff ? await this.campaigns.withTotals(await this.campaigns.find(id, true)) : await this.publicTotals.get(id);
    const body: PublicTotals | StaffTotals = totalsView(campaign, totals, staff);
    sendJson(request, reply, body, !staff);
  }
}
