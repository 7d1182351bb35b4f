import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** Far deeper than any body Kizuna takes; the validation libraries recurse, and thousands of levels overflow the stack (a 500). */
const MAX_BODY_DEPTH = 32;

/** The path of the first string holding a NUL character, which PostgreSQL cannot store in text (the query failed with a 500). */
function fieldWithNul(value: unknown, name: string): string | undefined {
  const pending: [unknown, string][] = [[value, name]];
  while (pending.length) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string' && item.includes('\u0000')) return path;
    if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) pending.push([child, path ? `${path}.${key}` : key]);
    }
  }
  return undefined;
}

function deeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

function messages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      error.constraints?.whitelistValidation ? `${path} is not an allowed field` : text.replace(error.property, path),
    );
    return [...own, ...messages(error.children ?? [], path)];
  });
}

/**
 * Every body Kizuna takes is a JSON object. Nest would read a JSON null as an empty object (a PATCH then
 * succeeds doing nothing), and class-transformer recurses into whatever nesting it is sent. No input, body,
 * query or path, may carry a NUL character.
 */
class RequestShapePipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && value !== undefined) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BadRequestException('the request body must be a JSON object');
      if (deeperThan(value, MAX_BODY_DEPTH)) throw new BadRequestException(`the request body is nested too deeply (more than ${MAX_BODY_DEPTH} levels)`);
    }
    if (metadata.type !== 'custom') {
      const field = fieldWithNul(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (field !== undefined) throw new BadRequestException(`${field || metadata.type} must not contain NUL characters`);
    }
    return super.transform(value, metadata);
  }
}

/**
 * Rejects unknown fields and wrong types; every message starts with the field it is about. One message per
 * field: class-validator runs the decorator nearest the property first, so DTOs put the type check there.
 */
export function createValidationPipe(): ValidationPipe {
  return new RequestShapePipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new BadRequestException(messages(errors).join('; ')),
  });
}
