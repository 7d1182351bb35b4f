import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { WEBHOOK_SECRET, sdkFor, startEmulator, startReceiver } from './support.js';

const webhooks = new Stripe('sk_test_emulator').webhooks;

function countInversions(order: number[]): number {
  let inversions = 0;
  for (let i = 0; i < order.length; i++) for (let j = i + 1; j < order.length; j++) if (order[i] > order[j]) inversions++;
  return inversions;
}

describe('webhook delivery', () => {
  it('signs each delivery as Stripe does, verifiable with stripe.webhooks.constructEvent', async () => {
    const receiver = await startReceiver();
    const emulator = await startEmulator({ webhookUrl: receiver.url });
    try {
      const intent = await sdkFor(emulator).paymentIntents.create({ amount: 2500, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true });
      await emulator.idle();
      const types = receiver.deliveries.map((delivery) => delivery.event.type);
      expect(types.sort()).toEqual(['balance.available', 'charge.succeeded', 'payment_intent.created', 'payment_intent.succeeded']);
      for (const delivery of receiver.deliveries) {
        expect(delivery.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
        expect(delivery.contentType).toBe('application/json; charset=utf-8');
        const event = webhooks.constructEvent(delivery.body, delivery.signature, WEBHOOK_SECRET);
        expect(event.id).toBe(delivery.event.id);
      }
      const delivery = receiver.deliveries.find((candidate) => candidate.event.type === 'payment_intent.succeeded')!;
      const succeeded = webhooks.constructEvent(delivery.body, delivery.signature, WEBHOOK_SECRET);
      expect((succeeded.data.object as Stripe.PaymentIntent).id).toBe(intent.id);
      expect(() => webhooks.constructEvent(receiver.deliveries[0].body.replace('"livemode": false', '"livemode": true'), receiver.deliveries[0].signature, WEBHOOK_SECRET)).toThrow(
        Stripe.errors.StripeSignatureVerificationError,
      );
      expect(() => webhooks.constructEvent(receiver.deliveries[0].body, receiver.deliveries[0].signature, 'whsec_other')).toThrow();
    } finally {
      await emulator.close();
      await receiver.close();
    }
  });

  it('retries with growing delays until the endpoint answers 2xx, and idle() waits for that', async () => {
    const times: number[] = [];
    const receiver = await startReceiver((attempt) => {
      times.push(Date.now());
      return attempt <= 2 ? 500 : 200;
    });
    const emulator = await startEmulator({ webhookUrl: receiver.url });
    try {
      await sdkFor(emulator).paymentIntents.create({ amount: 1000, currency: 'usd' });
      await emulator.idle();
      expect(receiver.deliveries).toHaveLength(3);
      expect(new Set(receiver.deliveries.map((delivery) => delivery.event.id)).size).toBe(1);
      expect(times[1] - times[0]).toBeGreaterThanOrEqual(90);
      expect(times[2] - times[1]).toBeGreaterThanOrEqual(180);
      expect((await sdkFor(emulator).events.retrieve(receiver.deliveries[0].event.id)).pending_webhooks).toBe(0);
    } finally {
      await emulator.close();
      await receiver.close();
    }
  });

  it('does not wait for one delivery before sending the next', async () => {
    const arrived: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        arrived.push(JSON.parse(Buffer.concat(chunks).toString()).id);
        if (arrived.length === 1) void firstHeld.then(() => response.writeHead(200).end());
        else response.writeHead(200).end();
        if (arrived.length === 10) releaseFirst();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const emulator = await startEmulator({ webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
    try {
      const stripe = sdkFor(emulator);
      for (let i = 0; i < 10; i++) await stripe.paymentIntents.create({ amount: 1000 + i, currency: 'usd' });
      await emulator.idle();
      expect(arrived).toHaveLength(10);
      expect(new Set(arrived).size).toBe(10);
    } finally {
      await emulator.close();
      server.closeAllConnections();
      server.close();
    }
  });

  it('delivers every event `duplicates` times', async () => {
    const receiver = await startReceiver();
    const emulator = await startEmulator({ webhookUrl: receiver.url, duplicates: 3 });
    try {
      await sdkFor(emulator).paymentIntents.create({ amount: 2500, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true });
      await emulator.idle();
      const events = emulator.events();
      expect(events).toHaveLength(4);
      expect(receiver.deliveries).toHaveLength(12);
      for (const event of events) expect(receiver.deliveries.filter((delivery) => delivery.event.id === event.id)).toHaveLength(3);
    } finally {
      await emulator.close();
      await receiver.close();
    }
  });

  it('shuffles the delivery order when asked', async () => {
    const receiver = await startReceiver();
    const emulator = await startEmulator({ webhookUrl: receiver.url, shuffle: true });
    try {
      const stripe = sdkFor(emulator);
      // In parallel, so that all 50 events fall within one shuffle window.
      await Promise.all([...Array(50).keys()].map((i) => stripe.paymentIntents.create({ amount: 1000 + i, currency: 'usd' })));
      await emulator.idle();
      const creationOrder = new Map(emulator.events().map((event, index) => [event.id, index]));
      const arrivalOrder = receiver.deliveries.map((delivery) => creationOrder.get(delivery.event.id) as number);
      expect(arrivalOrder).toHaveLength(50);
      expect([...arrivalOrder].sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
      // A random order of 50 has about 612 inversions (out of 1225); concurrency jitter alone gives a handful.
      expect(countInversions(arrivalOrder)).toBeGreaterThan(150);
    } finally {
      await emulator.close();
      await receiver.close();
    }
  });

  it('sends nothing without a URL, switches URL on request, and has HTTP controls for other processes', async () => {
    const receiver = await startReceiver();
    const emulator = await startEmulator();
    try {
      const stripe = sdkFor(emulator);
      await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
      const switched = await fetch(`${emulator.url}/_emulator/webhook-url`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: receiver.url }),
      });
      expect(switched.status).toBe(200);
      const later = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd' });
      const idle = await fetch(`${emulator.url}/_emulator/idle`);
      expect(await idle.json()).toEqual({ idle: true });
      expect(receiver.deliveries.map((delivery) => (delivery.event as any).data.object.id)).toEqual([later.id]);
      const events = (await (await fetch(`${emulator.url}/_emulator/events`)).json()) as { data: Array<{ type: string }> };
      expect(events.data.map((event) => event.type)).toEqual(['payment_intent.created', 'payment_intent.created']);
      expect(await (await fetch(`${emulator.url}/health`)).json()).toEqual({ status: 'ok' });
    } finally {
      await emulator.close();
      await receiver.close();
    }
  });
});
