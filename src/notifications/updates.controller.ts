import { BadRequestException, Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Staff } from '../auth/staff.decorator.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { PostUpdateRequest, PublicUpdate, UpdateResponse } from './dto/update.dto.js';
import { UpdatesService } from './updates.service.js';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id must be a UUID') });

@ApiTags('updates')
@Controller('api/campaigns/:id/updates')
export class UpdatesController {
  constructor(private readonly updates: UpdatesService) {}

  @Post()
  @Staff('coordinator', 'admin')
  @ApiOperation({ summary: 'Post a progress update: it is emailed to every donor of the campaign who opted in' })
  @ApiCreatedResponse({ type: UpdateResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The campaign is a draft' })
  post(@Param('id', uuid) campaignId: string, @Body() body: PostUpdateRequest): Promise<UpdateResponse> {
    return this.updates.post(campaignId, body.title, body.body);
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
