/** The totals-read baseline: a bare Fastify server answering one constant JSON body, on PORT. */
import Fastify from 'fastify';

const body = { currency: 'jpy', goalAmount: 100000000, raisedAmount: 31415900, donationCount: 10472, donorCount: 9981 };
const server = Fastify({ logger: false });
server.get('/api/campaigns/:id/totals', async () => body);
await server.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
