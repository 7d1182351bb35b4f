import { Controller, Get, Header, Headers, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { isValidUnsubscribeToken } from './unsubscribe-token.js';
import { readerLanguage } from '../common/language.js';
import type { Language } from '../common/money-format.js';
import { isUuid } from '../common/uuid.js';
import { DonorsService } from '../donations/donors.service.js';

/** The unsubscribe pages' words, in the language of the email the link came in (`?lang=`), else the browser's. */
const TEXT: Record<Language, { invalidTitle: string; invalid: string; confirmTitle: string; confirm: string; button: string; doneTitle: string; done: string }> = {
  en: {
    invalidTitle: 'This link is not valid',
    invalid: 'This unsubscribe link is not valid or has been altered. Please use the link from your most recent email.',
    confirmTitle: 'Stop progress updates?',
    confirm: 'You will no longer receive news from the campaigns you gave to. Receipts for your gifts are still sent.',
    button: 'Unsubscribe',
    doneTitle: 'You are unsubscribed',
    done: 'You will receive no more progress updates. Receipts for your gifts are still sent.',
  },
  ja: {
    invalidTitle: 'このリンクは無効です',
    invalid: 'この配信停止リンクは無効か、書き換えられています。最新のメールにあるリンクをお使いください。',
    confirmTitle: '活動報告の配信を停止しますか？',
    confirm: 'ご寄付いただいたキャンペーンからの活動報告が届かなくなります。ご寄付の領収書は引き続きお送りします。',
    button: '配信を停止する',
    doneTitle: '配信を停止しました',
    done: '今後、活動報告はお送りしません。ご寄付の領収書は引き続きお送りします。',
  },
};

function page(language: Language, title: string, body: string): string {
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title>
<link rel="stylesheet" href="/assets/site.css"><link rel="icon" href="data:,"></head>
<body class="plain"><main><h1>${title}</h1>${body}</main></body></html>`;
}

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
  @ApiQuery({ name: 'lang', required: false, enum: ['ja', 'en'] })
  @ApiProduces('text/html')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiBadRequestResponse({ description: 'Forged or altered link', schema: { type: 'string' } })
  confirm(
    @Query('donor') donor: string,
    @Query('token') token: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    const language = readerLanguage(lang, acceptLanguage);
    const text = TEXT[language];
    if (!this.valid(donor, token)) return this.invalid(reply, language);
    const action = `/unsubscribe?donor=${encodeURIComponent(donor)}&amp;token=${encodeURIComponent(token)}&amp;lang=${language}`;
    return page(language, text.confirmTitle, `<p>${text.confirm}</p>\n<form method="post" action="${action}"><button type="submit">${text.button}</button></form>`);
  }

  @Post()
  @HttpCode(200)
  @Header('content-type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'Unsubscribe from progress updates (one-click, as List-Unsubscribe-Post)' })
  @ApiQuery({ name: 'donor', required: true })
  @ApiQuery({ name: 'token', required: true })
  @ApiQuery({ name: 'lang', required: false, enum: ['ja', 'en'] })
  @ApiProduces('text/html')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiBadRequestResponse({ description: 'Forged or altered link; nothing changes', schema: { type: 'string' } })
  async unsubscribe(
    @Query('donor') donor: string,
    @Query('token') token: string,
    @Query('lang') lang: unknown,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const language = readerLanguage(lang, acceptLanguage);
    if (!this.valid(donor, token)) return this.invalid(reply, language);
    await this.donors.markUnsubscribed(donor);
    return page(language, TEXT[language].doneTitle, `<p>${TEXT[language].done}</p>`);
  }

  private valid(donor: string | undefined, token: string | undefined): boolean {
    return typeof donor === 'string' && isUuid(donor) && typeof token === 'string' && isValidUnsubscribeToken(this.config, donor, token);
  }

  private invalid(reply: FastifyReply, language: Language): string {
    void reply.status(400);
    return page(language, TEXT[language].invalidTitle, `<p>${TEXT[language].invalid}</p>`);
  }
}
