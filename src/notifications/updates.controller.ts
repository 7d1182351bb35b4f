import { BadRequestException, Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Staff } from '../auth/staff.decorator.js';
import type { StaffPrincipal } from '../auth/token.service.js';
import { CampaignAccessService } from '../campaigns/campaign-access.service.js';
import { AuditLogService } from '../users/audit-log.service.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { PostUpdateRequest, PublicUpdate, UpdateResponse } from './dto/update.dto.js';
import { UpdatesService } from './updates.service.js';

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
  @ApiOperation({ summary: 'Post a progress update: it is emailed to every donor of the campaign who opted in' })
  @ApiCreatedResponse({ type: UpdateResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The campaign is a draft' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'A coordinator not assigned to the campaign' })
  async post(@Param('id', uuid) campaignId: string, @Body() body: PostUpdateRequest, @CurrentStaff() staff: StaffPrincipal): Promise<UpdateResponse> {
    await this.access.assertManages(staff, campaignId);
    const update = await this.updates.post(campaignId, body.title, body.body);
    await this.audit.record(staff, 'update.posted', { type: 'update', id: update.id }, { campaignId, title: body.title });
    return update;
  }

  @Get()
  @ApiOperation({ summary: "A campaign's updates, newest first" })
  @ApiOkResponse({ type: PublicUpdate, isArray: true })
  list(@Param('id', uuid) campaignId: string): Promise<PublicUpdate[]> {
    return this.updates.list(campaignId);
  }

  @Get(':updateId')
  @Staff('coordinator', 'admin')
  @ApiOperation({ summary: 'Delivery progress of one update' })
  @ApiOkResponse({ type: UpdateResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  progress(@Param('id', uuid) campaignId: string, @Param('updateId', uuid) updateId: string): Promise<UpdateResponse> {
    return this.updates.progress(campaignId, updateId);
  }
}
