import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffPrincipal } from '../auth/token.service.js';
import { errorBody } from '../common/http-exception.filter.js';
import { AuthError } from '../auth/auth.errors.js';
import type { QueueProducer } from './queue-producer.service.js';
import { QueueName } from './queue.registry.js';

const BULL_BOARD_PATH = '/admin/queues';

/** The token from `Authorization: Bearer …`, or from the HttpOnly `kizuna_token` cookie the login sets for admins. */
function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const cookie = request.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith('kizuna_token='));
  return cookie ? decodeURIComponent(cookie.slice('kizuna_token='.length)) : undefined;
}

/** Bull Board (queues, failed jobs, retries) for admins only. */
export async function registerBullBoard(fastify: FastifyInstance, producer: QueueProducer, authenticate: (token: string) => Promise<StaffPrincipal>): Promise<void> {
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: Object.values(QueueName).map((name) => new BullMQAdapter(producer.queue(name))), serverAdapter });
  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        const token = tokenOf(request);
        if (!token) throw new AuthError('unauthenticated', 'missing_token', 'Bull Board needs an admin access token (Authorization: Bearer … or the kizuna_token cookie)');
        if ((await authenticate(token)).role !== 'admin') throw new AuthError('forbidden', 'wrong_role', 'Bull Board is for admin accounts');
      } catch (error) {
        const body = errorBody(error);
        return reply.status(body.statusCode).send(body);
      }
    });
    await scope.register(serverAdapter.registerPlugin() as never, { prefix: BULL_BOARD_PATH });
  });
}
