import { BadRequestException, Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { LANGUAGES, readerLanguage } from '../common/language.js';
import { requestedUpdateText } from './update-text.js';
import { CurrentStaff, Staff } from '../auth/staff.decorator.js';
import type { StaffPrincipal } from '../auth/token.service.js';
import { CampaignAccessService } from '../campaigns/campaign-access.service.js';
import { AuditLogService } from '../users/audit-log.service.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { PostUpdateRequest, PublicUpdate, UpdateResponse } from './dto/update.dto.js';
import { UpdatesService } from './updates.service.js';

const LANG_QUERY = {
  name: 'lang',
  required: false,
  enum: LANGUAGES,
  description: 'The language of title and body (before Accept-Language); the other one when the update has none in it',
};

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id must be a UUID') });

@ApiTags('updates')
@Controller('api/campaigns/:id/updates')
export class UpdatesController {
  constructor(
    private readonly updates: UpdatesService,
    private readonly access: CampaignAccessService,
    private readonly audit: AuditLogService,
  ) {}

  @Post()
  @Staff('coordinator', 'admin')
  @ApiOperation({
    summary: 'Post a progress update in Japanese, English or both: it is emailed to every donor of the campaign who opted in, in their language or else the other',
  })
  @ApiCreatedResponse({ type: UpdateResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The campaign is a draft' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'A coordinator not assigned to the campaign' })
  async post(
    @Param('id', uuid) campaignId: string,
    @Body() body: PostUpdateRequest,
    @CurrentStaff() staff: StaffPrincipal,
    @Headers('accept-language') accept: string | undefined,
  ): Promise<UpdateResponse> {
    await this.access.assertManages(staff, campaignId);
    const update = await this.updates.post(campaignId, requestedUpdateText(body), readerLanguage(undefined, accept));
    await this.audit.record(staff, 'update.posted', { type: 'update', id: update.id }, { campaignId, title: update.title });
    return update;
  }

  @Get()
  @ApiOperation({ summary: "A campaign's updates, newest first, each in the reader's language or else the other" })
  @ApiQuery(LANG_QUERY)
  @ApiOkResponse({ type: PublicUpdate, isArray: true })
  list(@Param('id', uuid) campaignId: string, @Query('lang') lang: unknown, @Headers('accept-language') accept: string | undefined): Promise<PublicUpdate[]> {
    return this.updates.list(campaignId, readerLanguage(lang, accept));
  }

  @Get(':updateId')
  @Staff('coordinator', 'admin')
  @ApiOperation({ summary: 'Delivery progress of one update' })
  @ApiOkResponse({ type: UpdateResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiQuery(LANG_QUERY)
  progress(
    @Param('id', uuid) campaignId: string,
    @Param('updateId', uuid) updateId: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') accept: string | undefined,
  ): Promise<UpdateResponse> {
    return this.updates.progress(campaignId, updateId, readerLanguage(lang, accept));
  }
}
