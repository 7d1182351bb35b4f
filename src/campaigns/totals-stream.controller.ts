import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import { ErrorResponse } from '../common/error-response.dto.js';
import { CampaignError } from './campaign.errors.js';
import { PublicTotalsCache } from './public-totals.cache.js';
import { HEARTBEAT_MS, TotalsStreamHub } from './totals-stream.hub.js';

const STREAM_HEADERS: OutgoingHttpHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  // no-transform: a proxy that compresses would hold events back to fill its buffers.
  'cache-control': 'no-store, no-transform',
  // nginx buffers proxied responses unless told not to.
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};

@ApiTags('campaigns')
@Controller('api/campaigns')
export class TotalsStreamController {
  constructor(
    private readonly publicTotals: PublicTotalsCache,
    private readonly hub: TotalsStreamHub,
  ) {}

  @Get(':id/totals/stream')
  @ApiOperation({
    summary: 'Live public totals as Server-Sent Events (for EventSource)',
    description: `An \`event: totals\` whose data is the public totals JSON (as GET /api/campaigns/{id}/totals) at once, then after each change, at most one a second. A comment line every ${HEARTBEAT_MS / 1000} s keeps proxies from closing the stream, and a \`retry:\` line tells the browser when to reconnect. When it answers 503 or keeps failing, poll GET /api/campaigns/{id}/totals instead.`,
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'The stream, open until the client leaves',
    content: {
      'text/event-stream': {
        schema: { type: 'string', example: 'retry: 3000\n\nevent: totals\ndata: {"currency":"jpy","goalAmount":1000000,"raisedAmount":3000,"donationCount":1,"donorCount":1}\n\n' },
      },
    },
  })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such campaign, or a draft' })
  @ApiServiceUnavailableResponse({ type: ErrorResponse, description: 'This API process already streams to SSE_MAX_WATCHERS clients (too_many_watchers)' })
  async stream(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { campaign } = await this.publicTotals.get(id);
    if (!this.hub.hasRoom()) {
      throw new CampaignError('unavailable', 'too_many_watchers', 'Too many live totals streams on this server: poll GET /api/campaigns/{id}/totals instead');
    }
    // The response is written by hand from here on: Fastify's serialisation and hooks do not apply to a stream.
    reply.hijack();
    const headers = { ...reply.getHeaders(), ...STREAM_HEADERS, 'x-request-id': request.id } as OutgoingHttpHeaders;
    await this.hub.watch(campaign.id, reply.raw, headers);
  }
}
