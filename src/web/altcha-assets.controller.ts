import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * altcha-lib's own solver, served from our origin for the donation form's proof-of-work challenge (no script from
 * another host): the browser parts of its ES modules, under the same relative paths, so their imports resolve.
 * The package's exports name only its entry points, so its folder is found from the CommonJS one.
 */
const ALTCHA_ESM = join(dirname(createRequire(import.meta.url).resolve('altcha-lib')), '../../esm/v2');
const FILES = ['pow.js', 'helpers.js', 'types.js', 'workers/shared.js', 'algorithms/web/sha.js'];
const ALTCHA = new Map(FILES.map((path) => [path, readFileSync(join(ALTCHA_ESM, path))]));
// The worker give.js starts: altcha-lib's worker loop with its Web Crypto SHA-256 (its ready-made workers import
// the Node version), the algorithm of the challenges DonationChallengeService makes.
ALTCHA.set(
  'worker.js',
  Buffer.from(`import { deriveKey } from './algorithms/web/sha.js';
import { handler } from './workers/shared.js';
handler({ deriveKey });
`),
);

@ApiExcludeController()
@Controller('assets/altcha')
export class AltchaAssetsController {
  @Get('*')
  asset(@Param('*') path: string, @Res() reply: FastifyReply): void {
    const body = ALTCHA.get(path);
    if (!body) throw new NotFoundException(`asset altcha/${path} was not found`);
    void reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(body);
  }
}
