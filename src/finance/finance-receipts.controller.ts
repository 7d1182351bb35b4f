import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { Staff } from '../auth/staff.decorator.js';
import { ErrorResponse } from '../common/error-response.dto.js';
import { ReceiptRegisterService } from '../notifications/receipt-register.service.js';
import { UTF8_BOM } from './csv.js';
import { CSV_OK, sendCsv } from './csv-reply.js';
import { PeriodQuery } from './dto/finance-reports.dto.js';
import { type Period, parsePeriod } from './period.js';
import { REGISTER_HEADER, registerRow } from './receipt-register-csv.js';

function periodName(period: Period): string {
  const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : 'all');
  return `${day(period.from)}_${day(period.to)}`;
}

@ApiTags('finance')
@Controller('api/finance')
@Staff('finance', 'admin')
export class FinanceReceiptsController {
  constructor(private readonly register: ReceiptRegisterService) {}

  @Get('receipts.csv')
  @ApiOperation({
    summary: 'The receipt register: every receipt, correction, cancellation, reissue and annual receipt issued in the period (to exclusive), oldest first, streamed',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV_OK)
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Malformed from or to' })
  csv(@Query() query: PeriodQuery, @Res() reply: FastifyReply): FastifyReply {
    const period = parsePeriod(query);
    return sendCsv(reply, `kizuna-receipts-${periodName(period)}.csv`, Readable.from(this.csvLines(period)));
  }

  @Get('receipts.zip')
  @ApiOperation({ summary: 'Every receipt PDF issued in the period (<number>.pdf), rendered as issued, and the register as register.csv; streamed' })
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'A ZIP archive', schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Malformed from or to' })
  zip(@Query() query: PeriodQuery, @Res() reply: FastifyReply): FastifyReply {
    const period = parsePeriod(query);
    const zip = new yazl.ZipFile();
    void this.fill(zip, period).catch((error: Error) => (zip.outputStream as Readable).destroy(error));
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="kizuna-receipts-${periodName(period)}.zip"`)
      .header('cache-control', 'no-store')
      .send(zip.outputStream);
  }

  private async *csvLines(period: Period): AsyncGenerator<string> {
    yield UTF8_BOM + REGISTER_HEADER;
    for await (const page of this.register.pages(period.from, period.to)) yield page.map(registerRow).join('');
  }

  /** One PDF at a time, each added as soon as it is rendered; the register's CSV last, made of the same rows. */
  private async fill(zip: yazl.ZipFile, period: Period): Promise<void> {
    let csv = UTF8_BOM + REGISTER_HEADER;
    for await (const page of this.register.pages(period.from, period.to)) {
      for (const entry of page) {
        zip.addBuffer(await entry.pdf(), `${entry.number}.pdf`, { compress: false });
        csv += registerRow(entry);
      }
    }
    zip.addBuffer(Buffer.from(csv, 'utf8'), 'register.csv');
    zip.end();
  }
}
