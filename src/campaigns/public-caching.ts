import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Public reads may be kept by a CDN or a browser for a second, and served a second past that while one request
 * fetches the new ones: a page shows totals at most about a second old, and a surge of readers costs the API about
 * one request per second per URL and cache.
 */
const PUBLIC_CACHE_CONTROL = 'public, max-age=1, stale-while-revalidate=1';
/** Anything read with a token: what a staff member sees must never land in a shared cache. */
const PRIVATE_CACHE_CONTROL = 'private, no-store';

/** A strong validator: the same bytes always give the same tag, different bytes (almost surely) another one. */
function strongEtag(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** If-None-Match compares weakly (RFC 9110 13.1.2): `W/"x"` matches `"x"`, and `*` matches any. */
function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * Sends a JSON body. A public read (no Authorization header, the public view) gets PUBLIC_CACHE_CONTROL and an ETag,
 * and a 304 without the body when the caller already holds it; a read with a token gets PRIVATE_CACHE_CONTROL.
 */
export function sendJson(request: FastifyRequest, reply: FastifyReply, value: unknown, isPublic: boolean, byLanguage = false): FastifyReply {
  const body = JSON.stringify(value);
  void reply.type('application/json; charset=utf-8');
  if (!isPublic || request.headers.authorization !== undefined) return reply.header('cache-control', PRIVATE_CACHE_CONTROL).send(body);
  const etag = strongEtag(body);
  // Authorization changes what these routes answer, so a shared cache must not hand a public copy to a staff member;
  // where Accept-Language picks the text, a Japanese reader must not get an English reader's copy either.
  void reply
    .header('cache-control', PUBLIC_CACHE_CONTROL)
    .header('etag', etag)
    .header('vary', byLanguage ? 'Authorization, Accept-Language' : 'Authorization');
  if (noneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.send(body);
}
