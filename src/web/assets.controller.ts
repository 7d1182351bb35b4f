import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

// The build copies src/web/assets next to the compiled module; read once, served from memory.
const ASSETS_DIR = new URL('./assets/', import.meta.url);
const ASSETS = new Map(
  readdirSync(ASSETS_DIR)
    .filter((name) => TYPES[extname(name)])
    .map((name) => [name, { body: readFileSync(new URL(name, ASSETS_DIR)), type: TYPES[extname(name)] }]),
);

// The scripts share code with the server, compiled to modules without imports: money formatting
// (src/common/money-format.ts), the prefecture of a postal code (src/common/postal-prefecture.ts) and the postal-code
// rule of a tax receipt (src/donations/postal-code.ts), served as /assets/<name>.js. Next to this module in dist/;
// from src/ (the tests run the sources through ts-jest) the compiled copy is dist's, which npm test builds first.
const SHARED_MODULES = ['common/money-format.js', 'common/postal-prefecture.js', 'donations/postal-code.js'];
for (const path of SHARED_MODULES) {
  const compiled = [new URL(`../${path}`, import.meta.url), new URL(`../../dist/src/${path}`, import.meta.url)].find((url) => existsSync(url));
  if (!compiled) throw new Error(`the compiled src/${path.replace(/\.js$/, '.ts')} (dist/src/${path}) is missing: run npm run build`);
  ASSETS.set(path.split('/')[1], {
    // Without its source map comment: the map is not served.
    body: Buffer.from(readFileSync(compiled, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n')),
    type: TYPES['.js'],
  });
}

/** The pages' stylesheet and scripts, and the code they share with the server. */
@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  @Get(':name')
  asset(@Param('name') name: string, @Res() reply: FastifyReply): void {
    const asset = ASSETS.get(name);
    if (!asset) throw new NotFoundException(`asset ${name} was not found`);
    void reply.header('content-type', asset.type).header('cache-control', 'public, max-age=300').send(asset.body);
  }
}
