import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';

/** The OpenAPI description of every CSV the finance routes send. */
export const CSV_OK = { description: 'UTF-8 CSV with a BOM and CRLF line ends; amounts in major units beside their currency', schema: { type: 'string' } };

export function sendCsv(reply: FastifyReply, filename: string, body: string | Readable): FastifyReply {
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(body);
}
