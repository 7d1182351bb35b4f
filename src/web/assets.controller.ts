import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { readdirSync, readFileSync } from 'node:fs';
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

/** The pages' stylesheet and scripts. */
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
