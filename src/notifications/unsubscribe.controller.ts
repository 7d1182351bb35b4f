import { Controller, Get, Header, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { isValidUnsubscribeToken } from './unsubscribe-token.js';
import { isUuid } from '../common/uuid.js';
import { DonorsService } from '../donations/donors.service.js';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<link rel="stylesheet" href="/assets/site.css"><link rel="icon" href="data:,"></head>
<body class="plain"><main><h1>${title}</h1>${body}</main></body></html>`;
}

const INVALID = page('This link is not valid', '<p>This unsubscribe link is not valid or has been altered. Please use the link from your most recent email.</p>');

/** One-click unsubscribe (RFC 8058): GET shows a confirmation page, POST unsubscribes. Receipts still go out. */
@ApiTags('updates')
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly donors: DonorsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'Page that confirms unsubscribing from progress updates' })
  @ApiQuery({ name: 'donor', required: true })
  @ApiQuery({ name: 'token', required: true })
  @ApiProduces('text/html')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiBadRequestResponse({ description: 'Forged or altered link', schema: { type: 'string' } })
  confirm(@Query('donor') donor: string, @Query('token') token: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    if (!this.valid(donor, token)) return this.invalid(reply);
    const action = `/unsubscribe?donor=${encodeURIComponent(donor)}&amp;token=${encodeURIComponent(token)}`;
    return page(
      'Stop progress updates?',
      `<p>You will no longer receive news from the campaigns you gave to. Receipts for your gifts are still sent.</p>
<form method="post" action="${action}"><button type="submit">Unsubscribe</button></form>`,
    );
  }

  @Post()
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'Unsubscribe from progress updates (one-click, as List-Unsubscribe-Post)' })
  @ApiQuery({ name: 'donor', required: true })
  @ApiQuery({ name: 'token', required: true })
  @ApiProduces('text/html')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiBadRequestResponse({ description: 'Forged or altered link; nothing changes', schema: { type: 'string' } })
  async unsubscribe(@Query('donor') donor: string, @Query('token') token: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!this.valid(donor, token)) return this.invalid(reply);
    await this.donors.markUnsubscribed(donor);
    return page('You are unsubscribed', '<p>You will receive no more progress updates. Receipts for your gifts are still sent.</p>');
  }

  private valid(donor: string | undefined, token: string | undefined): boolean {
    return typeof donor === 'string' && isUuid(donor) && typeof token === 'string' && isValidUnsubscribeToken(this.config, donor, token);
  }

  private invalid(reply: FastifyReply): string {
    void reply.status(400);
    return INVALID;
  }
}
